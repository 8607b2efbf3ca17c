// Turning CUDA runtime errors into qc::cuda_error with the call and location.
#pragma once
#include <cuda_runtime.h>

#include <string>

#include "qc/core/error.hpp"

namespace qc::cuda_detail {

[[noreturn]] inline void throw_cuda_error(cudaError_t e, const char* call, const char* file,
                                          int line) {
  throw cuda_error(std::string(call) + " failed: " + cudaGetErrorName(e) + " (" +
                   cudaGetErrorString(e) + ") at " + file + ":" + std::to_string(line));
}

}  // namespace qc::cuda_detail

#define QC_CUDA_CHECK(call)                                                       \
  do {                                                                            \
    const cudaError_t qc_cuda_e_ = (call);                                        \
    if (qc_cuda_e_ != cudaSuccess)                                                \
      ::qc::cuda_detail::throw_cuda_error(qc_cuda_e_, #call, __FILE__, __LINE__); \
  } while (0)
