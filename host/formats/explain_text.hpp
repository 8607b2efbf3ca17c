// `qclass explain` as text for people: per post its prediction, then per
// category (highest score first) the score's parts, the words that give D
// with their counts and weights, and the manual keywords that give S1.
#pragma once
#include <string>

#include "model/keyword_model.hpp"
#include "score/explain.hpp"

namespace qc {

// Appends one post's explanation to `out`.
void append_explanation_text(std::string& out, const post_explanation& e, const keyword_model& m,
                             const explain_display& d);

}  // namespace qc
