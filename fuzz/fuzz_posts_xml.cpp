// The Posts.xml scanner and reader on arbitrary bytes: every row the scanner
// returns is decoded as a question (attributes, entities, timestamps, tags);
// the scanner's plain rows give what next() gives, and the reader the same
// with one parsing thread and with four (plain rows parsed on them);
// under --on-error skip the reader never throws for a bad row.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "io/post.hpp"
#include "io/posts_xml_reader.hpp"
#include "io/posts_xml_scanner.hpp"
#include "xml_scan_transcript.hpp"

namespace {

void scan_rows(std::string_view bytes) {
  qc::posts_xml_scanner s(std::make_unique<qc_fuzz::memory_source>(bytes, 4093), "fuzz.xml",
                          std::size_t{2} << 10);
  qc::dump_row row;
  std::string scratch, json;
  for (;;) {
    const auto st = s.next(row);
    if (st == qc::posts_xml_scanner::status::end) break;
    if (st == qc::posts_xml_scanner::status::error) {
      if (s.error_reason().empty() || s.error_line() == 0) std::abort();
      continue;
    }
    qc::post p;
    (void)qc::question_from_row(row, p, scratch);
    json.clear();
    (void)qc::dump_text_json(row, qc::dump_attr::body, json);
    std::optional<std::int64_t> t;
    (void)qc::dump_time(row, qc::dump_attr::closed_date, t);
  }
}

// Rows, errors and bytes read, taking plain rows where offered and with
// next() alone, in a 2 KiB buffer: the same.
void scan_both_ways(std::string_view bytes) {
  auto open = [bytes] { return std::make_unique<qc_fuzz::memory_source>(bytes, 4093); };
  const std::size_t max_row = std::size_t{2} << 10;
  if (qc_test::xml_scan_transcript(open(), true, max_row) !=
      qc_test::xml_scan_transcript(open(), false, max_row))
    std::abort();
}

// What the reader gives, as text: each post's line and id, each skip's
// message, and the error that ended the reading.
std::string read_posts(std::string_view bytes, qc::on_error errors, unsigned threads) {
  std::string got;
  qc::reader_options o;
  o.errors = errors;
  o.max_record_bytes = std::size_t{64} << 10;
  o.parse_threads = threads;
  o.on_skip = [&got](std::size_t, const std::string& message) { got += message + "\n"; };
  try {
    qc::posts_xml_reader r(std::make_unique<qc_fuzz::memory_source>(bytes), "fuzz.xml", o);
    std::vector<qc::post> out;
    std::size_t posts = 0;
    while (r.next_batch(out, 2)) {
      posts += out.size();
      for (const qc::post& p : out) got += std::to_string(p.line) + " " + p.id_json + "\n";
    }
    if (posts != r.stats().records) std::abort();
  } catch (const qc::error& e) {
    got += std::string("thrown: ") + e.what() + "\n";
  }
  return got;
}

// One parsing thread (rows parsed by the scanner) and four (plain rows
// parsed on the parsing threads): the same posts, skips and error. (Skips
// are reported before the posts of their batch, alike in both.)
void read_both_ways(std::string_view bytes, qc::on_error errors) {
  if (read_posts(bytes, errors, 1) != read_posts(bytes, errors, 4)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = qc_fuzz::as_view(data, size);
  qc_fuzz::expecting_qc_errors([&] { scan_rows(bytes); });
  scan_both_ways(bytes);
  read_both_ways(bytes, qc::on_error::fail);
  read_both_ways(bytes, qc::on_error::skip);
  return 0;
}
