// Launch constants shared by the CUDA kernels and the backend.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace qc::cuda_detail {

constexpr int kThreads = 256;
constexpr std::int64_t kMaxGridYZ = 65535;
// Shared memory a block may use without opting in.
constexpr std::size_t kSharedBytes = 48 * 1024;

// Blocks of kThreads for n elements, for grid-stride loops (at most 65536).
inline unsigned row_blocks(std::int64_t n) {
  return static_cast<unsigned>(
      std::max<std::int64_t>(1, std::min<std::int64_t>((n + kThreads - 1) / kThreads, 65536)));
}

}  // namespace qc::cuda_detail
