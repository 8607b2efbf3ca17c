// What a Posts.xml scanner makes of an input, as text: every row (its line
// and the raw attributes qclass uses) and every error (line and reason) in
// input order, then the bytes consumed; qclass's own exceptions end it with
// their message. Read with next() alone, or the way the Posts.xml reader
// reads: plain rows (take_plain_row, parse_plain_row) wherever the scanner
// offers one, next() elsewhere. The two transcripts of any input must be
// the same (the unit tests and fuzz_posts_xml check it).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include "io/byte_source.hpp"
#include "io/posts_xml_scanner.hpp"
#include "qc/core/error.hpp"

namespace qc_test {

inline void add_row_line(std::string& out, const qc::dump_row& row) {
  out += "row " + std::to_string(row.line);
  for (std::size_t a = 0; a < qc::dump_attr_count; ++a) {
    const auto attr = static_cast<qc::dump_attr>(a);
    if (row.has(attr))
      out += std::string(" ") + qc::dump_attr_name(attr) + "=" + std::string(row.get(attr));
  }
  out += "\n";
}

inline void add_error_line(std::string& out, std::size_t line, const std::string& reason) {
  out += "error " + std::to_string(line) + ": " + reason + "\n";
}

// A plain row as the reader's parsing threads take it.
inline void add_plain_row(std::string& out, const qc::posts_xml_scanner::plain_row& pr) {
  qc::dump_row row;
  row.line = pr.line;
  const qc::posts_xml_scanner::plain_result r =
      qc::posts_xml_scanner::parse_plain_row(pr.bytes, row);
  if (!r.reason.empty()) {
    add_error_line(out, pr.line, r.reason);
    return;
  }
  add_row_line(out, row);
  if (!r.text.empty()) add_error_line(out, pr.line + r.text_lines, r.text);
}

// The transcript of `source`; `plain`: take plain rows where offered. Rows
// and markup longer than max_row_bytes are errors (and the scanner's buffer
// is that long at most, so small values make it refill often).
inline std::string xml_scan_transcript(std::unique_ptr<qc::byte_source> source, bool plain,
                                       std::size_t max_row_bytes,
                                       std::size_t* plain_rows = nullptr) {
  std::string out;
  try {
    qc::posts_xml_scanner s(std::move(source), "t.xml", max_row_bytes);
    qc::dump_row row;
    qc::posts_xml_scanner::plain_row pr;
    for (;;) {
      if (plain && s.take_plain_row(pr)) {
        add_plain_row(out, pr);
        if (plain_rows) ++*plain_rows;
        continue;
      }
      const qc::posts_xml_scanner::status st = s.next(row);
      if (st == qc::posts_xml_scanner::status::end) break;
      if (st == qc::posts_xml_scanner::status::error) {
        add_error_line(out, s.error_line(), s.error_reason());
      } else {
        add_row_line(out, row);
      }
    }
    out += "bytes " + std::to_string(s.bytes()) + "\n";
  } catch (const qc::error& e) {
    out += std::string("thrown: ") + e.what() + "\n";
  }
  return out;
}

}  // namespace qc_test
