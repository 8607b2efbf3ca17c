// Comma-separated lists as options give them ("tensorflow,pytorch", "50,200").
#pragma once
#include <string>
#include <vector>

namespace qc {

// "a,b,c" -> {"a", "b", "c"}; spaces and tabs around items are dropped and
// empty items kept ("a,,b" -> {"a", "", "b"}), for the caller to judge.
std::vector<std::string> split_comma_list(const std::string& list);

}  // namespace qc
