// Adding one test post's prediction to integer evaluation counts
// (DEFINITIONS.md 7): the confusion-count rule, written once for every
// backend's sweep and for host code (plain C++17, no CUDA needed).
//
// Counts of one grid point are a flat array of 3K + K*K + 2 integers:
//   [0,K) TP   [K,2K) FP   [2K,3K) FN   [3K, 3K+K*K) C (row = true, col = predicted)
//   [3K+K*K] posts with set(P) == set(Y)   [3K+K*K+1] posts added
#pragma once
#include <cstdint>

#include "qc/kernels/host_device.hpp"

namespace qc {

QC_HOST_DEVICE constexpr std::int64_t counts_stride(int K) {
  return 3 * static_cast<std::int64_t>(K) + static_cast<std::int64_t>(K) * K + 2;
}

// Labels of each test post: y[offsets[i] .. offsets[i+1]) in input order, >= 1 each.
struct truth_view {
  std::int64_t n_posts = 0;
  const std::int32_t* offsets = nullptr;
  const std::int32_t* labels = nullptr;
};

// Indices into one grid point's counts (the layout above).
QC_HOST_DEVICE constexpr std::int64_t tp_index(int, int k) { return k; }
QC_HOST_DEVICE constexpr std::int64_t fp_index(int K, int k) { return K + k; }
QC_HOST_DEVICE constexpr std::int64_t fn_index(int K, int k) { return 2 * std::int64_t{K} + k; }
QC_HOST_DEVICE constexpr std::int64_t confusion_index(int K, int row, int col) {
  return 3 * std::int64_t{K} + std::int64_t{row} * K + col;
}
QC_HOST_DEVICE constexpr std::int64_t exact_index(int K) {
  return 3 * std::int64_t{K} + std::int64_t{K} * K;
}
QC_HOST_DEVICE constexpr std::int64_t posts_index(int K) { return exact_index(K) + 1; }

// The confusion-count rule for one post, the one copy every caller uses (the
// backends' sweeps on the CPU and the GPU, and host code): y[0..ny) are the
// post's true labels (input order, at least one, each in [0, K)), predicted
// its predicted set (bit k: category k; K <= 64). Calls add(index, 1) for
// every counter the post adds to, at the indices above: TP of each correct
// prediction (and C[p][p]), FP of each wrong one (and C[y[0]][p]), FN of each
// missed label, the exact-match counter when the sets are equal, and the
// posts counter. `add` is plain += on the CPU, atomicAdd on a GPU; a caller
// that removes a post (an envelope sweep) passes an `add` that subtracts.
template <class Add>
QC_HOST_DEVICE inline void add_prediction(const std::int32_t* y, int ny, std::uint64_t predicted,
                                          int K, Add&& add) {
  std::uint64_t ymask = 0;
  for (int i = 0; i < ny; ++i) ymask |= std::uint64_t{1} << y[i];
  for (int p = 0; p < K; ++p) {
    if (!((predicted >> p) & 1u)) continue;
    if ((ymask >> p) & 1u) {
      add(tp_index(K, p), 1);
      add(confusion_index(K, p, p), 1);
    } else {
      add(fp_index(K, p), 1);
      add(confusion_index(K, y[0], p), 1);
    }
  }
  for (int i = 0; i < ny; ++i)
    if (!((predicted >> y[i]) & 1u)) add(fn_index(K, y[i]), 1);
  if (predicted == ymask) add(exact_index(K), 1);
  add(posts_index(K), 1);
}

// The same for post `post` of a truth list.
template <class Add>
QC_HOST_DEVICE inline void add_prediction(const truth_view& t, std::int64_t post,
                                          std::uint64_t predicted, int K, Add&& add) {
  add_prediction(t.labels + t.offsets[post], t.offsets[post + 1] - t.offsets[post], predicted, K,
                 static_cast<Add&&>(add));
}

// The predicted set of a list of predicted categories (each in [0, 64)).
QC_HOST_DEVICE inline std::uint64_t predicted_mask(const std::int32_t* p, int np) {
  std::uint64_t m = 0;
  for (int i = 0; i < np; ++i) m |= std::uint64_t{1} << p[i];
  return m;
}

}  // namespace qc
