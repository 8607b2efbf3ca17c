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

}  // namespace qc
