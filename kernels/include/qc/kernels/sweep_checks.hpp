// Checks every backend makes before a sweep reads anything through its
// inputs' indices: the truth list must describe exactly the posts being
// swept, with at least one label each, all in [0, K); the configurations of
// a grid must share one shape, cover the matrix's columns, have norms and
// rows within the matrix.
// A mismatch is refused with qc::usage_error, never read out of bounds.
#pragma once
#include <cstdint>
#include <string>

#include "qc/core/error.hpp"
#include "qc/kernels/backend.hpp"

namespace qc {

// `what` names the call in the message ("grid_sweep", "sweep").
inline void check_sweep_truth(const char* what, const truth_view& truth, std::int64_t n_posts,
                              int K) {
  const std::string w = what;
  if (truth.n_posts != n_posts)
    throw usage_error(w + ": the truth list has " + std::to_string(truth.n_posts) + " posts but " +
                      std::to_string(n_posts) + " are swept");
  if (K < 1 || K > kMaxCategories)
    throw usage_error(w + ": " + std::to_string(K) + " categories (1 to " +
                      std::to_string(kMaxCategories) + " are supported)");
  if (n_posts == 0) return;
  if (!truth.offsets || !truth.labels || truth.offsets[0] != 0)
    throw usage_error(w + ": the truth list has no labels");
  for (std::int64_t i = 0; i < n_posts; ++i) {
    const std::int32_t b = truth.offsets[i], e = truth.offsets[i + 1];
    if (e <= b)
      throw usage_error(w + ": post " + std::to_string(i) + " of the truth list has no label");
    for (std::int32_t j = b; j < e; ++j)
      if (truth.labels[j] < 0 || truth.labels[j] >= K)
        throw usage_error(w + ": post " + std::to_string(i) + " has label " +
                          std::to_string(truth.labels[j]) + ", not in [0, " + std::to_string(K) +
                          ")");
  }
}

inline void check_grid_sweep_inputs(const char* what, const csr_view& m, const grid_config* configs,
                                    std::int64_t n_configs, const truth_view& truth) {
  if (n_configs <= 0) return;
  const std::string w = what;
  const int K = configs[0].w.n_cats;
  const std::int32_t V = configs[0].w.n_words;
  for (std::int64_t c = 0; c < n_configs; ++c) {
    if (configs[c].w.n_cats != K || configs[c].w.n_words != V)
      throw usage_error(w + ": configurations differ in their shape");
    if (!configs[c].norms)
      throw usage_error(w + ": configuration " + std::to_string(c) + " has no norms");
    const row_range r = rows_of(configs[c], m.n_rows);
    if (r.first < 0 || r.first > r.last || r.last > m.n_rows)
      throw usage_error(w + ": configuration " + std::to_string(c) + " has rows [" +
                        std::to_string(r.first) + ", " + std::to_string(r.last) +
                        ") outside the matrix's " + std::to_string(m.n_rows));
  }
  if (V < m.n_cols)
    throw usage_error(w + ": the weights cover " + std::to_string(V) +
                      " words but the matrix has " + std::to_string(m.n_cols) + " columns");
  check_sweep_truth(what, truth, m.n_rows, K);
}

}  // namespace qc
