// A grid sweep in pieces whose counts stay within a byte budget, along both
// axes: configurations go together while all their alphas fit, and a
// configuration whose alphas alone do not fit goes alone, its alphas in
// chunks. Pieces come in grid order (configuration, then alpha), so a caller
// can consume them as if the grid came in one call.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "qc/kernels/backend.hpp"

namespace qc {

// The default bound on one piece's counts: 256 MiB, on the host and the device.
constexpr std::size_t kSweepCountsBytes = std::size_t{256} << 20;

struct sweep_piece {
  std::int64_t c0 = 0, c1 = 0;  // configurations [c0, c1)
  std::int64_t a0 = 0, a1 = 0;  // alphas [a0, a1)
};

// The pieces of a grid of n_configs x n_alphas points with K categories,
// each holding at most max_bytes of counts (at least one point each).
inline std::vector<sweep_piece> plan_sweep_pieces(std::int64_t n_configs, std::int64_t n_alphas,
                                                  int K, std::size_t max_bytes) {
  std::vector<sweep_piece> pieces;
  if (n_configs <= 0 || n_alphas <= 0) return pieces;
  const auto point_bytes = static_cast<std::size_t>(counts_stride(K)) * sizeof(std::uint64_t);
  const auto max_points =
      static_cast<std::int64_t>(std::max<std::size_t>(1, max_bytes / point_bytes));
  if (n_alphas <= max_points) {
    const std::int64_t per = max_points / n_alphas;
    for (std::int64_t c0 = 0; c0 < n_configs; c0 += per)
      pieces.push_back({c0, std::min(n_configs, c0 + per), 0, n_alphas});
  } else {
    for (std::int64_t c = 0; c < n_configs; ++c)
      for (std::int64_t a0 = 0; a0 < n_alphas; a0 += max_points)
        pieces.push_back({c, c + 1, a0, std::min(n_alphas, a0 + max_points)});
  }
  return pieces;
}

// be.grid_sweep() over every piece; visit(piece, counts) gets each piece's
// counts, [(c - c0) * (a1 - a0) + (a - a0)] * counts_stride(K), in grid order.
template <class Visit>
void grid_sweep_in_pieces(backend& be, const csr_view& m, const grid_config* configs,
                          std::int64_t n_configs, const truth_view& truth, const double* alphas,
                          std::int64_t n_alphas, tie_rule ties, std::size_t max_bytes,
                          Visit&& visit) {
  if (n_configs <= 0) return;
  const int K = configs[0].w.n_cats;
  const std::int64_t stride = counts_stride(K);
  std::vector<std::uint64_t> counts;
  for (const sweep_piece& p : plan_sweep_pieces(n_configs, n_alphas, K, max_bytes)) {
    counts.resize(static_cast<std::size_t>((p.c1 - p.c0) * (p.a1 - p.a0) * stride));
    be.grid_sweep(m, configs + p.c0, p.c1 - p.c0, truth, alphas + p.a0, p.a1 - p.a0, ties,
                  counts.data());
    visit(p, static_cast<const std::uint64_t*>(counts.data()));
  }
}

}  // namespace qc
