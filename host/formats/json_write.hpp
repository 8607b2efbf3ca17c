// Writing JSON text: string escaping, and json_writer, the one writer of
// qclass's JSON outputs (numbers as format_double writes them, so the bytes
// are stable; see docs/architecture.md).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/format_double.hpp"

namespace qc {

// Appends s as a JSON string literal (with quotes), escaping as RFC 8259 requires.
// Runs of bytes that need no escape are appended at once (bulk outputs such
// as `convert` spend most of their time here).
inline void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  const char* p = s.data();
  const char* const end = p + s.size();
  while (p < end) {
    const char* run = p;
    while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != '"' && *p != '\\') ++p;
    out.append(run, static_cast<std::size_t>(p - run));
    if (p == end) break;
    const auto c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.push_back('"');
}

inline std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// A member name escaped once, with the ": " (or ":") after it: for rows
// written in a hot loop (convert's), where escaping every name again shows.
class json_key {
 public:
  explicit json_key(std::string_view name, bool spaced = true) {
    append_json_string(text_, name);
    text_ += spaced ? ": " : ":";
  }
  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
};

// Appends one JSON value to a string, streaming: objects and arrays nest,
// separators are inserted as needed. `spaced` writes ", " and ": " (files
// people read), else "," and ":". Doubles are written by append_double (never
// pass a non-finite one); std::nullopt is null.
class json_writer {
 public:
  explicit json_writer(std::string& out, bool spaced = true) : out_(out), spaced_(spaced) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }
  // The next member's name (inside an object).
  json_writer& key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += spaced_ ? ": " : ":";
    after_key_ = true;
    return *this;
  }
  json_writer& key(const json_key& name) {
    separate();
    out_ += name.text();
    after_key_ = true;
    return *this;
  }
  json_writer& value(std::string_view s) {
    separate();
    append_json_string(out_, s);
    return *this;
  }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(const std::string& s) { return value(std::string_view(s)); }
  json_writer& value(double x) {
    separate();
    append_double(out_, x);
    return *this;
  }
  json_writer& value(std::optional<double> x) { return x ? value(*x) : raw("null"); }
  json_writer& value(std::optional<std::int64_t> n) { return n ? value(*n) : raw("null"); }
  json_writer& value(bool b) { return raw(b ? "true" : "false"); }
  json_writer& value(std::uint64_t n) { return raw(std::to_string(n)); }
  json_writer& value(std::int64_t n) { return raw(std::to_string(n)); }
  json_writer& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& null() { return raw("null"); }
  // A value that is JSON text already (such as a post's id as read).
  json_writer& raw(std::string_view json) {
    separate();
    out_ += json;
    return *this;
  }
  // For a value the caller appends to the output itself (such as text
  // decoded straight into a JSON string): the separator, then the output.
  std::string& value_out() {
    separate();
    return out_;
  }
  // Layout for files with a fixed shape (model files): the next separator,
  // or the next close when nothing follows, ends its line and indents the
  // next by `indent` (",\n" + indent for a comma, "\n" + indent otherwise).
  json_writer& newline(std::string_view indent) {
    indent_ = indent;
    newline_ = true;
    return *this;
  }
  template <class T>
  json_writer& member(const json_key& name, const T& v) {
    key(name);
    return value(v);
  }
  template <class T>
  json_writer& member(std::string_view name, const T& v) {
    key(name);
    return value(v);
  }
  json_writer& strings(const std::vector<std::string>& v) {
    begin_array();
    for (const std::string& s : v) value(s);
    return end_array();
  }

 private:
  json_writer& open(char c) {
    separate();
    out_ += c;
    outer_.push_back(first_);
    first_ = true;
    return *this;
  }
  json_writer& close(char c) {
    if (newline_) line_break();
    out_ += c;
    first_ = outer_.back();
    outer_.pop_back();
    return *this;
  }
  // Before a key, or a value that is not a member's: a comma unless first.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (outer_.empty()) return;
    if (!first_) {
      out_.push_back(',');
      if (spaced_ && !newline_) out_.push_back(' ');
    }
    if (newline_) line_break();
    first_ = false;
  }
  void line_break() {
    out_ += '\n';
    out_ += indent_;
    newline_ = false;
  }

  std::string& out_;
  bool spaced_;
  bool after_key_ = false;
  bool newline_ = false;     // newline() was called: the next separator breaks the line
  std::string_view indent_;  // of that line
  bool first_ = true;        // nothing written yet in the innermost open container
  std::vector<bool> outer_;  // first_ of each container around it
};

}  // namespace qc
