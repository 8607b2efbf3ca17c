// s0 = (double)D / N_k over a whole [n x K] block, as one Thrust transform.
// The execution policy decides where it runs: thrust::cuda::par.on(stream) in
// the CUDA backend, thrust::cpp::par in a CPU-only test (compiled by g++ with
// THRUST_DEVICE_SYSTEM=CPP), so the step's logic is tested without a GPU.
// Needs the CCCL headers (the CUDA toolkit's include/cccl).
#pragma once
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform.h>

#include <cstdint>

#include "qc/kernels/keyword_score.hpp"

namespace qc {

struct s0_from_parts {
  const std::int64_t* d;
  const double* norms;
  std::int64_t n_cats;
  QC_HOST_DEVICE double operator()(std::int64_t i) const { return s0_of(d[i], norms[i % n_cats]); }
};

// d and s0 hold n_rows * n_cats entries, norms n_cats, all reachable by `policy`.
template <class Policy>
void compute_s0(Policy&& policy, const std::int64_t* d, const double* norms, double* s0,
                std::int64_t n_rows, int n_cats) {
  const std::int64_t n = n_rows * n_cats;
  thrust::transform(policy, thrust::counting_iterator<std::int64_t>(0),
                    thrust::counting_iterator<std::int64_t>(n), s0,
                    s0_from_parts{d, norms, n_cats});
}

}  // namespace qc
