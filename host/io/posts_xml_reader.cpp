// Questions of a Posts.xml, batched exactly like the JSONL reader: rows are
// scanned a few MiB at a time into ready posts and skip events, which
// next_batch hands out in input order. With 4 parsing threads or more, the
// reader's thread only delimits the rows it can (the scanner's plain rows,
// nearly all of a dump): the parsing threads parse them where they lie in
// the scanner's buffers, which the region holds until it is delivered. The
// other rows are parsed by the scanner and their attributes copied for the
// parsing threads.
#include "io/posts_xml_reader.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <utility>

#include "io/record_queue.hpp"
#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"

namespace qc {
namespace {

constexpr std::size_t region_bytes = std::size_t{1} << 20;  // input scanned per refill
constexpr std::size_t share_bytes = std::size_t{1} << 20;   // a region's bytes per parsing thread
// Parsing threads from which the reader's thread hands plain rows out
// unparsed. Handing out costs one more pass over every row (about 5% more
// CPU in all on a dump with answers); it pays where parsing one row at a
// time would hold the parsing threads back: per 290 MB, about 77 ms of
// scanning on the reader's thread become 29, and parsing on T threads
// takes about 900/T ms.
constexpr unsigned plain_row_threads = 4;

}  // namespace

std::string row_post_type(const dump_row& row, std::int64_t& type) {
  std::optional<std::int64_t> t;
  std::string reason = dump_int(row, dump_attr::post_type_id, t);
  if (!reason.empty()) return reason;
  if (!t) return "missing attribute 'PostTypeId'";
  type = *t;
  return {};
}

std::string question_from_row(const dump_row& row, post& p, std::string& scratch) {
  std::optional<std::int64_t> id;
  std::string reason = dump_int(row, dump_attr::id, id);
  if (!reason.empty()) return reason;
  if (!id) return "missing attribute 'Id'";
  p.id_json = std::to_string(*id);
  std::optional<std::int64_t> created_ms;
  if (!(reason = dump_time(row, dump_attr::creation_date, created_ms)).empty()) return reason;
  p.creation_time.reset();
  if (created_ms) {
    const std::int64_t ms = *created_ms;
    p.creation_time = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
  }
  if (!(reason = dump_int(row, dump_attr::accepted_answer_id, p.accepted_answer_id)).empty())
    return reason;
  if (!(reason = dump_int(row, dump_attr::answer_count, p.answer_count)).empty()) return reason;
  if (!(reason = dump_int(row, dump_attr::view_count, p.view_count)).empty()) return reason;
  if (!(reason = dump_int(row, dump_attr::score, p.score)).empty()) return reason;
  if (!(reason = dump_text(row, dump_attr::title, p.title)).empty()) return reason;
  if (!(reason = dump_text(row, dump_attr::body, p.body)).empty()) return reason;
  if (!(reason = dump_tags(row, p.tags, scratch)).empty()) return reason;
  p.body_is_html = true;
  p.labels.clear();
  p.accepted_answer_time.reset();
  p.line = row.line;
  return {};
}

namespace {

// A row the scanner found, kept for decoding on a parsing thread: a
// question's attribute bytes copied into the region's arena, a bad row's
// reason, or a plain row (take_plain_row), parsed on the parsing thread
// where it lies in a scanner buffer that the region holds.
struct held_row {
  std::size_t line = 0;
  std::size_t at = 0;  // where its bytes start in the arena
  std::size_t off[dump_attr_count] = {};
  std::size_t len[dump_attr_count] = {};  // SIZE_MAX: absent
  std::string_view plain;                 // a plain row's bytes, else empty
  std::uint64_t ends_at = 0;              // input bytes of the region through this row
  std::string error;                      // "" for a question to decode
  std::string id_json;                    // a bad row's id, when it reads

  // The row's attributes as views into `arena`.
  dump_row view(const std::string& arena) const {
    dump_row r;
    r.line = line;
    for (std::size_t a = 0; a < dump_attr_count; ++a)
      if (len[a] != SIZE_MAX) r.raw[a] = std::string_view(arena.data() + at + off[a], len[a]);
    return r;
  }
};

// Copies a question row's attribute bytes (one span, from its first
// attribute to its last) to the end of `arena`.
held_row hold_question(const dump_row& row, std::string& arena) {
  held_row h;
  h.line = row.line;
  const char* lo = nullptr;
  const char* hi = nullptr;
  for (std::size_t a = 0; a < dump_attr_count; ++a) {
    h.len[a] = SIZE_MAX;
    if (row.raw[a].data() == nullptr) continue;
    if (!lo || row.raw[a].data() < lo) lo = row.raw[a].data();
    if (!hi || row.raw[a].data() + row.raw[a].size() > hi)
      hi = row.raw[a].data() + row.raw[a].size();
  }
  h.at = arena.size();
  if (!lo) return h;
  for (std::size_t a = 0; a < dump_attr_count; ++a) {
    if (row.raw[a].data() == nullptr) continue;
    h.off[a] = static_cast<std::size_t>(row.raw[a].data() - lo);
    h.len[a] = row.raw[a].size();
  }
  arena.append(lo, static_cast<std::size_t>(hi - lo));
  return h;
}

// A bad row's id as JSON when it reads, else "".
std::string id_of(const dump_row& row) {
  std::optional<std::int64_t> id;
  return dump_int(row, dump_attr::id, id).empty() && id ? std::to_string(*id) : std::string();
}

// One share of a region's rows, decoded on its own thread into its own queue.
struct row_share : record_queue {
  const std::string* display = nullptr;
  std::string scratch;

  // A held row into this share's queue; `other` counts the plain rows of
  // other post types passed over.
  void decode(const held_row& h, const std::string& arena, std::size_t& other) {
    if (!h.plain.empty()) {
      decode_plain(h, other);
    } else if (!h.error.empty()) {
      record_queue::record_error(*display, h.line, h.error, h.id_json);
    } else {
      decode_question(h.view(arena));
    }
  }

 private:
  // A plain row as the scanner's next() and the reader's hold() would take it.
  void decode_plain(const held_row& h, std::size_t& other) {
    dump_row row;
    row.line = h.line;
    const posts_xml_scanner::plain_result r = posts_xml_scanner::parse_plain_row(h.plain, row);
    if (!r.reason.empty()) {
      record_queue::record_error(*display, h.line, r.reason);
      return;
    }
    std::int64_t type = 0;
    std::string reason = row_post_type(row, type);
    if (!reason.empty()) {
      record_queue::record_error(*display, h.line, reason, id_of(row));
    } else if (type != 1) {
      ++other;
    } else {
      decode_question(row);
    }
    if (!failure && !r.text.empty())
      record_queue::record_error(*display, h.line + r.text_lines, r.text);
  }

  void decode_question(const dump_row& row) {
    reuse_text(ready.emplace_back());
    std::string reason = question_from_row(row, ready.back(), scratch);
    if (reason.empty()) {
      prepare_last();
      return;
    }
    ready.pop_back();
    record_queue::record_error(*display, row.line, reason, id_of(row));
  }
};

}  // namespace

// One region of rows in flight: the rows to decode and their bytes,
// decoded in parts on the parsing threads.
struct xml_region {
  std::string arena;           // the bytes of the region's question rows that are not plain
  std::vector<held_row> held;  // the region's rows to decode, in input order
  std::vector<std::shared_ptr<const char[]>> buffers;  // those its plain rows lie in
  region_parts parts;
  std::atomic<std::size_t> other_rows{0};  // plain rows of other post types, counted by the parts
};

struct posts_xml_reader::impl : record_queue {
  std::string path;
  std::unique_ptr<posts_xml_scanner> scanner;
  dump_row row;
  bool plain_rows = false;  // hand plain rows to the parsing threads (plain_row_threads)

  // Regions in flight: while the parsing threads decode one, this thread
  // scans the next.
  region_pipeline<xml_region> regions;
  std::vector<std::unique_ptr<row_share>> shares;  // one per parsing thread
  std::unique_ptr<task_pool> pool;                 // last: its tasks use the above

  ~impl() { pool.reset(); }  // running tasks finish before the regions go

  // Keeps the scanned row: a question to decode, or a bad row. Returns
  // false when the row is bad and reading fails on a bad record.
  bool hold(posts_xml_scanner::status st, xml_region& job) {
    if (st == posts_xml_scanner::status::error) {
      job.held.push_back(held_row{});
      job.held.back().line = scanner->error_line();
      job.held.back().error = scanner->error_reason();
      return opts.errors != on_error::fail;
    }
    std::int64_t type = 0;
    std::string reason = row_post_type(row, type);
    if (reason.empty() && type != 1) {
      ++stats.other_rows;
      return true;
    }
    job.held.push_back(hold_question(row, job.arena));
    if (reason.empty()) return true;
    job.held.back().error = std::move(reason);
    job.held.back().id_json = id_of(row);
    return opts.errors != on_error::fail;
  }

  // Keeps a plain row for a parsing thread to parse, and its buffer.
  void hold_plain(const posts_xml_scanner::plain_row& pr, xml_region& job) {
    if (job.buffers.empty() || job.buffers.back().get() != scanner->buffer_data())
      job.buffers.push_back(scanner->share_buffer());
    held_row& h = job.held.emplace_back();
    h.line = pr.line;
    h.plain = pr.bytes;
  }

  // Scans the next region of rows into a job and queues its parts; false
  // when there was no row left.
  bool scan_next() {
    std::unique_ptr<xml_region> job = regions.fresh();
    job->held.clear();
    job->arena.clear();
    job->buffers.clear();
    job->other_rows = 0;
    const std::uint64_t start = scanner->bytes();
    bool any = false;
    const std::size_t region =
        std::max(region_bytes, share_bytes * resolve_threads(opts.parse_threads));
    // Room for a region's rows at once (kept when the job is reused), not
    // grown step by step into fresh pages.
    job->arena.reserve(region + region / 8);
    posts_xml_scanner::plain_row plain;
    while (!regions.started_all && scanner->bytes() - start < region) {
      const std::size_t held = job->held.size();
      if (plain_rows && scanner->take_plain_row(plain)) {
        any = true;
        hold_plain(plain, *job);
      } else {
        const posts_xml_scanner::status st = scanner->next(row);
        if (st == posts_xml_scanner::status::end) {
          regions.started_all = true;
        } else {
          any = true;
          if (!hold(st, *job)) regions.started_all = true;  // a bad row ends the reading
        }
      }
      if (job->held.size() > held) job->held.back().ends_at = scanner->bytes() - start;
    }
    stats.bytes = static_cast<std::size_t>(scanner->bytes());
    if (!any) {
      regions.spare = std::move(job);
      return false;
    }
    queue_parts(*job);
    regions.jobs.push_back(std::move(job));
    return true;
  }

  // One task per part of the region's rows, decoded by whichever thread takes it.
  void queue_parts(xml_region& job) {
    make_shares(opts, scanner->display(), pool, shares);
    job.parts.cuts = guided_cuts(job.held.size(), pool->size(), min_part_bytes, [&](std::size_t i) {
      return static_cast<std::size_t>(job.held[i].ends_at) + i;  // input bytes, plus one per row
    });
    job.parts.queue(*pool, shares, job.held.size(),
                    [&job](row_share& sh, std::size_t b, std::size_t e) {
                      std::size_t other = 0;
                      for (std::size_t i = b; i < e && !sh.failure; ++i)
                        sh.decode(job.held[i], job.arena, other);
                      job.other_rows.fetch_add(other, std::memory_order_relaxed);
                    });
  }

  // A decoded region into this queue, up to its first failure; false after one.
  bool deliver(xml_region& job) {
    job.parts.finish(*pool);
    stats.other_rows += job.other_rows.load(std::memory_order_relaxed);
    job.buffers.clear();  // the scanner may reuse them
    return job.parts.append_to(*this);
  }

  // Decodes the next region of rows; false once the input is exhausted.
  bool advance() {
    if (failure) return false;
    return regions.advance([this] { return scan_next(); },
                           [this](xml_region& job) { return deliver(job); });
  }
};

posts_xml_reader::posts_xml_reader(std::unique_ptr<byte_source> source, std::string path,
                                   reader_options opts)
    : impl_(std::make_unique<impl>()) {
  impl_->path = std::move(path);
  impl_->opts = std::move(opts);
  const unsigned threads = resolve_threads(impl_->opts.parse_threads);
  source->read_in_parallel(read_threads_for(threads));
  impl_->plain_rows = threads >= plain_row_threads;
  std::string display = source->display();
  impl_->scanner = std::make_unique<posts_xml_scanner>(std::move(source), std::move(display),
                                                       impl_->opts.max_record_bytes);
}

posts_xml_reader::posts_xml_reader(std::string path, reader_options opts)
    : posts_xml_reader(open_byte_source(path), path, std::move(opts)) {}

posts_xml_reader::posts_xml_reader(std::unique_ptr<byte_source> source, std::string path,
                                   reader_options opts, const range_span& span, std::string root)
    : posts_xml_reader(std::move(source), std::move(path), std::move(opts)) {
  impl_->scanner->start_range(span, std::move(root));
}

posts_xml_reader::~posts_xml_reader() = default;

// The delivery rules of record_queue::next_batch, as for jsonl_reader.
bool posts_xml_reader::next_batch(std::vector<post>& out, std::size_t max_posts) {
  impl& s = *impl_;
  return s.next_batch(out, max_posts, [&s] { return s.advance(); });
}

const read_stats& posts_xml_reader::stats() const { return impl_->stats; }
const std::string& posts_xml_reader::path() const { return impl_->path; }

}  // namespace qc
