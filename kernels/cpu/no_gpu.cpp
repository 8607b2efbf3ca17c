// probe_gpu() in a build without the CUDA backend.
#include "qc/kernels/backend.hpp"

namespace qc {

gpu_status probe_gpu() {
  gpu_status st;
  st.reason =
      "this qclass was built without the CUDA backend (configure with a CUDA toolkit and "
      "QC_ENABLE_CUDA=AUTO or ON)";
  return st;
}

}  // namespace qc
