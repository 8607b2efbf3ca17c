// The scoring kernel and its launcher.
#include "parts_kernel.cuh"

#include <algorithm>

#include "cuda_check.cuh"
#include "launch_shape.cuh"

namespace qc::cuda_detail {
namespace {

// D and S1 of every row for weight set blockIdx.y (sets are w_stride apart
// in the weights and n_rows * K apart in d and s1). One thread per (row, k):
// the K threads of a row read its entries together (one transaction), read
// neighbouring weights and write neighbouring outputs.
__global__ void parts_kernel(csr_view m, weights_view w, std::int64_t w_stride, std::int64_t* d,
                             std::int64_t* s1) {
  const std::int64_t set = blockIdx.y;
  weights_view ws = w;
  ws.counts += set * w_stride;
  ws.manual += set * w_stride;
  const std::int64_t K = w.n_cats;
  const std::int64_t total = m.n_rows * K;
  const std::int64_t out = set * total;
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t i = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total;
       i += step) {
    const std::int64_t r = i / K;
    const int k = static_cast<int>(i - r * K);
    row_part(m, r, ws, k, d + out + i, s1 + out + i);
  }
}

}  // namespace

// Launches parts_kernel for n_sets weight sets, w_stride elements apart.
void launch_parts(const csr_view& dm, const weights_view& dw, std::int64_t w_stride,
                  std::int64_t n_sets, std::int64_t* d, std::int64_t* s1, cudaStream_t s) {
  if (dm.n_rows == 0 || n_sets == 0) return;
  for (std::int64_t first = 0; first < n_sets; first += kMaxGridYZ) {
    weights_view w = dw;
    w.counts += first * w_stride;
    w.manual += first * w_stride;
    const std::int64_t off = first * dm.n_rows * dw.n_cats;
    const dim3 grid(row_blocks(dm.n_rows * dw.n_cats),
                    static_cast<unsigned>(std::min(kMaxGridYZ, n_sets - first)));
    parts_kernel<<<grid, kThreads, 0, s>>>(dm, w, w_stride, d + off, s1 + off);
    QC_CUDA_CHECK(cudaGetLastError());
  }
}

}  // namespace qc::cuda_detail
