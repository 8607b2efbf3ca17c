// s0 = (double)D / N_k for every configuration of a grid sweep, as one
// Thrust transform. The execution policy decides where it runs:
// thrust::cuda::par.on(stream) in the CUDA backend, thrust::cpp::par in a
// CPU-only test (compiled by g++ with THRUST_DEVICE_SYSTEM=CPP), so the
// step's logic is tested without a GPU. Needs the CCCL headers (the CUDA
// toolkit's include/cccl).
#pragma once
#include <thrust/iterator/counting_iterator.h>
#include <thrust/transform.h>

#include <cstdint>

#include "qc/kernels/keyword_score.hpp"

namespace qc {

// Entry i of s0 ([n_configs][n_rows][K]): configuration c = i / (n_rows*K)
// divides D of its parts (parts_of[c], or c when parts_of is null) by its
// own norms (norms[c*K + k]).
struct s0_from_parts {
  const std::int64_t* d;         // [n_parts][n_rows][K]
  const std::int32_t* parts_of;  // [n_configs] or null
  const double* norms;           // [n_configs][K]
  std::int64_t per_config;       // n_rows * K
  std::int64_t n_cats;
  QC_HOST_DEVICE double operator()(std::int64_t i) const {
    const std::int64_t c = i / per_config;
    const std::int64_t r = i - c * per_config;
    const std::int64_t parts = parts_of ? parts_of[c] : c;
    return s0_of(d[parts * per_config + r], norms[c * n_cats + r % n_cats]);
  }
};

// All arrays reachable by `policy`; s0 holds n_configs * n_rows * n_cats entries.
template <class Policy>
void compute_s0(Policy&& policy, const std::int64_t* d, const std::int32_t* parts_of,
                const double* norms, double* s0, std::int64_t n_rows, int n_cats,
                std::int64_t n_configs) {
  const std::int64_t per_config = n_rows * n_cats;
  if (per_config == 0 || n_configs == 0) return;
  thrust::transform(policy, thrust::counting_iterator<std::int64_t>(0),
                    thrust::counting_iterator<std::int64_t>(per_config * n_configs), s0,
                    s0_from_parts{d, parts_of, norms, per_config, n_cats});
}

}  // namespace qc
