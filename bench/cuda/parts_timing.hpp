// The scoring (parts) kernel alone on a resident matrix, for benchmarks
// (bench-only: not part of the backend).
#pragma once
#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

// `layout`: the backend's kernel (a thread per row and category) or an
// alternative to hold it against: a thread per row (row_parts, as the CPU
// backends), or 8 or 32 lanes of a warp per row, reading the row's entries
// side by side and summing with shuffles (at most 8 categories).
enum class cuda_parts_layout {
  thread_per_row_and_category,
  thread_per_row,
  eight_lanes_per_row,
  warp_per_row
};
struct cuda_kernel_timing {
  double seconds = 0;                // median per launch
  double bytes = 0;                  // what the kernel must move at least
  double peak_bytes_per_second = 0;  // the device's peak memory bandwidth
  bool exact = false;                // D and S1 equal row_parts() of every row
};
// Median seconds per launch over `reps` launches (CUDA events) after one
// warm-up launch. Throws qc::cuda_error when no device is usable.
cuda_kernel_timing time_cuda_parts_kernel(
    const csr_view& m, const weights_view& w, int reps,
    cuda_parts_layout layout = cuda_parts_layout::thread_per_row_and_category, int device = 0);

}  // namespace qc
