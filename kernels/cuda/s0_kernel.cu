// The s0 transform on the device: Thrust on the backend's stream.
#include "s0_kernel.cuh"

#include <thrust/execution_policy.h>

#include "qc/kernels/thrust/s0_transform.hpp"

namespace qc::cuda_detail {

void launch_s0(const std::int64_t* d, const std::int32_t* parts_of, const double* norms, double* s0,
               std::int64_t n_rows, int K, std::int64_t n_configs, cudaStream_t s) {
  compute_s0(thrust::cuda::par_nosync.on(s), d, parts_of, norms, s0, n_rows, K, n_configs);
}

}  // namespace qc::cuda_detail
