// Per-element math of the keyword classifier (DEFINITIONS.md 6), written once
// for every backend: the reference and fast CPU loops and the CUDA kernels.
//
//   D_k  = sum_{w in T_k} bow[w] * count_k[w]   (integer)
//   S1_k = sum_{w in M_k} bow[w]                (integer)
//   s0_k = (double)D_k / N_k, or 0.0 if N_k == 0
//   score_k(alpha) = s0_k + alpha * (double)S1_k   (multiply, then add; no FMA)
//
// Exactness does not rest on compiler flags alone: on the device the double
// operations are the explicitly rounded intrinsics (__dmul_rn, __dadd_rn,
// __ddiv_rn), which nvcc never fuses into an FMA whatever --fmad says (a
// CTest test, ptx_no_fma, checks the PTX). On the host they are plain
// operators, and -ffp-contract=off keeps g++ from fusing them.
#pragma once
#include <cstddef>
#include <cstdint>

#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/host_device.hpp"

namespace qc {

// Prediction rule when categories tie at the maximum score (DEFINITIONS.md 6).
enum class tie_rule { lowest, all };

// Most categories a model may have; bounds per-thread arrays in kernels.
constexpr int kMaxCategories = 64;

// Dense per-word weights, row-major by word: entry [w * n_cats + k].
struct weights_view {
  std::int32_t n_words = 0;
  std::int32_t n_cats = 0;
  const std::int64_t* counts = nullptr;  // count_k[w] when w in T_k, else 0
  const std::int32_t* manual = nullptr;  // 1 when w in M_k, else 0
  // Identity of the contents, as csr_view::content_id (0: unknown), so a
  // device backend may keep the weights resident between batches.
  std::uint64_t content_id = 0;
};

// D and S1 of one row (post), written to d[0..K) and s1[0..K).
QC_HOST_DEVICE inline void row_parts(const csr_view& m, std::int64_t row, const weights_view& w,
                                     std::int64_t* d, std::int64_t* s1) {
  const int K = w.n_cats;
  for (int k = 0; k < K; ++k) {
    d[k] = 0;
    s1[k] = 0;
  }
  for (std::int64_t e = m.row_ptr[row]; e < m.row_ptr[row + 1]; ++e) {
    const std::int64_t col = m.col_idx[e];
    const std::int64_t bow = m.values[e];
    const std::int64_t* c = w.counts + col * K;
    const std::int32_t* man = w.manual + col * K;
    for (int k = 0; k < K; ++k) {
      d[k] += bow * c[k];
      s1[k] += bow * man[k];
    }
  }
}

// D_k and S1_k of one row for one category k: row_parts() one category at
// a time. The CUDA kernel gives each (row, k) its own thread, so that
// neighbouring threads read the same row entries and neighbouring weights
// and write neighbouring outputs. Integer sums: equal to row_parts() exactly.
QC_HOST_DEVICE inline void row_part(const csr_view& m, std::int64_t row, const weights_view& w,
                                    int k, std::int64_t* d, std::int64_t* s1) {
  const int K = w.n_cats;
  std::int64_t dk = 0, sk = 0;
  for (std::int64_t e = m.row_ptr[row]; e < m.row_ptr[row + 1]; ++e) {
    const std::int64_t col = m.col_idx[e];
    const std::int64_t bow = m.values[e];
    dk += bow * w.counts[col * K + k];
    sk += bow * w.manual[col * K + k];
  }
  *d = dk;
  *s1 = sk;
}

// Correctly rounded a*b, a+b and a/b (IEEE round to nearest even), never fused.
QC_HOST_DEVICE inline double mul_rn(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dmul_rn(a, b);
#else
  return a * b;
#endif
}
QC_HOST_DEVICE inline double add_rn(double a, double b) {
#ifdef __CUDA_ARCH__
  return __dadd_rn(a, b);
#else
  return a + b;
#endif
}
QC_HOST_DEVICE inline double div_rn(double a, double b) {
#ifdef __CUDA_ARCH__
  return __ddiv_rn(a, b);
#else
  return a / b;
#endif
}

QC_HOST_DEVICE inline double s0_of(std::int64_t d, double norm) {
  return norm == 0.0 ? 0.0 : div_rn(static_cast<double>(d), norm);
}

// s0 of a block of rows: s0[i] = s0_of(d[i], norms[i % K]) for i < n.
inline void s0_of_rows(const std::int64_t* d, const double* norms, int K, std::size_t n,
                       double* s0) {
  for (std::size_t i = 0; i < n; ++i) s0[i] = s0_of(d[i], norms[i % static_cast<std::size_t>(K)]);
}

QC_HOST_DEVICE inline double score_of(double s0, double alpha, std::int64_t s1) {
  return add_rn(s0, mul_rn(alpha, static_cast<double>(s1)));
}

// The lowest index among those tied for the maximum score (ties=lowest).
QC_HOST_DEVICE inline int argmax_lowest(const double* s0, const std::int64_t* s1, double alpha,
                                        int K) {
  int best = 0;
  double best_score = K > 0 ? score_of(s0[0], alpha, s1[0]) : 0.0;
  for (int k = 1; k < K; ++k) {
    const double s = score_of(s0[k], alpha, s1[k]);
    if (s > best_score) {
      best_score = s;
      best = k;
    }
  }
  return best;
}

// Bit k set for every category tied at the maximum (ties=all); K <= 64.
QC_HOST_DEVICE inline std::uint64_t argmax_all(const double* s0, const std::int64_t* s1,
                                               double alpha, int K) {
  if (K <= 0) return 0;
  const int best = argmax_lowest(s0, s1, alpha, K);
  const double top = score_of(s0[best], alpha, s1[best]);
  std::uint64_t set = 0;
  for (int k = best; k < K; ++k)
    if (score_of(s0[k], alpha, s1[k]) == top) set |= std::uint64_t{1} << k;
  return set;
}

// The predicted set of one post under the tie rule (bit k: category k).
QC_HOST_DEVICE inline std::uint64_t predicted_set(const double* s0, const std::int64_t* s1,
                                                  double alpha, int K, tie_rule ties) {
  if (ties == tie_rule::all) return argmax_all(s0, s1, alpha, K);
  return std::uint64_t{1} << argmax_lowest(s0, s1, alpha, K);
}

// No scoring word at all: every D_k and S1_k is zero (DEFINITIONS.md 6).
QC_HOST_DEVICE inline bool no_evidence(const std::int64_t* d, const std::int64_t* s1, int K) {
  for (int k = 0; k < K; ++k)
    if (d[k] != 0 || s1[k] != 0) return false;
  return true;
}

}  // namespace qc
