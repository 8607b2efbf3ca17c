// Streaming scanner of a Stack Exchange data-dump Posts.xml: one <row .../>
// at a time, its attributes as raw (still escaped) views, no DOM. It checks
// the document's structure (prolog, one root element, rows, quoting,
// '<' never inside a value) and reports a malformed row with its line, then
// resynchronizes (at the next '<'; after a bad row, at the next <row, root end
// tag or '<' that starts a line) so a caller can skip it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_range.hpp"
#include "io/byte_source.hpp"
#include "io/post_source.hpp"

namespace qc {

// The attributes qclass uses; the others (OwnerUserId, LastEditDate, ...) are
// checked for syntax and passed over.
enum class dump_attr : unsigned {
  id,
  post_type_id,
  parent_id,
  accepted_answer_id,
  creation_date,
  score,
  view_count,
  body,
  title,
  tags,
  answer_count,
  comment_count,
  favorite_count,
  closed_date,
  last_activity_date,
  count_
};
constexpr std::size_t dump_attr_count = static_cast<std::size_t>(dump_attr::count_);

// The attribute's name in the dump, e.g. "AcceptedAnswerId".
const char* dump_attr_name(dump_attr a) noexcept;

struct dump_row {
  std::size_t line = 0;  // 1-based line of the row's '<'
  // Raw attribute values, entities not yet decoded; valid until the
  // scanner's next call. Absent attributes are null views.
  std::string_view raw[dump_attr_count];

  bool has(dump_attr a) const noexcept {
    return raw[static_cast<std::size_t>(a)].data() != nullptr;
  }
  std::string_view get(dump_attr a) const noexcept { return raw[static_cast<std::size_t>(a)]; }
};

// Typed values of a row. Each returns "" on success, else the reason
// ("attribute 'Score': ..."); an absent attribute gives nullopt / empty.
std::string dump_int(const dump_row& r, dump_attr a, std::optional<std::int64_t>& out);
// A timestamp (CreationDate & co., 2014-01-21T20:26:05.383, taken as UTC) as
// milliseconds since the epoch; digits after the third decimal are dropped.
std::string dump_time(const dump_row& r, dump_attr a, std::optional<std::int64_t>& unix_ms);
// Decoded text (entities, UTF-8 checked).
std::string dump_text(const dump_row& r, dump_attr a, std::string& out);
// The same text appended to `out` as a JSON string literal, or null when
// the attribute is absent (one pass, for bulk conversion).
std::string dump_text_json(const dump_row& r, dump_attr a, std::string& out);
// Tags: "<a><b>" (classic dumps) or "|a|b|" (dumps since 2023), decoded.
std::string dump_tags(const dump_row& r, std::vector<std::string>& out, std::string& scratch);

// Milliseconds since the epoch to ISO 8601 UTC with three decimals:
// 2014-01-21T20:26:05.383Z.
std::string format_iso8601_ms(std::int64_t unix_ms);

class posts_xml_scanner {
 public:
  enum class status { row, error, end };

  // `display` names the input in messages; a row or other markup longer
  // than `max_row_bytes` is an error (see default_max_record_bytes).
  posts_xml_scanner(std::unique_ptr<byte_source> source, std::string display,
                    std::size_t max_row_bytes = default_max_record_bytes);
  ~posts_xml_scanner();
  posts_xml_scanner(const posts_xml_scanner&) = delete;
  posts_xml_scanner& operator=(const posts_xml_scanner&) = delete;

  // Reads one byte range of a file (see byte_range.hpp); call before next().
  // The source holds the file from span.begin on (open_span); the scanner
  // stops at the first markup at or past span.end, so a malformed last row
  // is diagnosed as in the whole file. A span past the file's start begins
  // at a row inside the root element named `root` (prolog and start tag are
  // checked by the range at byte 0; "" when the file has no usable root, so
  // its rows are errors as in the whole file); only the range that reaches
  // the file's end checks the root's end tag.
  void start_range(const range_span& span, std::string root);

  // The root element's name in a Posts.xml's prolog and start tag, read
  // from `file` up to byte `stop` at most, or "" when no well-formed root
  // start tag begins before it. Throws parse_error for UTF-16 text.
  static std::string root_element(std::unique_ptr<byte_source> file, std::string display,
                                  std::uint64_t stop);

  // Reads on to the next row. status::row fills `row`; status::error means a
  // malformed row or markup at error_line(), explained by error_reason(), and
  // the scanner has moved past it; status::end: the document is over (every
  // later call returns end). Throws io_error when reading fails, parse_error
  // when the file is UTF-16 text.
  status next(dump_row& row);

  // The fast path of a reader that parses rows on other threads: a row
  // whose end need not be found to know where the markup after it starts.
  // When the next markup is a <row and the next '<' after its own starts
  // another "<row" (then white space, '/' or '>'), both in the buffer and
  // before a byte range's end, hands out the row's bytes unparsed, moves on
  // to that '<' and returns true; else returns false and moves nothing (call
  // next()). parse_plain_row() then gives what next() would have: a row
  // ends at the first '<' after its own at the latest, and after a malformed
  // one next() resumes at a "<row" too.
  // The bytes stay valid until the scanner's next call, or for as long as
  // the caller holds share_buffer() taken while they were current.
  struct plain_row {
    std::size_t line = 0;    // of the row's '<'
    std::string_view bytes;  // from the row's '<' through 6 bytes of the next "<row"
  };
  bool take_plain_row(plain_row& out);

  // The buffer that the last row's views and plain row's bytes point into.
  // While a caller holds it, the scanner reads on into other buffers (it
  // reuses one once no caller holds it), so those views stay valid.
  std::shared_ptr<const char[]> share_buffer() const { return buf_; }
  const char* buffer_data() const noexcept { return buf_.get(); }

  // What next() makes of a plain row's bytes: `row` (views into them) and
  // reason "", or why the row is malformed (the error at the row's line).
  // Text after a well-formed row, before the next markup, is next()'s next
  // error: its reason in `text`, text_lines newlines after the row's line.
  struct plain_result {
    std::string reason;
    std::string text;
    std::size_t text_lines = 0;
  };
  static plain_result parse_plain_row(std::string_view bytes, dump_row& row);

  std::size_t error_line() const noexcept { return error_line_; }
  const std::string& error_reason() const noexcept { return error_reason_; }
  // Bytes of (decompressed) XML consumed so far.
  std::uint64_t bytes() const noexcept { return consumed_ + pos_; }
  const std::string& display() const noexcept { return display_; }

 private:
  enum class state { prolog, in_root, after_root, done };
  // bad_through_stop: bad, and the error's markup ends at `stop`.
  enum class parse { ok, more, bad, bad_through_stop };

  bool fill();                           // reads more input, keeping [pos_, end_); false at the end
  void move_to_buffer(std::size_t cap);  // [pos_, end_) to the front of another buffer
  std::shared_ptr<char[]> buffer_of(std::size_t cap);
  std::size_t count_lines(std::size_t from, std::size_t to) const;
  void advance_to(std::size_t to);  // moves pos_, counting lines
  status fail(std::size_t line, std::string reason);
  struct row_parser;  // a row's attributes from any bytes (the .cpp)
  parse parse_row(dump_row& row, std::size_t& stop);
  bool resync_step();
  void pass_over(std::size_t to);  // advance_to() during a resync
  bool starts_markup_after_bad_row(std::size_t at, const std::string& end_tag,
                                   std::size_t need) const;
  bool start_input();
  status input_end();
  bool text_shown_whole() const noexcept;
  status text_outside_row();
  parse skip_doctype(std::size_t& stop);
  parse scan_markup(dump_row& row, std::size_t& stop, bool& is_row, const char*& what);
  bool more_input(const char* what, bool is_row, status& s);
  parse parse_tag(bool root_start, std::size_t& stop);
  parse skip_until(std::string_view terminator, std::size_t from, std::size_t& stop);

  std::unique_ptr<byte_source> src_;
  std::string display_;
  std::size_t max_row_bytes_;  // largest row or markup accepted
  std::size_t base_cap_;       // the buffer's usual size
  std::shared_ptr<char[]> buf_;
  std::size_t cap_ = 0;
  // Buffers of base_cap_ bytes that callers held when the scanner moved on
  // (share_buffer): reused once none does.
  std::vector<std::shared_ptr<char[]>> held_;
  std::size_t pos_ = 0;  // parse position; line_ is its line
  std::size_t end_ = 0;
  std::uint64_t consumed_ = 0;  // bytes dropped from the front of the buffer
  bool eof_ = false;
  bool at_start_ = true;
  std::uint64_t stop_at_ = UINT64_MAX;  // a byte range's end: no markup starts from here
  bool resync_ = false;                 // after an error: pass over bytes up to the next '<'
  bool resync_row_ = false;             // after a bad row: up to the next <row or root end tag
  // During a resync, whether the bytes passed over end with a line break
  // and then only spaces and tabs: a '<' at pos_ would start a line, though
  // the break is no longer in the buffer.
  bool resync_at_line_start_ = false;
  std::size_t line_ = 1;
  state state_ = state::prolog;
  std::string root_;  // the root element's name, e.g. "posts"
  std::size_t error_line_ = 0;
  std::string error_reason_;
  std::string err_;  // reason of the parse::bad being returned
};

}  // namespace qc
