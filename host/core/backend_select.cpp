// Choosing the compute backend: --device auto|cpu|reference|cuda, or QC_DEVICE.
#include "core/backend_select.hpp"

#include <cstdlib>
#include <stdexcept>

#include "qc/core/error.hpp"
#ifdef QC_HAVE_CUDA
#include "qc/kernels/cuda_backend.hpp"
#endif

namespace qc {
namespace {

int visible_cuda_devices() {
#ifdef QC_HAVE_CUDA
  return cuda_device_count();
#else
  return 0;
#endif
}

}  // namespace

std::unique_ptr<backend> make_backend(std::string device, unsigned threads) {
  if (device.empty()) {
    const char* env = std::getenv("QC_DEVICE");
    device = env && *env ? env : "auto";
  }
  if (device == "cpu") return make_cpu_backend("cpu", threads);
  if (device == "reference") return make_cpu_backend("reference", threads);
#ifdef QC_HAVE_CUDA
  if (device == "auto") {
    if (visible_cuda_devices() > 0) return make_cuda_backend(0);
    return make_cpu_backend("cpu", threads);
  }
  if (device == "cuda") {
    const gpu_status st = probe_gpu();
    if (!st.usable()) throw usage_error("--device cuda: no usable CUDA GPU: " + st.reason);
    return make_cuda_backend(0);
  }
#else
  if (device == "auto") return make_cpu_backend("cpu", threads);
  if (device == "cuda")
    throw usage_error(
        "--device cuda: this qclass was built without the CUDA backend (configure with a CUDA "
        "toolkit and QC_ENABLE_CUDA=ON)");
#endif
  throw usage_error("--device must be auto, cpu, reference or cuda (got '" + device + "')");
}

std::string describe_backends() {
  std::string s = "backends compiled: reference, cpu";
#ifdef QC_HAVE_CUDA
  s += ", cuda\nCUDA devices visible: ";
  const gpu_status st = probe_gpu();
  const int n = st.devices;
  s += std::to_string(n);
  if (!st.usable()) s += " (" + st.reason + ")";
  for (int i = 0; i < n; ++i) s += "\n  " + std::to_string(i) + ": " + cuda_device_description(i);
#else
  s += " (the CUDA backend is not compiled in)";
#endif
  const char* env = std::getenv("QC_DEVICE");
  s += "\n--device auto picks: ";
  s += visible_cuda_devices() > 0 ? "cuda" : "cpu";
  if (env && *env) s += std::string(" (QC_DEVICE=") + env + " overrides auto)";
  return s;
}

}  // namespace qc
