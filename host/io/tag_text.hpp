// Tags written as one string, as both readers meet them: "<a><b>" (classic
// dumps), "|a|b|" or "a|b" (dumps since 2023, BigQuery), else separated by
// white space. Each tag is trimmed; empty ones are dropped.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace qc {

// Space, tab, CR and LF (JSON's and XML's white space alike).
inline bool is_text_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

inline std::string_view trim_space(std::string_view s) noexcept {
  while (!s.empty() && is_text_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_text_space(s.back())) s.remove_suffix(1);
  return s;
}

// The tags of s into out (cleared first).
inline void split_tags(std::string_view s, std::vector<std::string>& out) {
  out.clear();
  if (s.find('<') != std::string_view::npos) {
    std::size_t pos = 0;
    while ((pos = s.find('<', pos)) != std::string_view::npos) {
      const std::size_t close = s.find('>', pos + 1);
      if (close == std::string_view::npos) break;
      const std::string_view tag = trim_space(s.substr(pos + 1, close - pos - 1));
      if (!tag.empty()) out.emplace_back(tag);
      pos = close + 1;
    }
    return;
  }
  const bool pipes = s.find('|') != std::string_view::npos;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = pipes ? s.find('|', pos) : s.find_first_of(" \t\r\n", pos);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view tag = trim_space(s.substr(pos, end - pos));
    if (!tag.empty()) out.emplace_back(tag);
    pos = end + 1;
  }
}

}  // namespace qc
