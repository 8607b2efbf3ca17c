// The CUDA backend's entry points, callable from host code compiled by g++.
// Defined in kernels/cuda (built only when CUDA is enabled); probe_gpu()
// (backend.hpp) says whether a device answers, and why not.
#pragma once
#include <memory>
#include <string>

#include "qc/kernels/backend.hpp"

namespace qc {

// Number of CUDA devices that answer: probe_gpu().devices.
int cuda_device_count() noexcept;
// "NVIDIA H100 80GB HBM3 (sm_90, 79 GiB)" for device `device`.
std::string cuda_device_description(int device);
// A backend on `device`. Throws qc::cuda_error, with the driver's reason,
// when no device is usable.
std::unique_ptr<backend> make_cuda_backend(int device = 0);

}  // namespace qc
