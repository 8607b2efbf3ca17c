// Keyword and label-map files.
#include "model/keywords.hpp"

#include <fstream>
#include <optional>
#include <string_view>

#include "io/text_encoding.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

std::string_view strip(std::string_view s) {
  const char* ws = " \t\r\n\v\f";
  const std::size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  const std::size_t e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// Throws parse_error when the file starts like UTF-16; leaves `in` at its start.
void reject_utf16(std::ifstream& in, const std::string& path) {
  char head[64];
  in.read(head, sizeof head);
  if (looks_like_utf16(std::string_view(head, static_cast<std::size_t>(in.gcount()))))
    throw parse_error(path, 1, utf16_message);
  in.clear();
  in.seekg(0);
}

// Calls f(line_number, line) for each line that is neither blank nor a
// comment. Reads line by line: memory holds one line, not the file.
template <class F>
void for_each_content_line(const std::string& path, F&& f) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error("cannot read '" + path + "'");
  reject_utf16(in, path);
  std::string buf;
  std::size_t line_no = 0;
  while (std::getline(in, buf)) {
    std::string_view line = buf;
    if (++line_no == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    // Per line, so the message names it ('\n' never occurs inside a UTF-8 sequence).
    if (!simdjson::validate_utf8(line.data(), line.size()))
      throw parse_error(path, line_no, "invalid UTF-8");
    const std::string_view s = strip(line);
    if (s.empty() || s.front() == '#') continue;
    f(line_no, line);
  }
  if (in.bad()) throw io_error("cannot read '" + path + "'");
}

}  // namespace

std::vector<keyword_entry> read_keywords_file(const std::string& path) {
  std::vector<keyword_entry> out;
  for_each_content_line(path, [&](std::size_t n, std::string_view line) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      throw parse_error(path, n, "expected 'category<TAB>keyword,keyword,...'");
    keyword_entry e;
    e.category = std::string(strip(line.substr(0, tab)));
    e.line = n;
    if (e.category.empty()) throw parse_error(path, n, "empty category");
    std::string_view rest = line.substr(tab + 1);
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string_view kw = strip(rest.substr(0, comma));
      if (!kw.empty()) e.keywords.emplace_back(kw);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    out.push_back(std::move(e));
  });
  return out;
}

std::map<std::string, std::set<std::string>> normalize_keywords(
    const std::vector<keyword_entry>& entries, const normalize_options& opts,
    const text_resources& res) {
  constexpr std::size_t kKeywordsPerNormalizer = std::size_t{1} << 16;
  std::map<std::string, std::set<std::string>> out;
  std::optional<normalizer> norm;
  std::size_t done = 0;
  for (const auto& e : entries) {
    auto& set = out[e.category];
    for (const auto& kw : e.keywords) {
      if (done++ % kKeywordsPerNormalizer == 0) norm.emplace(opts, res);
      for (std::string_view t : norm->plain_text_tokens(kw)) set.emplace(t);
    }
  }
  return out;
}

label_map label_map::read(const std::string& path) {
  label_map m;
  m.path_ = path;
  for_each_content_line(path, [&](std::size_t n, std::string_view line) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      throw parse_error(path, n, "expected 'fine_label<TAB>category'");
    const std::string fine(strip(line.substr(0, tab)));
    std::string cat(strip(line.substr(tab + 1)));
    if (fine.empty()) throw parse_error(path, n, "empty fine label");
    if (cat == "-") cat.clear();
    const auto [it, inserted] = m.map_.emplace(fine, cat);
    if (!inserted && it->second != cat)
      throw parse_error(path, n, "label '" + fine + "' is mapped twice, to different categories");
  });
  if (m.map_.empty()) throw parse_error(path, 0, "label map has no entries");
  return m;
}

std::vector<std::string> label_map::apply(const std::vector<std::string>& labels,
                                          const std::string& post_file,
                                          std::size_t post_line) const {
  std::vector<std::string> out;
  for (const auto& l : labels) {
    const auto it = map_.find(l);
    if (it == map_.end())
      throw parse_error(post_file, post_line,
                        "label '" + l + "' is not in the label map '" + path_ + "'");
    if (it->second.empty()) continue;
    bool seen = false;
    for (const auto& o : out) seen = seen || o == it->second;
    if (!seen) out.push_back(it->second);
  }
  return out;
}

}  // namespace qc
