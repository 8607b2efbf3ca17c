#include "core/tag_match.hpp"

#include "qc/core/error.hpp"

namespace qc {

tag_match parse_tag_match(const std::string& s) {
  if (s == "exact") return tag_match::exact;
  if (s == "substring") return tag_match::substring;
  throw usage_error("--tag-match must be exact or substring, not '" + s + "'");
}

const char* to_string(tag_match m) { return m == tag_match::exact ? "exact" : "substring"; }

}  // namespace qc
