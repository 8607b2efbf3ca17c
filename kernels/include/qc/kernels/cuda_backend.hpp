// The CUDA backend's entry points, callable from host code compiled by g++.
// Defined in kernels/cuda (built only when CUDA is enabled).
#pragma once
#include <memory>
#include <string>

#include "qc/kernels/backend.hpp"

namespace qc {

// Number of CUDA devices that answer; 0 when there is no driver or device.
int cuda_device_count() noexcept;
// "NVIDIA H100 80GB HBM3 (sm_90, 79 GiB)" for device `device`.
std::string cuda_device_description(int device);
// A backend on `device`. Throws qc::cuda_error when the device cannot be used.
std::unique_ptr<backend> make_cuda_backend(int device = 0);

// The scoring (parts) kernel alone on a resident matrix, for benchmarks:
// median seconds per launch over `reps` launches (CUDA events), the bytes the
// kernel must move at least (CSR arrays, the weight rows it reads, D and S1),
// and the device's peak memory bandwidth. `layout`: the backend's kernel (a
// thread per row and category) or the alternative (a thread per row).
enum class cuda_parts_layout { thread_per_row_and_category, thread_per_row };
struct cuda_kernel_timing {
  double seconds = 0;
  double bytes = 0;
  double peak_bytes_per_second = 0;
};
cuda_kernel_timing time_cuda_parts_kernel(
    const csr_view& m, const weights_view& w, int reps,
    cuda_parts_layout layout = cuda_parts_layout::thread_per_row_and_category, int device = 0);

}  // namespace qc
