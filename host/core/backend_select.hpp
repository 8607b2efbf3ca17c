// Choosing the compute backend: --device auto|cpu|reference|cuda, or QC_DEVICE.
#pragma once
#include <memory>
#include <string>

#include "qc/kernels/backend.hpp"

namespace qc {

// The backend for --device auto|cpu|reference|cuda (QC_DEVICE when empty).
std::unique_ptr<backend> make_backend(std::string device, unsigned threads);
// Which backends this build has, and which devices answer (for qclass info).
std::string describe_backends();

}  // namespace qc
