// How a device sweeps every grid point at once, as plain functions: the CUDA
// kernel calls them, and test_grid_sweep runs the same index arithmetic on
// the CPU by emulating every block and thread one after another.
//
// Layout: s0 is [n_configs][n_posts][K], D and S1 are [n_parts][n_posts][K]
// (configurations that differ only in their norms share D and S1), counts
// are [n_configs][n_alphas][counts_stride(K)].
//
// Blocks: grid x splits the posts (thread t of block x takes posts
// x*T + t, x*T + t + X*T, ...); the other grid dimensions number "point
// blocks", each one configuration and a chunk of up to alpha_chunk
// consecutive alphas. A thread finds each of its posts' predictions over
// the chunk as runs of alphas (alpha_runs.hpp: on a sorted grid most posts
// are one or two runs, so two or three evaluations instead of one per
// alpha) and adds each run to the block's 32-bit shared counters as a
// difference over the alphas: +1 at the run's first alpha, -1 after its
// last (modulo 2^32). After the block's posts, fold_point_block turns the
// differences into counts (a running sum over the chunk's alphas) and adds
// them to the 64-bit global counts, so global atomics scale with blocks,
// not with posts, and shared atomics with runs, not with alphas.
#pragma once
#include <cstddef>
#include <cstdint>

#include "qc/kernels/alpha_runs.hpp"
#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/host_device.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

struct grid_sweep_args {
  std::int64_t n_posts = 0;
  int K = 0;
  const double* s0 = nullptr;              // [n_configs][n_posts][K]
  const std::int64_t* s1 = nullptr;        // [n_parts][n_posts][K]
  const std::int32_t* parts_of = nullptr;  // configuration -> its D/S1; null: the same index
  truth_view truth;
  const double* alphas = nullptr;
  std::int64_t n_alphas = 0;
  tie_rule ties = tie_rule::lowest;
  bool sorted_alphas = false;          // alphas_non_decreasing(alphas, n_alphas)
  std::int64_t alpha_chunk = 1;        // alphas per point block
  std::int64_t chunks_per_config = 0;  // ceil(n_alphas / alpha_chunk)
};

// The configuration and alphas [a0, a0 + na) of point block b.
struct point_block {
  std::int64_t config = 0;
  std::int64_t a0 = 0;
  std::int64_t na = 0;
};

QC_HOST_DEVICE inline point_block point_block_of(const grid_sweep_args& g, std::int64_t b) {
  point_block pb;
  pb.config = b / g.chunks_per_config;
  pb.a0 = (b % g.chunks_per_config) * g.alpha_chunk;
  const std::int64_t left = g.n_alphas - pb.a0;
  pb.na = left < g.alpha_chunk ? left : g.alpha_chunk;
  return pb;
}

// Most alphas a point block takes. With halving, a post costs about the
// same per chunk whatever its length, so chunks are as long as the shared
// counters allow, up to this (128 alphas of K = 6: 28 KiB a block).
constexpr std::int64_t kMaxAlphaChunk = 128;
// Pending runs a thread may hold while halving a chunk of alphas: enough
// for any chunk (2^kRunDepth alphas).
constexpr int kRunDepth = 7;
static_assert((std::int64_t{1} << kRunDepth) >= kMaxAlphaChunk, "a chunk's runs fit the stack");

// One thread's share of point block pb: posts first_post, first_post + step,
// ... Calls add(j, idx, amount) for counter idx of the block's alpha j, as
// differences: a run of alphas [lo, hi] of the chunk adds the amount at lo
// and subtracts it at hi + 1 (nothing past the chunk's last alpha).
template <class Add>
QC_HOST_DEVICE inline void grid_sweep_thread(const grid_sweep_args& g, const point_block& pb,
                                             std::int64_t first_post, std::int64_t step,
                                             Add&& add) {
  const std::int64_t nK = g.n_posts * g.K;
  const std::int64_t parts = g.parts_of ? g.parts_of[pb.config] : pb.config;
  const double* s0c = g.s0 + pb.config * nK;
  const std::int64_t* s1c = g.s1 + parts * nK;
  const std::int64_t end = pb.na;  // chunk-relative
  for (std::int64_t p = first_post; p < g.n_posts; p += step) {
    post_scores ps;
    ps.prepare(g.K, s0c + p * g.K, s1c + p * g.K);
    const bool monotone = g.sorted_alphas && ps.non_negative;
    for_each_alpha_run<kRunDepth>(ps, g.alphas, g.ties, monotone, pb.a0, pb.a0 + pb.na - 1,
                                  [&](std::uint64_t pred, std::int64_t lo, std::int64_t hi) {
                                    const std::int64_t j0 = lo - pb.a0, j1 = hi + 1 - pb.a0;
                                    add_prediction(g.truth, p, pred, g.K,
                                                   [&](std::int64_t idx, int v) {
                                                     add(j0, idx, v);
                                                     if (j1 < end) add(j1, idx, -v);
                                                   });
                                  });
  }
}

// The block's counters, differences over its na alphas (row j: alpha j of
// the chunk, stride counters a row), as counts: thread `first` of a block
// of `step` threads takes counters first, first + step, ... and calls
// out(j * stride + idx, count) for every nonzero count. Running sums modulo
// 2^32 are exact: every true count fits 32 bits (kMaxPostsPerBlock).
template <class Out>
QC_HOST_DEVICE inline void fold_point_block(const std::uint32_t* sh, std::int64_t na,
                                            std::int64_t stride, std::int64_t first,
                                            std::int64_t step, Out&& out) {
  for (std::int64_t idx = first; idx < stride; idx += step) {
    std::uint32_t running = 0;
    for (std::int64_t j = 0; j < na; ++j) {
      running += sh[j * stride + idx];
      if (running) out(j * stride + idx, running);
    }
  }
}

// Where point block pb's counters go in the global counts (its alphas are
// consecutive there, so the block's na * stride counters are one run).
QC_HOST_DEVICE inline std::int64_t point_block_offset(const grid_sweep_args& g,
                                                      const point_block& pb) {
  return (pb.config * g.n_alphas + pb.a0) * counts_stride(g.K);
}

struct grid_sweep_plan {
  std::int64_t alpha_chunk = 1;
  std::int64_t chunks_per_config = 0;
  std::int64_t post_blocks = 1;   // grid x
  std::int64_t point_blocks = 0;  // n_configs * chunks_per_config
  std::size_t shared_bytes = 0;   // per block
};

// Posts one block may take, so that a 32-bit shared counter cannot overflow
// (a post adds at most kMaxCategories to one counter).
constexpr std::int64_t kMaxPostsPerBlock = std::int64_t{1} << 24;

// The launch shape: chunks of alphas as large as the shared memory allows
// (at most kMaxAlphaChunk), and enough post blocks for about target_blocks
// blocks in all, each with at most kMaxPostsPerBlock posts.
inline grid_sweep_plan plan_grid_sweep(std::int64_t n_posts, std::int64_t n_configs,
                                       std::int64_t n_alphas, int K, int threads,
                                       std::size_t max_shared_bytes, std::int64_t target_blocks) {
  grid_sweep_plan p;
  const auto counter_bytes = static_cast<std::size_t>(counts_stride(K)) * sizeof(std::uint32_t);
  std::int64_t chunk = static_cast<std::int64_t>(max_shared_bytes / counter_bytes);
  if (chunk > kMaxAlphaChunk) chunk = kMaxAlphaChunk;
  if (chunk > n_alphas) chunk = n_alphas;
  if (chunk < 1) chunk = 1;
  p.alpha_chunk = chunk;
  p.chunks_per_config = (n_alphas + chunk - 1) / chunk;
  p.point_blocks = n_configs * p.chunks_per_config;
  p.shared_bytes = static_cast<std::size_t>(chunk) * counter_bytes;
  const std::int64_t max_x = (n_posts + threads - 1) / threads;
  const std::int64_t min_x = (n_posts + kMaxPostsPerBlock - 1) / kMaxPostsPerBlock;
  std::int64_t x = p.point_blocks > 0 ? (target_blocks + p.point_blocks - 1) / p.point_blocks : 1;
  if (x > max_x) x = max_x;
  if (x < min_x) x = min_x;
  if (x < 1) x = 1;
  p.post_blocks = x;
  return p;
}

}  // namespace qc
