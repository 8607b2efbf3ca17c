#include "formats/csv_text.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>
#include <sstream>

#include "qc/core/error.hpp"

namespace qc {

void append_csv_field(std::string& out, std::string_view field) {
  // A plain loop: find_first_of calls memchr over the set for every byte
  // (a predictions row writes three fields).
  const bool plain = std::none_of(field.begin(), field.end(), [](char c) {
    return c == ',' || c == '"' || c == '\r' || c == '\n';
  });
  if (plain) {
    out += field;
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

csv_document parse_csv(std::string_view text, const std::string& file) {
  csv_document doc;
  std::size_t i = 0, line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    // At the start of a record.
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\n') ++line;
      ++i;
      continue;
    }
    if (text[i] == '#') {
      std::size_t end = text.find('\n', i);
      if (end == std::string_view::npos) end = n;
      std::string_view c = text.substr(i + 1, end - i - 1);
      if (!c.empty() && c.back() == '\r') c.remove_suffix(1);
      doc.comments.push_back(csv_record{{std::string(c)}, line});
      i = end;
      continue;
    }
    csv_record rec;
    rec.line = line;
    std::string field;
    for (;;) {
      field.clear();
      if (i < n && text[i] == '"') {
        const std::size_t open_line = line;
        ++i;
        for (;;) {
          if (i >= n) throw parse_error(file, open_line, "unterminated quoted CSV field");
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw parse_error(file, line, "unexpected character after a quoted CSV field");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
      }
      rec.fields.push_back(field);
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      break;
    }
    if (i < n && text[i] == '\r') ++i;
    if (i < n && text[i] == '\n') {
      ++i;
      ++line;
    }
    doc.records.push_back(std::move(rec));
  }
  return doc;
}

std::ptrdiff_t csv_column(const csv_record& header, const std::string& name, bool required,
                          const std::string& file) {
  const auto it = std::find(header.fields.begin(), header.fields.end(), name);
  if (it != header.fields.end()) return it - header.fields.begin();
  if (required) throw parse_error(file, header.line, "no '" + name + "' column in the header");
  return -1;
}

void check_csv_field_count(const csv_record& rec, std::size_t n, const std::string& file) {
  if (rec.fields.size() != n)
    throw parse_error(
        file, rec.line,
        "expected " + std::to_string(n) + " fields, found " + std::to_string(rec.fields.size()));
}

std::string read_text_file(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error(path + ": cannot open for reading");
  ss << in.rdbuf();
  if (in.bad()) throw io_error(path + ": read error");
  return ss.str();
}

std::optional<double> parse_csv_number(const std::string& s, const std::string& path,
                                       std::size_t line, bool allow_empty) {
  if (s.empty()) {
    if (allow_empty) return std::nullopt;
    throw parse_error(path, line, "empty number");
  }
  double v = 0;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    throw parse_error(path, line, "not a number: '" + s + "'");
  return v;
}

}  // namespace qc
