// How a wanted tag matches a post's tag, for `convert --tags`, the study's
// frameworks and `sample`: exact (the default) or substring (`tensorflow`
// also matches `tensorflow-gpu`, as the study's selection of posts did).
#pragma once
#include <string>

namespace qc {

enum class tag_match { exact, substring };

tag_match parse_tag_match(const std::string& s);  // "exact" | "substring"; throws usage_error
const char* to_string(tag_match m);

}  // namespace qc
