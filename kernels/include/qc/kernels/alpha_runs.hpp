// One post's predictions over a sorted alpha grid, as runs of alphas with
// the same prediction, found by halving: written once for the threaded CPU
// backend's sweep and the CUDA grid sweep kernel (grid_sweep.hpp).
//
// Exact: every prediction equals the reference's (predicted_set) at its
// alpha, because
// - categories whose S1 is 0 score s0 at every alpha: their best (lowest
//   index among the maximum) is found once per post;
// - every score s0 + alpha*S1 (S1 >= 0, rounded multiply then add) is
//   non-decreasing in alpha, so on a run of sorted alphas [lo, hi] no other
//   category can score more than it does at alphas[hi], and the winner at lo
//   scores at least what it did there. When those bounds already separate
//   the winner (strictly, or by a tie the rule resolves its way), the whole
//   run has the winner's prediction; otherwise the run is halved. A post
//   whose winner never changes costs two evaluations, not one per alpha.
// Without sorted alphas, or with a negative S1 (which counts never give),
// every alpha is evaluated on its own.
#pragma once
#include <cstdint>

#include "qc/kernels/host_device.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

// The index of the lowest set bit of m (m != 0).
QC_HOST_DEVICE inline int lowest_bit(std::uint64_t m) {
#ifdef __CUDA_ARCH__
  return __ffsll(static_cast<long long>(m)) - 1;
#else
  return __builtin_ctzll(m);
#endif
}

// Whether alphas[0..n) never decrease (the halving's precondition).
QC_HOST_DEVICE inline bool alphas_non_decreasing(const double* alphas, std::int64_t n) {
  for (std::int64_t a = 1; a < n; ++a)
    if (alphas[a] < alphas[a - 1]) return false;
  return true;
}

// One post's scores, split into the categories without keywords (constant
// in alpha: their best b0 with score m0 and every category tied with it in
// mask0) and the ones with keywords (bits of `var`), rescored per alpha.
struct post_scores {
  int K = 0;
  const double* s0 = nullptr;
  const std::int64_t* s1 = nullptr;
  int b0 = -1;
  double m0 = 0.0;
  std::uint64_t mask0 = 0;
  std::uint64_t var = 0;
  bool non_negative = true;

  QC_HOST_DEVICE void prepare(int n_cats, const double* ps0, const std::int64_t* ps1) {
    K = n_cats;
    s0 = ps0;
    s1 = ps1;
    b0 = -1;
    m0 = 0.0;
    mask0 = 0;
    var = 0;
    non_negative = true;
    for (int k = 0; k < K; ++k) {
      const std::int64_t sk = s1[k];
      const double s0k = s0[k];
      if (sk != 0) {
        var |= std::uint64_t{1} << k;
        non_negative = non_negative && sk > 0;
      } else if (b0 < 0 || s0k > m0) {
        b0 = k;
        m0 = s0k;
        mask0 = std::uint64_t{1} << k;
      } else if (s0k == m0) {
        mask0 |= std::uint64_t{1} << k;
      }
    }
  }

  struct result {
    std::uint64_t pred;  // the predicted set under the tie rule
    int best;            // the lowest-index winner
    double top;          // its score
  };

  // Exactly the reference's prediction at one alpha.
  QC_HOST_DEVICE result evaluate(double alpha, tie_rule ties) const {
    int best = b0;
    double top = m0;
    for (std::uint64_t m = var; m != 0; m &= m - 1) {
      const int k = lowest_bit(m);
      const double sc = score_of(s0[k], alpha, s1[k]);
      if (best < 0 || sc > top || (sc == top && k < best)) {
        best = k;
        top = sc;
      }
    }
    std::uint64_t pred = std::uint64_t{1} << best;
    if (ties == tie_rule::all) {
      pred = (b0 >= 0 && m0 == top) ? mask0 : 0;
      for (std::uint64_t m = var; m != 0; m &= m - 1) {
        const int k = lowest_bit(m);
        if (score_of(s0[k], alpha, s1[k]) == top) pred |= std::uint64_t{1} << k;
      }
    }
    return {pred, best, top};
  }

  // Whether `at_lo` (the prediction at the run's first alpha) holds up to
  // alpha_hi: every other category's score there (its maximum on the run)
  // stays below the winner's score at lo (its minimum), or ties it where the
  // lowest-index rule still picks the winner.
  QC_HOST_DEVICE bool holds(const result& at_lo, double alpha_hi, tie_rule ties) const {
    const bool all = ties == tie_rule::all;
    if (all && (at_lo.pred & (at_lo.pred - 1)) != 0) return false;  // a tied set: look closer
    const int w = at_lo.best;
    const double low = at_lo.top;
    if (b0 >= 0 && b0 != w && m0 >= low && (m0 > low || all || b0 < w)) return false;
    for (std::uint64_t m = var & ~(std::uint64_t{1} << w); m != 0; m &= m - 1) {
      const int k = lowest_bit(m);
      const double up = score_of(s0[k], alpha_hi, s1[k]);
      if (up > low || (up == low && (all || k < w))) return false;
    }
    return true;
  }
};

// Calls add_run(pred, lo, hi) for runs of alphas [lo, hi] that together
// cover [first, last] once each, in order, where pred is the prediction at
// every alpha of the run. `monotone`: the alphas are sorted and the post's
// S1 non-negative (else every alpha is its own run). Halving keeps at most
// MaxDepth right halves pending (each evaluated at its first alpha when its
// turn comes, as a recursion would); a run that would need more is
// evaluated alpha by alpha instead (exact either way, so MaxDepth only
// bounds the memory: a range of at most 2^MaxDepth alphas never needs it).
template <int MaxDepth, class AddRun>
QC_HOST_DEVICE inline void for_each_alpha_run(const post_scores& ps, const double* alphas,
                                              tie_rule ties, bool monotone, std::int64_t first,
                                              std::int64_t last, AddRun&& add_run) {
  struct range {
    std::int64_t lo, hi;
  };
  range pending[MaxDepth];
  int n = 0;
  std::int64_t lo = first, hi = last;
  post_scores::result at_lo = ps.evaluate(alphas[first], ties);
  for (;;) {
    if (lo == hi || (monotone && ps.holds(at_lo, alphas[hi], ties))) {
      add_run(at_lo.pred, lo, hi);
    } else if (n == MaxDepth) {
      add_run(at_lo.pred, lo, lo);
      for (std::int64_t a = lo + 1; a <= hi; ++a) add_run(ps.evaluate(alphas[a], ties).pred, a, a);
    } else {
      const std::int64_t mid = lo + (hi - lo) / 2;
      pending[n++] = range{mid + 1, hi};
      hi = mid;  // the left half first, with the same prediction at lo
      continue;
    }
    if (n == 0) return;
    --n;
    lo = pending[n].lo;
    hi = pending[n].hi;
    at_lo = ps.evaluate(alphas[lo], ties);
  }
}

}  // namespace qc
