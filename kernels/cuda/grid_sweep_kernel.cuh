// The grid sweep kernel: every grid point's confusion counts at once (the
// block layout is grid_sweep.hpp's, which test_grid_sweep emulates on the CPU).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "qc/kernels/grid_sweep.hpp"

namespace qc::cuda_detail {

// Adds the counts of g's n_configs configurations and all its alphas into
// counts ([n_configs][n_alphas][counts_stride(K)], zeroed by the caller).
// g's alpha_chunk and chunks_per_config are chosen here: about four waves
// of resident blocks on sm_count multiprocessors. Asynchronous on s.
void launch_grid_sweep(grid_sweep_args g, std::int64_t n_configs, int sm_count,
                       unsigned long long* counts, cudaStream_t s);

}  // namespace qc::cuda_detail
