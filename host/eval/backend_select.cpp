// Choosing the compute backend: --device auto|cpu|reference|cuda, or QC_DEVICE.
#include <cstdlib>
#include <stdexcept>

#include "core/error.hpp"
#include "eval/training.hpp"

namespace qc {

namespace {
// Whether this build has the CUDA backend; issue-specific builds link the
// CUDA backend library, which defines these hooks.
bool cuda_compiled() {
#ifdef QC_HAVE_CUDA
  return true;
#else
  return false;
#endif
}
}  // namespace

std::unique_ptr<backend> make_backend(std::string device, unsigned threads) {
  if (device.empty()) {
    const char* env = std::getenv("QC_DEVICE");
    device = env && *env ? env : "auto";
  }
  if (device == "auto" || device == "cpu") return make_cpu_backend("cpu", threads);
  if (device == "reference") return make_cpu_backend("reference", threads);
  if (device == "cuda") {
    if (!cuda_compiled())
      throw usage_error(
          "--device cuda: this qclass was built without the CUDA backend (configure with a CUDA "
          "toolkit and QC_ENABLE_CUDA=ON)");
    throw usage_error("--device cuda: no CUDA device is available");
  }
  throw usage_error("--device must be auto, cpu, reference or cuda (got '" + device + "')");
}

std::string describe_backends() {
  std::string s = "backends: reference, cpu";
  s += cuda_compiled() ? ", cuda (compiled)" : " (CUDA backend not compiled)";
  return s;
}

}  // namespace qc
