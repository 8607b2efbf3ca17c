// What the backends must compute, computed the plainest way for the
// backend-equivalence tests, without any backend's code paths:
// - plain_scores: D, S1 and s0 of every row straight from DEFINITIONS.md 6,
//   over the CSR arrays and the dense weights (no functor, no backend);
// - plain_counts: one configuration's sweep counts from the reference
//   backend's two plain loops (parts, then sweep) with s0 written out here,
//   never through grid_sweep, which the tests check.
#pragma once
#include <cstdint>
#include <vector>

#include "qc/kernels/backend.hpp"
#include "train/training.hpp"

namespace qc_test {

// D_k = sum over the row's words of bow[w] * count_k[w]; S1_k = sum of bow[w]
// over the words with manual_k[w] = 1; s0_k = D_k / N_k, or 0 when N_k = 0.
inline qc::row_scores plain_scores(const qc::csr_view& m, const qc::weights_view& w,
                                   const double* norms) {
  const auto K = static_cast<std::size_t>(w.n_cats);
  qc::row_scores r;
  r.n_cats = w.n_cats;
  r.d.assign(static_cast<std::size_t>(m.n_rows) * K, 0);
  r.s1.assign(r.d.size(), 0);
  r.s0.assign(r.d.size(), 0.0);
  for (std::int64_t row = 0; row < m.n_rows; ++row) {
    for (std::size_t k = 0; k < K; ++k) {
      std::int64_t d = 0, s1 = 0;
      for (std::int64_t e = m.row_ptr[row]; e < m.row_ptr[row + 1]; ++e) {
        const auto word = static_cast<std::size_t>(m.col_idx[e]);
        d += m.values[e] * w.counts[word * K + k];
        if (w.manual[word * K + k] == 1) s1 += m.values[e];
      }
      const std::size_t i = static_cast<std::size_t>(row) * K + k;
      r.d[i] = d;
      r.s1[i] = s1;
      r.s0[i] = norms[k] == 0.0 ? 0.0 : static_cast<double>(d) / norms[k];
    }
  }
  return r;
}

// The counts of one configuration at every alpha: the reference backend's
// parts() and sweep() loops, with s0 computed here.
inline std::vector<std::uint64_t> plain_counts(const qc::csr_view& m, const qc::weights_view& w,
                                               const double* norms, const qc::truth_view& truth,
                                               const std::vector<double>& alphas,
                                               qc::tie_rule ties) {
  auto ref = qc::make_cpu_backend("reference", 1);
  const auto K = static_cast<std::size_t>(w.n_cats);
  std::vector<std::int64_t> d(static_cast<std::size_t>(m.n_rows) * K), s1(d.size());
  ref->parts(m, w, d.data(), s1.data());
  std::vector<double> s0(d.size());
  for (std::size_t i = 0; i < d.size(); ++i)
    s0[i] = norms[i % K] == 0.0 ? 0.0 : static_cast<double>(d[i]) / norms[i % K];
  std::vector<std::uint64_t> out(static_cast<std::size_t>(qc::counts_stride(w.n_cats)) *
                                 alphas.size());
  ref->sweep(m.n_rows, w.n_cats, s0.data(), s1.data(), truth, alphas.data(),
             static_cast<std::int64_t>(alphas.size()), ties, out.data());
  return out;
}

}  // namespace qc_test
