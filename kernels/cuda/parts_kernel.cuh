// The scoring kernel: D and S1 of every row (keyword_score.hpp's row_part,
// one thread per row and category).
#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc::cuda_detail {

// D and S1 of dm's rows for n_sets weight sets, w_stride elements apart in
// dw (sets go to d and s1 n_rows * K apart). Device pointers; asynchronous on s.
void launch_parts(const csr_view& dm, const weights_view& dw, std::int64_t w_stride,
                  std::int64_t n_sets, std::int64_t* d, std::int64_t* s1, cudaStream_t s);

}  // namespace qc::cuda_detail
