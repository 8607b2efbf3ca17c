// s0 = D / N_k on the device (s0_transform.hpp's Thrust transform).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace qc::cuda_detail {

// s0 ([n_configs][n_rows][K]) from D of each configuration's parts
// (parts_of[c], or c when null) and its norms ([n_configs][K]). Device
// pointers; asynchronous on s.
void launch_s0(const std::int64_t* d, const std::int32_t* parts_of, const double* norms, double* s0,
               std::int64_t n_rows, int K, std::int64_t n_configs, cudaStream_t s);

}  // namespace qc::cuda_detail
