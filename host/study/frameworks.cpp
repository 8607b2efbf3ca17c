#include "study/frameworks.hpp"

#include <algorithm>

#include "qc/core/error.hpp"

namespace qc {

framework_set::framework_set(std::vector<std::string> names, tag_match match)
    : names_(std::move(names)), match_(match) {
  if (names_.empty()) throw usage_error("--frameworks: no framework named");
  if (names_.size() > 32) throw usage_error("--frameworks: at most 32 frameworks");
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string& n = names_[i];
    if (n.empty()) throw usage_error("--frameworks: empty framework name");
    if (n == "all" || n == "other")
      throw usage_error("--frameworks: '" + n + "' is reserved for a row of Table 1");
    if (std::find(names_.begin(), names_.begin() + static_cast<std::ptrdiff_t>(i), n) !=
        names_.begin() + static_cast<std::ptrdiff_t>(i))
      throw usage_error("--frameworks: '" + n + "' named twice");
  }
}

std::uint32_t framework_set::match(const std::vector<std::string>& tags) const {
  std::uint32_t bits = 0;
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const std::string& n = names_[i];
    for (const std::string& t : tags) {
      if (match_ == tag_match::exact ? t == n : t.find(n) != std::string::npos) {
        bits |= std::uint32_t{1} << i;
        break;
      }
    }
  }
  return bits;
}

}  // namespace qc
