// Questions of a Posts.xml, batched exactly like the JSONL reader: rows are
// scanned a few MiB at a time into ready posts and skip events, which
// next_batch hands out in input order.
#include "io/posts_xml_reader.hpp"

#include <optional>
#include <utility>

#include "io/record_queue.hpp"
#include "qc/core/error.hpp"

namespace qc {
namespace {

constexpr std::size_t region_bytes = std::size_t{4} << 20;  // input scanned per refill

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

struct posts_xml_reader::impl : record_queue {
  std::string path;
  std::unique_ptr<posts_xml_scanner> scanner;
  bool exhausted = false;

  dump_row row;
  std::string scratch;

  void record_error(std::size_t line, const std::string& reason, std::string id_json = {}) {
    record_queue::record_error(scanner->display(), line, reason, std::move(id_json));
  }

  // Scans the next region of rows; false once the input is exhausted.
  bool advance() {
    if (exhausted) return false;
    const std::uint64_t start = scanner->bytes();
    bool any = false;
    while (!failure && scanner->bytes() - start < region_bytes) {
      const posts_xml_scanner::status st = scanner->next(row);
      if (st == posts_xml_scanner::status::end) {
        exhausted = true;
        break;
      }
      any = true;
      if (st == posts_xml_scanner::status::error) {
        record_error(scanner->error_line(), scanner->error_reason());
        continue;
      }
      std::int64_t type = 0;
      std::string reason = row_post_type(row, type);
      if (reason.empty() && type != 1) {
        ++stats.other_rows;
        continue;
      }
      if (reason.empty()) {
        ready.emplace_back();
        reason = question_from_row(row, ready.back(), scratch);
        if (!reason.empty()) ready.pop_back();
      }
      if (!reason.empty()) {
        std::optional<std::int64_t> id;  // a bad row keeps its id when it reads
        const bool id_ok = dump_int(row, dump_attr::id, id).empty() && id;
        record_error(row.line, std::move(reason), id_ok ? std::to_string(*id) : std::string());
      }
    }
    stats.bytes = static_cast<std::size_t>(scanner->bytes());
    return any || !ready.empty() || !skips.empty() || failure;
  }
};

posts_xml_reader::posts_xml_reader(std::unique_ptr<byte_source> source, std::string path,
                                   reader_options opts)
    : impl_(std::make_unique<impl>()) {
  impl_->path = std::move(path);
  impl_->opts = std::move(opts);
  std::string display = source->display();
  impl_->scanner = std::make_unique<posts_xml_scanner>(std::move(source), std::move(display));
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
