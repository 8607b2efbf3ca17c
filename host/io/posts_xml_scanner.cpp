// Posts.xml row scanner. Rows are found and delimited with memchr: a
// well-formed document has '<' only where markup starts (never inside an
// attribute value), so the next '<' is also where scanning resumes after
// malformed markup; after a malformed row, the next <row, root end tag or
// '<' at the start of a line. A row that ends past the
// buffer is parsed again from its start once more input is in; the buffer grows for rows longer
// than itself.
#include "io/posts_xml_scanner.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "io/int_text.hpp"
#include "io/tag_text.hpp"
#include "io/text_encoding.hpp"
#include "io/timestamp.hpp"
#include "io/xml_attribute.hpp"
#include "qc/core/error.hpp"

namespace qc {
namespace {

constexpr std::size_t initial_capacity = std::size_t{4} << 20;
// Bytes of markup looked at to tell "<row " from "<!--" etc.
constexpr std::size_t markup_lookahead = 10;

constexpr const char* attr_names[dump_attr_count] = {
    "Id",
    "PostTypeId",
    "ParentId",
    "AcceptedAnswerId",
    "CreationDate",
    "Score",
    "ViewCount",
    "Body",
    "Title",
    "Tags",
    "AnswerCount",
    "CommentCount",
    "FavoriteCount",
    "ClosedDate",
    "LastActivityDate",
};

bool ends_name(char c) noexcept {
  return is_text_space(c) || c == '=' || c == '/' || c == '>' || c == '"' || c == '\'' || c == '<';
}

// The attribute's index, or dump_attr_count when qclass does not use it.
std::size_t lookup_attr(const char* s, std::size_t n) noexcept {
  auto is = [s, n](dump_attr a) {
    return std::memcmp(s, attr_names[static_cast<std::size_t>(a)], n) == 0;
  };
  auto at = [](dump_attr a) { return static_cast<std::size_t>(a); };
  switch (n) {
    case 2:
      if (is(dump_attr::id)) return at(dump_attr::id);
      break;
    case 4:
      if (is(dump_attr::body)) return at(dump_attr::body);
      if (is(dump_attr::tags)) return at(dump_attr::tags);
      break;
    case 5:
      if (is(dump_attr::score)) return at(dump_attr::score);
      if (is(dump_attr::title)) return at(dump_attr::title);
      break;
    case 8:
      if (is(dump_attr::parent_id)) return at(dump_attr::parent_id);
      break;
    case 9:
      if (is(dump_attr::view_count)) return at(dump_attr::view_count);
      break;
    case 10:
      if (is(dump_attr::post_type_id)) return at(dump_attr::post_type_id);
      if (is(dump_attr::closed_date)) return at(dump_attr::closed_date);
      break;
    case 11:
      if (is(dump_attr::answer_count)) return at(dump_attr::answer_count);
      break;
    case 12:
      if (is(dump_attr::creation_date)) return at(dump_attr::creation_date);
      if (is(dump_attr::comment_count)) return at(dump_attr::comment_count);
      break;
    case 13:
      if (is(dump_attr::favorite_count)) return at(dump_attr::favorite_count);
      break;
    case 16:
      if (is(dump_attr::accepted_answer_id)) return at(dump_attr::accepted_answer_id);
      if (is(dump_attr::last_activity_date)) return at(dump_attr::last_activity_date);
      break;
    default:
      break;
  }
  return dump_attr_count;
}

std::string quoted_start(std::string_view s) {
  constexpr std::size_t max_shown = 40;
  std::string out = "'";
  out.append(s.substr(0, max_shown));
  if (s.size() > max_shown) out += "...";
  return out + "'";
}

std::string attr_prefix(dump_attr a) {
  return std::string("attribute '") + dump_attr_name(a) + "'";
}

// The raw value with references decoded when it has any (numbers, dates).
std::string_view plain_value(std::string_view raw, std::string& scratch, std::string& reason) {
  if (raw.find('&') == std::string_view::npos) return raw;
  reason = decode_xml_attribute(raw, scratch);
  return scratch;
}

}  // namespace

const char* dump_attr_name(dump_attr a) noexcept {
  const auto i = static_cast<std::size_t>(a);
  return i < dump_attr_count ? attr_names[i] : "?";
}

std::string dump_int(const dump_row& r, dump_attr a, std::optional<std::int64_t>& out) {
  out.reset();
  if (!r.has(a)) return {};
  std::string scratch;
  std::string reason;
  const std::string_view v = plain_value(r.get(a), scratch, reason);
  if (!reason.empty()) return attr_prefix(a) + ": " + reason;
  if (v.empty()) return {};
  out = parse_int64_text(v);
  if (!out) return attr_prefix(a) + " must be a 64-bit integer, got " + quoted_start(v);
  return {};
}

std::string dump_time(const dump_row& r, dump_attr a, std::optional<std::int64_t>& unix_ms) {
  unix_ms.reset();
  if (!r.has(a)) return {};
  std::string scratch;
  std::string reason;
  const std::string_view v = plain_value(r.get(a), scratch, reason);
  if (!reason.empty()) return attr_prefix(a) + ": " + reason;
  if (v.empty()) return {};
  const std::optional<std::int64_t> secs = parse_timestamp(v);
  constexpr std::int64_t limit = INT64_MAX / 1000 - 1;
  if (!secs || *secs > limit || *secs < -limit) {
    return attr_prefix(a) + " is not a timestamp: " + quoted_start(v);
  }
  // parse_timestamp accepted it, so a fraction can only follow the seconds
  // of a 4-digit year: YYYY-MM-DDTHH:MM:SS.fff
  std::int64_t ms = 0;
  if (v.size() > 20 && (v[19] == '.' || v[19] == ',')) {
    std::int64_t scale = 100;
    for (std::size_t i = 20; i < v.size() && scale > 0 && v[i] >= '0' && v[i] <= '9'; ++i) {
      ms += (v[i] - '0') * scale;
      scale /= 10;
    }
  }
  unix_ms = *secs * 1000 + ms;
  return {};
}

std::string dump_text(const dump_row& r, dump_attr a, std::string& out) {
  if (!r.has(a)) {
    out.clear();
    return {};
  }
  std::string reason = decode_xml_attribute(r.get(a), out);
  if (!reason.empty()) return attr_prefix(a) + ": " + reason;
  return {};
}

std::string dump_text_json(const dump_row& r, dump_attr a, std::string& out) {
  if (!r.has(a)) {
    out += "null";
    return {};
  }
  std::string reason = append_xml_attribute_as_json(out, r.get(a));
  if (!reason.empty()) return attr_prefix(a) + ": " + reason;
  return {};
}

std::string dump_tags(const dump_row& r, std::vector<std::string>& out, std::string& scratch) {
  out.clear();
  if (!r.has(dump_attr::tags)) return {};
  std::string reason = decode_xml_attribute(r.get(dump_attr::tags), scratch);
  if (!reason.empty()) return attr_prefix(dump_attr::tags) + ": " + reason;
  split_tags(scratch, out);
  return {};
}

std::string format_iso8601_ms(std::int64_t unix_ms) {
  // format_iso8601's arithmetic (Howard Hinnant's civil_from_days) with the
  // digits written here: bulk conversion formats several dates a row.
  const std::int64_t secs = floor_div(unix_ms, 1000);
  const std::int64_t days = floor_div(secs, 86400);
  const std::int64_t sod = secs - days * 86400;
  const std::int64_t ms = unix_ms - secs * 1000;
  const civil_date d = civil_from_days(days);
  const std::int64_t year = d.year;
  const std::int64_t month = d.month;
  const std::int64_t day = d.day;
  if (year < 0 || year > 9999) return format_iso8601(secs);  // not dump dates; no fraction
  auto digit = [](std::int64_t v) { return static_cast<char>('0' + v); };
  const char text[] = {digit(year / 1000),
                       digit(year / 100 % 10),
                       digit(year / 10 % 10),
                       digit(year % 10),
                       '-',
                       digit(month / 10),
                       digit(month % 10),
                       '-',
                       digit(day / 10),
                       digit(day % 10),
                       'T',
                       digit(sod / 36000),
                       digit(sod / 3600 % 10),
                       ':',
                       digit(sod / 600 % 6),
                       digit(sod / 60 % 10),
                       ':',
                       digit(sod % 60 / 10),
                       digit(sod % 10),
                       '.',
                       digit(ms / 100),
                       digit(ms / 10 % 10),
                       digit(ms % 10),
                       'Z'};
  return std::string(text, sizeof text);
}

// ------------------------------------------------------------------ scanner

posts_xml_scanner::posts_xml_scanner(std::unique_ptr<byte_source> source, std::string display,
                                     std::size_t max_row_bytes)
    : src_(std::move(source)),
      display_(std::move(display)),
      max_row_bytes_(max_row_bytes),
      base_cap_(std::min(initial_capacity, max_row_bytes)) {
  buf_.reset(new char[base_cap_]);
  cap_ = base_cap_;
}

posts_xml_scanner::~posts_xml_scanner() = default;

void posts_xml_scanner::start_range(const range_span& span, std::string root) {
  line_ = span.first_line;
  if (!span.at_file_end()) stop_at_ = span.end - span.begin;
  if (span.empty()) {
    state_ = state::done;
  } else if (!span.at_file_start()) {
    at_start_ = false;
    root_ = std::move(root);
    state_ = root_.empty() ? state::prolog : state::in_root;
  }
}

std::string posts_xml_scanner::root_element(std::unique_ptr<byte_source> file, std::string display,
                                            std::uint64_t stop) {
  posts_xml_scanner s(std::move(file), std::move(display));
  s.stop_at_ = stop;
  dump_row row;
  while (s.state_ == state::prolog && s.next(row) != status::end) {
  }
  return s.state_ == state::in_root ? s.root_ : std::string();
}

bool posts_xml_scanner::fill() {
  if (eof_) return false;
  const std::size_t keep = end_ - pos_;
  std::size_t cap = cap_;
  if (keep == cap_ && cap_ < max_row_bytes_) {  // one row fills the buffer: grow for it
    cap = std::min(cap_ * 2, max_row_bytes_);
  } else if (cap_ > base_cap_ && keep < base_cap_ / 2) {  // back to normal
    cap = base_cap_;
  }
  if (cap != cap_ || buf_.use_count() > 1) {
    move_to_buffer(cap);
  } else if (pos_ > 0) {
    std::memmove(buf_.get(), buf_.get() + pos_, keep);
  }
  consumed_ += pos_;
  end_ = keep;
  pos_ = 0;
  const std::size_t before = end_;
  while (end_ < cap_) {
    const std::size_t n = src_->read(buf_.get() + end_, cap_ - end_);
    if (n == 0) {
      eof_ = true;
      break;
    }
    end_ += n;
  }
  return end_ > before;
}

// [pos_, end_) to the front of a buffer of `cap` bytes, leaving the current
// one to whoever holds it (share_buffer).
void posts_xml_scanner::move_to_buffer(std::size_t cap) {
  std::shared_ptr<char[]> next = buffer_of(cap);
  std::memcpy(next.get(), buf_.get() + pos_, end_ - pos_);
  if (buf_.use_count() > 1 && cap_ == base_cap_) held_.push_back(std::move(buf_));
  buf_ = std::move(next);
  cap_ = cap;
}

// A buffer of `cap` bytes: a held one nobody holds any more, or a new one.
std::shared_ptr<char[]> posts_xml_scanner::buffer_of(std::size_t cap) {
  if (cap == base_cap_) {
    for (auto it = held_.begin(); it != held_.end(); ++it) {
      if (it->use_count() > 1) continue;
      std::shared_ptr<char[]> free = std::move(*it);
      held_.erase(it);
      return free;
    }
  }
  return std::shared_ptr<char[]>(new char[cap]);
}

std::size_t posts_xml_scanner::count_lines(std::size_t from, std::size_t to) const {
  std::size_t n = 0;
  const char* p = buf_.get() + from;
  const char* const e = buf_.get() + to;
  while (p < e) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(e - p));
    if (nl == nullptr) break;
    ++n;
    p = static_cast<const char*>(nl) + 1;
  }
  return n;
}

void posts_xml_scanner::advance_to(std::size_t to) {
  line_ += count_lines(pos_, to);
  pos_ = to;
}

posts_xml_scanner::status posts_xml_scanner::fail(std::size_t line, std::string reason) {
  error_line_ = line;
  error_reason_ = std::move(reason);
  resync_ = true;
  resync_at_line_start_ = false;
  return status::error;
}

posts_xml_scanner::parse posts_xml_scanner::skip_until(std::string_view terminator,
                                                       std::size_t from, std::size_t& stop) {
  if (from > end_) return parse::more;
  const char* b = buf_.get();
  const auto* hit =
      static_cast<const char*>(memmem(b + from, end_ - from, terminator.data(), terminator.size()));
  if (hit == nullptr) return parse::more;
  stop = static_cast<std::size_t>(hit - b) + terminator.size();
  return parse::ok;
}

// <posts ...> or </posts>: the name, then anything up to '>'.
posts_xml_scanner::parse posts_xml_scanner::parse_tag(bool root_start, std::size_t& stop) {
  const char* b = buf_.get();
  std::size_t p = pos_ + (root_start ? 1 : 2);
  const std::size_t name_start = p;
  while (p < end_ && !ends_name(b[p])) ++p;
  if (p >= end_) return parse::more;
  const std::string_view name(b + name_start, p - name_start);
  const void* gt = std::memchr(b + p, '>', end_ - p);
  if (gt == nullptr) return parse::more;
  const std::size_t close = static_cast<std::size_t>(static_cast<const char*>(gt) - b);
  const std::string_view rest(b + p, close - p);
  if (name.empty()) {
    err_ = "expected an element name after '<'";
    return parse::bad;
  }
  if (root_start) {
    if (state_ != state::prolog) {
      err_ = state_ == state::in_root
                 ? "unexpected element <" + std::string(name) + "> (expected <row .../>)"
                 : "content after the root element's end";
      return parse::bad;
    }
    if (name == "row") {
      err_ = "<row> outside a root element such as <posts>";
      return parse::bad;
    }
    root_.assign(name);
    state_ = !rest.empty() && rest.back() == '/' ? state::after_root : state::in_root;
  } else {
    if (state_ != state::in_root || name != root_) {
      err_ = "unexpected end tag </" + std::string(name) + ">";
      return parse::bad;
    }
    if (!trim_space(rest).empty()) {
      err_ = "unexpected content in end tag </" + std::string(name) + ">";
      return parse::bad;
    }
    state_ = state::after_root;
  }
  stop = close + 1;
  return parse::ok;
}

// A row's attributes parsed from bytes b[0, end): the scanner's buffer, or
// a row take_plain_row() handed out. Reads only forward from the row's '<'
// and stops at the first '<' after it (a well-formed value holds none).
struct posts_xml_scanner::row_parser {
  const char* b;
  std::size_t end;
  std::string err;  // why, after parse::bad

  parse row(dump_row& r, std::size_t at, std::size_t& stop);

 private:
  parse row_close(std::size_t p, std::size_t& stop);
  parse attr(dump_row& r, std::size_t& p);
};

// After "<row ...>": the rest of an empty "</row>" from p.
posts_xml_scanner::parse posts_xml_scanner::row_parser::row_close(std::size_t p,
                                                                  std::size_t& stop) {
  while (p < end && is_text_space(b[p])) ++p;
  if (end - p < 6) return parse::more;
  if (std::memcmp(b + p, "</row", 5) != 0) {
    err = "a row must be empty (<row .../>), found content";
    return parse::bad;
  }
  p += 5;
  while (p < end && is_text_space(b[p])) ++p;
  if (p >= end) return parse::more;
  if (b[p] != '>') {
    err = "malformed </row>";
    return parse::bad;
  }
  stop = p + 1;
  return parse::ok;
}

// One name="value" attribute of a row from p (at its name); on ok, p is past
// the closing quote and a known attribute's raw value is in `r`. Inlined:
// it runs once per attribute.
[[gnu::always_inline]] inline posts_xml_scanner::parse posts_xml_scanner::row_parser::attr(
    dump_row& r, std::size_t& p) {
  const std::size_t name_start = p;
  while (p < end && !ends_name(b[p])) ++p;
  if (p >= end) return parse::more;
  if (p == name_start) {
    err = std::string("expected an attribute name, found '") + b[p] + "'";
    return parse::bad;
  }
  const std::string_view name(b + name_start, p - name_start);
  while (p < end && is_text_space(b[p])) ++p;
  if (p >= end) return parse::more;
  if (b[p] != '=') {
    err = "attribute '" + std::string(name) + "' has no value";
    return parse::bad;
  }
  ++p;
  while (p < end && is_text_space(b[p])) ++p;
  if (p >= end) return parse::more;
  const char quote = b[p];
  if (quote != '"' && quote != '\'') {
    err = "the value of attribute '" + std::string(name) + "' is not quoted";
    return parse::bad;
  }
  ++p;
  const void* close = std::memchr(b + p, quote, end - p);
  if (close == nullptr) {
    // No closing quote yet: a '<' already in the value settles it.
    if (std::memchr(b + p, '<', end - p) != nullptr) {
      err = "'<' in the value of attribute '" + std::string(name) + "' (unclosed quote?)";
      return parse::bad;
    }
    return parse::more;
  }
  const std::size_t value_end = static_cast<std::size_t>(static_cast<const char*>(close) - b);
  if (std::memchr(b + p, '<', value_end - p) != nullptr) {
    err = "'<' in the value of attribute '" + std::string(name) + "' (unclosed quote?)";
    return parse::bad;
  }
  const std::size_t k = lookup_attr(name.data(), name.size());
  if (k < dump_attr_count) {
    if (r.raw[k].data() != nullptr) {
      err = "attribute '" + std::string(name) + "' appears twice";
      return parse::bad;
    }
    r.raw[k] = std::string_view(b + p, value_end - p);
  }
  p = value_end + 1;
  return parse::ok;
}

// The row whose "<row" is at `at`; on ok, stop is just past its end.
posts_xml_scanner::parse posts_xml_scanner::row_parser::row(dump_row& r, std::size_t at,
                                                            std::size_t& stop) {
  std::size_t p = at + 4;  // after "<row"
  for (auto& v : r.raw) v = {};
  for (;;) {
    const std::size_t ws_start = p;
    while (p < end && is_text_space(b[p])) ++p;
    if (p >= end) return parse::more;
    const char c = b[p];
    if (c == '/') {
      if (p + 1 >= end) return parse::more;
      if (b[p + 1] != '>') {
        err = "expected '/>' to close the row";
        return parse::bad;
      }
      stop = p + 2;
      return parse::ok;
    }
    if (c == '>') return row_close(p + 1, stop);  // <row ...></row> is the same empty row
    if (p == ws_start) {
      err = std::string("expected white space, '/>' or an attribute, found '") + c + "'";
      return parse::bad;
    }
    const parse res = attr(r, p);
    if (res != parse::ok) return res;
  }
}

namespace {

// Bytes of a plain row's bytes past the next "<row": enough for every test
// row_parser makes at that '<' (row_close compares 5 bytes there, after
// checking that 6 are left).
constexpr std::size_t plain_row_tail = 6;

// Whether s[0, n) begins "<row" and then white space, '/' or '>'.
bool starts_row(const char* s, std::size_t n) noexcept {
  return n > 4 && std::memcmp(s, "<row", 4) == 0 &&
         (is_text_space(s[4]) || s[4] == '/' || s[4] == '>');
}

// How much of the text at s[0, n) next()'s message shows: up to the
// line's end or the next markup, 40 bytes at most.
constexpr std::size_t text_shown_max = 40;
std::size_t text_shown(const char* s, std::size_t n) noexcept {
  std::size_t k = 0;
  while (k < n && k < text_shown_max && s[k] != '\n' && s[k] != '\r' && s[k] != '<') ++k;
  return k;
}

// next()'s message for text where markup should be, at s[0, n).
std::string text_outside_row_reason(const char* s, std::size_t n) {
  return "text outside a row: " + quoted_start(std::string_view(s, text_shown(s, n)));
}

}  // namespace

bool posts_xml_scanner::take_plain_row(plain_row& out) {
  if (state_ != state::in_root || resync_ || at_start_) return false;
  const char* b = buf_.get();
  std::size_t p = pos_;
  while (p < end_ && is_text_space(b[p])) ++p;
  if (!starts_row(b + p, end_ - p)) return false;
  const void* next = std::memchr(b + p + 1, '<', end_ - p - 1);
  if (next == nullptr) return false;
  const auto lt = static_cast<std::size_t>(static_cast<const char*>(next) - b);
  // Both rows before a byte range's end (so the row at p is too: p < lt).
  if (consumed_ + lt >= stop_at_ || end_ - lt < plain_row_tail || !starts_row(b + lt, end_ - lt))
    return false;
  advance_to(p);
  out.line = line_;
  out.bytes = std::string_view(b + p, lt + plain_row_tail - p);
  advance_to(lt);
  return true;
}

posts_xml_scanner::plain_result posts_xml_scanner::parse_plain_row(std::string_view bytes,
                                                                   dump_row& row) {
  plain_result res;
  row_parser rp{bytes.data(), bytes.size(), {}};
  std::size_t stop = 0;
  const parse r = rp.row(row, 0, stop);
  if (r == parse::more)  // the next "<row" settles every test first (take_plain_row)
    throw std::logic_error("Posts.xml scanner: a plain row read past its bytes");
  if (r != parse::ok) {
    res.reason = std::move(rp.err);
    return res;
  }
  const std::size_t next = bytes.size() - plain_row_tail;  // the next row's '<'
  std::size_t p = stop;
  while (p < next && is_text_space(bytes[p])) ++p;
  if (p < next) {
    res.text = text_outside_row_reason(bytes.data() + p, next - p);
    res.text_lines = static_cast<std::size_t>(std::count(bytes.begin(), bytes.begin() + p, '\n'));
  }
  return res;
}

posts_xml_scanner::parse posts_xml_scanner::parse_row(dump_row& row, std::size_t& stop) {
  row_parser rp{buf_.get(), end_, {}};
  const parse r = rp.row(row, pos_, stop);
  if (r == parse::bad) err_ = std::move(rp.err);
  return r;
}

// After a bad row, a '<' inside it (say in a value) does not start the next
// markup: passes over everything up to the next <row, the root's end tag or
// a '<' that starts a line, so that one bad row is one error. True when
// found; false when more input is needed first (or the input ended).
bool posts_xml_scanner::resync_step() {
  const char* b = buf_.get();
  const std::string end_tag = "</" + root_;
  std::size_t from = pos_;
  bool wait = false;
  for (;;) {
    const void* lt = std::memchr(b + from, '<', end_ - from);
    if (lt == nullptr) break;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(lt) - b);
    const std::size_t need = std::max<std::size_t>(5, end_tag.size() + 1);
    if (resync_row_ && end_ - at < need && !eof_) {
      wait = true;
      pass_over(at);
      break;
    }
    if (!resync_row_ || starts_markup_after_bad_row(at, end_tag, need)) {
      advance_to(at);
      resync_ = resync_row_ = false;
      return true;
    }
    from = at + 1;
  }
  if (!wait) pass_over(end_);
  if (!fill()) resync_ = resync_row_ = false;
  return false;
}

void posts_xml_scanner::pass_over(std::size_t to) {
  std::size_t last = to;  // the last byte before `to` that is not a space or tab
  const char* b = buf_.get();
  while (last > pos_ && (b[last - 1] == ' ' || b[last - 1] == '\t')) --last;
  if (last > pos_) resync_at_line_start_ = b[last - 1] == '\n';
  advance_to(to);
}

// Whether the '<' at `at` starts a line, a <row or the root's end tag.
bool posts_xml_scanner::starts_markup_after_bad_row(std::size_t at, const std::string& end_tag,
                                                    std::size_t need) const {
  const char* b = buf_.get();
  const std::string_view head(b + at, std::min(end_ - at, need));
  const auto followed_by_end = [&](std::size_t n) {
    return head.size() > n && (is_text_space(head[n]) || head[n] == '/' || head[n] == '>');
  };
  std::size_t before = at;  // a '<' that starts a line starts markup too
  while (before > pos_ && (b[before - 1] == ' ' || b[before - 1] == '\t')) --before;
  const bool starts_line = before > pos_ ? b[before - 1] == '\n' : resync_at_line_start_;
  return starts_line || (head.substr(0, 4) == "<row" && followed_by_end(4)) ||
         (head.substr(0, end_tag.size()) == end_tag && followed_by_end(end_tag.size()));
}

// The input's first bytes: skips a UTF-8 byte order mark, refuses UTF-16.
// False when more input is needed first.
bool posts_xml_scanner::start_input() {
  if (end_ - pos_ < 4 && fill()) return false;
  at_start_ = false;
  if (end_ - pos_ >= 3 && std::memcmp(buf_.get() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  if (looks_like_utf16(std::string_view(buf_.get() + pos_, end_ - pos_))) {
    state_ = state::done;  // a whole-file problem: an error even under --on-error skip
    throw parse_error(display_, line_, utf16_message);
  }
  return true;
}

// The end of the input: an error unless the root element was closed.
posts_xml_scanner::status posts_xml_scanner::input_end() {
  const state was = state_;
  state_ = state::done;
  if (was == state::in_root) {
    return fail(line_,
                "unexpected end of input: <" + root_ + "> is never closed (truncated file?)");
  }
  if (was == state::prolog) {
    return fail(line_,
                "no <posts> element: the file is empty or holds no root element (not a "
                "Posts.xml, or cut short?)");
  }
  return status::end;
}

// Whether the buffer holds all that text_outside_row() shows of the text at
// pos_ (or the input ends in it).
bool posts_xml_scanner::text_shown_whole() const noexcept {
  const std::size_t k = text_shown(buf_.get() + pos_, end_ - pos_);
  return k == text_shown_max || pos_ + k < end_ || eof_;
}

// Text at pos_ where markup should be: an error showing it.
posts_xml_scanner::status posts_xml_scanner::text_outside_row() {
  return fail(line_, text_outside_row_reason(buf_.get() + pos_, end_ - pos_));
}

// "<!...>" at pos_: a document type declaration, allowed in the prolog only
// and without an internal subset (bad_through_stop: refused, passed over up
// to stop).
posts_xml_scanner::parse posts_xml_scanner::skip_doctype(std::size_t& stop) {
  if (state_ != state::prolog) {
    err_ = "unexpected '<!' markup inside the document";
    return parse::bad;
  }
  const char* b = buf_.get();
  parse r = skip_until(">", pos_ + 2, stop);
  // An internal subset ('[' ... ']>') declares entities or other markup:
  // refused (entities are never expanded), and passed over as a whole.
  if (r != parse::ok || std::memchr(b + pos_, '[', stop - pos_) == nullptr) return r;
  r = skip_until("]", pos_ + 2, stop);
  std::size_t gt = stop;
  while (r == parse::ok) {
    while (gt < end_ && is_text_space(b[gt])) ++gt;
    if (gt >= end_) {
      r = parse::more;
    } else if (b[gt] == '>') {
      break;
    } else {
      r = skip_until("]", gt, stop);
      gt = stop;
    }
  }
  if (r != parse::ok) return r;
  err_ =
      "document type declarations with an internal subset ([...], e.g. entity declarations) are "
      "not supported; entities are never expanded";
  stop = gt + 1;
  return parse::bad_through_stop;
}

// The markup at pos_ (with at least markup_lookahead bytes unless at the
// end): parses or skips it; `what` names it for messages. Inlined into next().
[[gnu::always_inline]] inline posts_xml_scanner::parse posts_xml_scanner::scan_markup(
    dump_row& row, std::size_t& stop, bool& is_row, const char*& what) {
  const std::string_view head(buf_.get() + pos_, std::min(end_ - pos_, markup_lookahead));
  if (head.size() > 4 && head.substr(0, 4) == "<row" &&
      (is_text_space(head[4]) || head[4] == '/' || head[4] == '>') && state_ == state::in_root) {
    row.line = line_;
    is_row = true;
    what = "a <row>";
    return parse_row(row, stop);
  }
  if (head.substr(0, 2) == "<?") {
    what = "a processing instruction";
    return skip_until("?>", pos_ + 2, stop);
  }
  if (head.substr(0, 4) == "<!--") {
    what = "a comment";
    return skip_until("-->", pos_ + 4, stop);
  }
  if (head.substr(0, 2) == "<!") {
    what = "a document type declaration";
    return skip_doctype(stop);
  }
  if (head.substr(0, 2) == "</") {
    what = "an end tag";
    return parse_tag(false, stop);
  }
  what = "a start tag";
  return parse_tag(true, stop);
}

// After parse::more: reads more input (true), or reports markup too long or
// cut short by the input's end in `s` (false).
bool posts_xml_scanner::more_input(const char* what, bool is_row, status& s) {
  const std::size_t line = line_;
  if (end_ - pos_ >= max_row_bytes_) {
    advance_to(pos_ + 1);
    resync_row_ = is_row;
    s = fail(line, std::string(what) + ": " + record_too_long(max_row_bytes_));
    return false;
  }
  if (!fill()) {
    advance_to(end_);
    state_ = state::done;
    s = fail(line, std::string("unexpected end of input inside ") + what + " (truncated file?)");
    return false;
  }
  return true;
}

posts_xml_scanner::status posts_xml_scanner::next(dump_row& row) {
  for (;;) {
    if (state_ == state::done) return status::end;
    if (resync_ && !resync_step()) continue;
    if (at_start_ && !start_input()) continue;
    const char* b = buf_.get();
    while (pos_ < end_ && is_text_space(b[pos_])) {
      if (b[pos_] == '\n') ++line_;
      ++pos_;
    }
    if (consumed_ + pos_ >= stop_at_) return status::end;  // the next range's row
    if (pos_ == end_) {
      if (fill()) continue;
      return input_end();
    }
    if (b[pos_] != '<') {
      if (!text_shown_whole() && fill()) continue;  // the message must not depend on the refills
      return text_outside_row();
    }
    if (end_ - pos_ < markup_lookahead && !eof_) {
      fill();
      continue;
    }
    std::size_t stop = 0;
    bool is_row = false;
    const char* what = "markup";
    const parse r = scan_markup(row, stop, is_row, what);
    if (r == parse::ok) {
      advance_to(stop);
      if (is_row) return status::row;
      continue;
    }
    if (r != parse::more) {  // bad: the error's line, then past its '<' (or the whole markup)
      const std::size_t line = line_;
      advance_to(r == parse::bad ? pos_ + 1 : stop);
      resync_row_ = is_row;
      return fail(line, err_);
    }
    status s = status::error;
    if (!more_input(what, is_row, s)) return s;
  }
}

}  // namespace qc
