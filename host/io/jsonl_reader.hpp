// Streaming JSON Lines reader (simdjson On-Demand) that accepts the common
// Stack Overflow schemas without configuration: qclass's normalized one, the
// Stack Exchange API's, BigQuery's export and dump-style PascalCase.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/post.hpp"

namespace qc {

enum class on_error { fail, skip };

struct reader_options {
  std::string label_field = "labels";  // --label-field: array of strings or a string
  on_error errors = on_error::fail;    // --on-error fail|skip
  // Called for each record skipped under on_error::skip, in input order,
  // with its 1-based line and the reason ("file:line: ..." as in the error).
  std::function<void(std::size_t line, const std::string& message)> on_skip;
};

struct read_stats {
  std::size_t records = 0;  // posts delivered
  std::size_t skipped = 0;  // bad records skipped under on_error::skip
  std::size_t blank_lines = 0;
  std::size_t bytes = 0;                  // input bytes consumed
  std::vector<std::string> skip_reasons;  // the first few, "file:line: reason"
};

// Reads posts from one JSONL file ("-" is standard input) in batches, with
// bounded memory. Bad records throw qc::parse_error naming file and line, or
// are skipped and counted under on_error::skip.
class jsonl_reader {
 public:
  jsonl_reader(std::string path, reader_options opts);  // throws io_error
  ~jsonl_reader();
  jsonl_reader(jsonl_reader&&) noexcept;
  jsonl_reader& operator=(jsonl_reader&&) noexcept;

  // Clears `out`, appends up to `max_posts` posts; false once the input is exhausted
  // and nothing was appended. `max_posts` 0 means no limit: the posts of the next
  // chunk (a few MiB of input). Under on_error::fail the posts before a bad record
  // are delivered first; the call after them throws. Under on_error::skip a call
  // reports (on_skip, stats) the skipped records before its last post and those
  // between its last post and the next batch's first one; the call that delivers
  // the input's last posts reports every skipped record after them too.
  bool next_batch(std::vector<post>& out, std::size_t max_posts);
  const read_stats& stats() const;
  const std::string& path() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Convenience: every post of a file.
std::vector<post> read_all_posts(const std::string& path, const reader_options& opts,
                                 read_stats* stats = nullptr);

}  // namespace qc
