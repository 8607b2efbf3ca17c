// One post's prediction from its per-category parts (DEFINITIONS.md 6), as
// `qclass score` writes it: the best category (ties: lowest index), the
// categories tied with it, the runner-up and the margin, and whether the post
// has no scoring word at all. `score` and `explain` both use it.
#pragma once
#include <cstdint>

#include "formats/predictions.hpp"

namespace qc {

// s0, d and s1 hold one post's K categories.
scored_post predict_row(const double* s0, const std::int64_t* d, const std::int64_t* s1,
                        double alpha, int K);

}  // namespace qc
