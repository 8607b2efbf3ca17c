// Devices: whether one answers (and the driver's reason when none does),
// its description and what the backend sizes its launches by.
#include <cuda_runtime.h>

#include <string>

#include "cuda_check.cuh"
#include "device.cuh"
#include "qc/kernels/cuda_backend.hpp"

namespace qc {
namespace {

std::string cuda_version_text(int v) {
  return std::to_string(v / 1000) + "." + std::to_string(v % 1000 / 10);
}

}  // namespace

gpu_status probe_gpu() {
  gpu_status st;
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e == cudaSuccess && n > 0) {
    st.devices = n;
    return st;
  }
  cudaGetLastError();  // clear the sticky "no driver / no device" error
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  std::string versions = "CUDA runtime " + cuda_version_text(runtime) + ", driver ";
  versions += driver ? "supports CUDA up to " + cuda_version_text(driver) : "not installed";
  if (e != cudaSuccess) {
    st.reason = std::string("cudaGetDeviceCount: ") + cudaGetErrorName(e) + " (" +
                cudaGetErrorString(e) + "); " + versions;
  } else {
    st.reason = "the CUDA driver reports no device; " + versions;
  }
  return st;
}

int cuda_device_count() noexcept {
  try {
    return probe_gpu().devices;
  } catch (...) {
    return 0;
  }
}

std::string cuda_device_description(int device) {
  cudaDeviceProp p{};
  QC_CUDA_CHECK(cudaGetDeviceProperties(&p, device));
  return std::string(p.name) + " (sm_" + std::to_string(p.major) + std::to_string(p.minor) + ", " +
         std::to_string(p.totalGlobalMem >> 30) + " GiB)";
}

namespace cuda_detail {

device_info query_device(int device) {
  device_info info;
  int clock_khz = 0, bus_bits = 0;
  QC_CUDA_CHECK(cudaDeviceGetAttribute(&info.sm_count, cudaDevAttrMultiProcessorCount, device));
  QC_CUDA_CHECK(cudaDeviceGetAttribute(&clock_khz, cudaDevAttrMemoryClockRate, device));
  QC_CUDA_CHECK(cudaDeviceGetAttribute(&bus_bits, cudaDevAttrGlobalMemoryBusWidth, device));
  // Double data rate: two transfers per clock.
  info.peak_bytes_per_second = 2.0 * clock_khz * 1e3 * (bus_bits / 8.0);
  return info;
}

}  // namespace cuda_detail
}  // namespace qc
