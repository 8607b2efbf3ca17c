// Which frameworks a post belongs to, by its tags (the study: questions
// tagged tensorflow, pytorch or deeplearning4j).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/tag_match.hpp"

namespace qc {

class framework_set {
 public:
  // Throws usage_error for an empty list, an empty or repeated name, more
  // than 32 names, or the reserved row names "all" and "other".
  framework_set(std::vector<std::string> names, tag_match match);

  const std::vector<std::string>& names() const { return names_; }
  tag_match match_mode() const { return match_; }
  // Bit i is set when the post belongs to framework i. Tags compare byte
  // for byte (Stack Overflow tags are lowercase).
  std::uint32_t match(const std::vector<std::string>& tags) const;

 private:
  std::vector<std::string> names_;
  tag_match match_;
};

}  // namespace qc
