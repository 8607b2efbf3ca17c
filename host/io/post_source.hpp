// Where posts come from: the reader interface every verb reads through, its
// options and statistics, and open_post_source(), which picks the reader for
// a file: JSON Lines, or a Stack Exchange data-dump Posts.xml (questions
// only), either of them plain or compressed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/post.hpp"

namespace qc {

enum class on_error { fail, skip };

// A part of an input file, bytes [begin, end): the records whose first byte
// falls in it (see io/byte_range.hpp). The default is the whole file.
struct byte_range {
  std::uint64_t begin = 0;
  std::uint64_t end = UINT64_MAX;
  bool whole() const noexcept { return begin == 0 && end == UINT64_MAX; }
};
// The largest record a reader accepts (a JSON Lines line, a Posts.xml row or
// other markup), in bytes; a longer one is a bad record (an error naming its
// line, or a counted skip), and the reader's memory stays within a few times
// this size. --max-record-size.
constexpr std::size_t default_max_record_bytes = std::size_t{64} << 20;

// Posts per batch (--batch): what the readers hand over at a time. The
// verbs that keep tokens intern each batch's distinct words once, so fewer,
// larger batches cost them less; bulk scoring has its own, smaller default
// (default_score_batch_posts). Outputs do not depend on it.
constexpr std::size_t default_batch_posts = 4096;

// The reason given for a record longer than `max_bytes`.
std::string record_too_long(std::size_t max_bytes);

struct reader_options {
  std::string label_field = "labels";  // --label-field: array of strings or a string
  on_error errors = on_error::fail;    // --on-error fail|skip
  std::size_t max_record_bytes = default_max_record_bytes;  // --max-record-size
  // Called for each record skipped under on_error::skip, in input order,
  // with its 1-based line and the reason ("file:line: ..." as in the error).
  std::function<void(std::size_t line, const std::string& message)> on_skip;
  // The same, with the record's id as raw JSON (123 or "abc") when it could
  // be read, else "", and the posts this reader delivered before it (the
  // record's place among them when several share a line, as Posts.xml rows
  // may); called after on_skip.
  std::function<void(std::size_t line, const std::string& id_json, const std::string& message,
                     std::size_t posts_before)>
      on_skip_record;
  // Threads parsing records (JSON Lines lines, Posts.xml rows) ahead of
  // delivery, each a share of every region read; 0: all hardware threads.
  // The posts, skips and errors are the same for every count.
  unsigned parse_threads = 1;
  // --byte-range: only the records that start in this part of the file
  // (plain files only; honored by open_post_source and read_all_posts).
  byte_range range;
  // Work on each post that need not wait for its batch, done on the parsing
  // thread right after the post is parsed, while its text is still in cache
  // (bulk scoring makes the post's term-matrix row there): prepare(post,
  // share), where share < resolve_threads(parse_threads) is the same for
  // every post a thread prepares during one region, so per-share state
  // needs no lock. The readers of open_post_source call it for every
  // post they deliver; other sources may not call it. When it sets
  // post::prepared the post's text is no longer needed: the reader takes
  // it back (title, body, tags and labels are delivered empty). Posts,
  // skips and errors are otherwise unchanged.
  std::function<void(post& p, unsigned share)> prepare;
  // Progress: called by for_each_post_batch (and the drivers that read
  // batches themselves) after each batch, with the posts delivered so far.
  std::function<void(std::uint64_t posts)> on_progress;
};

struct read_stats {
  std::size_t records = 0;  // posts delivered
  std::size_t skipped = 0;  // bad records skipped under on_error::skip
  std::size_t blank_lines = 0;
  std::size_t bytes = 0;                  // input bytes consumed (decompressed)
  std::vector<std::string> skip_reasons;  // the first few, "file:line: reason"
  // Posts.xml: well-formed rows that are not questions (answers, tag wikis,
  // ...), passed over without an error.
  std::size_t other_rows = 0;
};

// Adds `part`'s counts to `total`, keeping at most `max_reasons` skip reasons.
void add_read_stats(read_stats& total, const read_stats& part, std::size_t max_reasons = 20);

// A stream of posts read in batches, with bounded memory. Bad records throw
// qc::parse_error naming file and line, or are skipped and counted under
// on_error::skip.
class post_source {
 public:
  virtual ~post_source();

  // Clears `out`, appends up to `max_posts` posts; false once the input is exhausted
  // and nothing was appended. `max_posts` 0 means no limit: the posts of the next
  // chunk (a few MiB of input). Under on_error::fail the posts before a bad record
  // are delivered first; the call after them throws. Under on_error::skip a call
  // reports (on_skip, stats) the skipped records before its last post and those
  // between its last post and the next batch's first one; the call that delivers
  // the input's last posts reports every skipped record after them too.
  virtual bool next_batch(std::vector<post>& out, std::size_t max_posts) = 0;
  virtual const read_stats& stats() const = 0;
  virtual const std::string& path() const = 0;
};

enum class post_format { jsonl, posts_xml };

// Opens `path` ("-" is standard input), decompressing it if needed (see
// byte_source.hpp), and picks the reader: Posts.xml when the name ends in
// .xml (before any .gz/.bz2/.xz/.zst/.lz4/.7z) or the content starts with
// `<?xml` or `<posts` (after a BOM and white space), else JSON Lines.
// With opts.range (not the whole file), reads only the records that start
// in that byte range of a plain file (see byte_range.hpp). Throws io_error
// when the file cannot be opened, usage_error for a range of a compressed
// file, a pipe, or with START > END.
std::unique_ptr<post_source> open_post_source(const std::string& path, const reader_options& opts);

// The format open_post_source would pick for `path` (opens and peeks at it).
post_format detect_post_format(const std::string& path);

// Convenience: every post of a file.
std::vector<post> read_all_posts(const std::string& path, const reader_options& opts,
                                 read_stats* stats = nullptr);

// Opens one input as a post source (open_post_source for files).
using source_opener =
    std::function<std::unique_ptr<post_source>(const std::string& input, const reader_options&)>;

// Called for each batch: the posts (which it may move out), the index of the
// input they came from and the input bytes read so far over all inputs (for
// progress).
using post_batch_fn =
    std::function<void(std::vector<post>& batch, std::size_t file_index, std::size_t bytes)>;

// Reads the inputs in turn, each through `open` (empty: open_post_source),
// calling f for each batch of up to `batch_posts` posts; `file_done(i)`, when
// given, is called after input i is exhausted (every skipped record of it has
// been reported through opts.on_skip by then). Returns the statistics of all
// inputs together.
read_stats for_each_post_batch(const std::vector<std::string>& inputs, const reader_options& opts,
                               std::size_t batch_posts, const post_batch_fn& f,
                               const std::function<void(std::size_t)>& file_done = {},
                               const source_opener& open = {});

}  // namespace qc
