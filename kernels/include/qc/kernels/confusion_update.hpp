// Adding one test post's prediction to integer evaluation counts
// (DEFINITIONS.md 7), as a functor shared by every backend's sweep.
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

// `add` is called as add(index, amount): plain += on the CPU, atomicAdd on a GPU.
template <class Add>
QC_HOST_DEVICE inline void add_prediction(const truth_view& t, std::int64_t post,
                                          std::uint64_t predicted, int K, Add&& add) {
  const std::int32_t* y = t.labels + t.offsets[post];
  const int ny = t.offsets[post + 1] - t.offsets[post];
  std::uint64_t ymask = 0;
  for (int i = 0; i < ny; ++i) ymask |= std::uint64_t{1} << y[i];
  const std::int64_t C = 3 * static_cast<std::int64_t>(K);
  for (int p = 0; p < K; ++p) {
    if (!((predicted >> p) & 1u)) continue;
    if ((ymask >> p) & 1u) {
      add(p, 1);
      add(C + static_cast<std::int64_t>(p) * K + p, 1);
    } else {
      add(K + p, 1);
      add(C + static_cast<std::int64_t>(y[0]) * K + p, 1);
    }
  }
  for (int i = 0; i < ny; ++i)
    if (!((predicted >> y[i]) & 1u)) add(2 * static_cast<std::int64_t>(K) + y[i], 1);
  const std::int64_t tail = C + static_cast<std::int64_t>(K) * K;
  if (predicted == ymask) add(tail, 1);
  add(tail + 1, 1);
}

}  // namespace qc
