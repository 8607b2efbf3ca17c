// The grid sweep kernel and its launcher.
#include "grid_sweep_kernel.cuh"

#include <algorithm>
#include <stdexcept>

#include "cuda_check.cuh"
#include "launch_shape.cuh"
#include "qc/kernels/confusion_update.hpp"

namespace qc::cuda_detail {
namespace {

// Every grid point at once (see grid_sweep.hpp): point block number
// blockIdx.z * gridDim.y + blockIdx.y, posts split along x. Four blocks a
// multiprocessor at least: 64 registers a thread, which ptxas reaches
// without spilling on sm_90 (72 unbounded; sm_80 spills 28 bytes);
// five would spill on both.
__global__ void __launch_bounds__(kThreads, 4)
    grid_sweep_kernel(grid_sweep_args g, std::int64_t point_blocks, unsigned long long* counts) {
  extern __shared__ unsigned int shared_counts[];
  unsigned int* sh = shared_counts;
  const std::int64_t b = static_cast<std::int64_t>(blockIdx.z) * gridDim.y + blockIdx.y;
  if (b >= point_blocks) return;  // the whole block: before any barrier
  const point_block pb = point_block_of(g, b);
  const std::int64_t stride = counts_stride(g.K);
  const std::int64_t n_sh = pb.na * stride;
  for (std::int64_t i = threadIdx.x; i < n_sh; i += blockDim.x) sh[i] = 0;
  __syncthreads();
  const std::int64_t first = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  // Differences modulo 2^32: a negative amount wraps (fold_point_block).
  grid_sweep_thread(g, pb, first, step, [sh, stride](std::int64_t j, std::int64_t idx, int v) {
    atomicAdd(sh + j * stride + idx, static_cast<unsigned int>(v));
  });
  __syncthreads();
  unsigned long long* out = counts + point_block_offset(g, pb);
  fold_point_block(sh, pb.na, stride, threadIdx.x, blockDim.x,
                   [out](std::int64_t i, unsigned int count) {
                     atomicAdd(out + i, static_cast<unsigned long long>(count));
                   });
}

}  // namespace

void launch_grid_sweep(grid_sweep_args g, std::int64_t n_configs, int sm_count,
                       unsigned long long* counts, cudaStream_t s) {
  // About four waves of resident blocks, so the last wave's tail is short.
  const grid_sweep_plan shape =
      plan_grid_sweep(g.n_posts, n_configs, g.n_alphas, g.K, kThreads, kSharedBytes, 1);
  int per_sm = 0;
  QC_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, grid_sweep_kernel, kThreads,
                                                              shape.shared_bytes));
  const std::int64_t target = 4 * std::int64_t{sm_count} * std::max(per_sm, 1);
  const grid_sweep_plan plan =
      plan_grid_sweep(g.n_posts, n_configs, g.n_alphas, g.K, kThreads, kSharedBytes, target);
  if (g.n_posts <= 0 || plan.point_blocks <= 0) return;
  g.alpha_chunk = plan.alpha_chunk;
  g.chunks_per_config = plan.chunks_per_config;
  const std::int64_t y = std::min(plan.point_blocks, kMaxGridYZ);
  const std::int64_t z = (plan.point_blocks + y - 1) / y;
  if (z > kMaxGridYZ) throw std::invalid_argument("grid_sweep: too many grid points");
  const dim3 grid(static_cast<unsigned>(plan.post_blocks), static_cast<unsigned>(y),
                  static_cast<unsigned>(z));
  grid_sweep_kernel<<<grid, kThreads, plan.shared_bytes, s>>>(g, plan.point_blocks, counts);
  QC_CUDA_CHECK(cudaGetLastError());
}

}  // namespace qc::cuda_detail
