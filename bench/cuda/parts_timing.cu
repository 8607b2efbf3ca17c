// Timing of the scoring kernel for bench_sweep_grid: the backend's launcher
// (parts_kernel.cu) against a thread-per-row variant kept here for comparison.
#include "parts_timing.hpp"

#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda_check.cuh"
#include "device.cuh"
#include "device_buffer.cuh"
#include "launch_shape.cuh"
#include "parts_kernel.cuh"
#include "qc/kernels/backend.hpp"

namespace qc {
namespace {

// The same with one thread per row (row_parts, as the CPU backends): kept
// for comparison in time_cuda_parts_kernel.
__global__ void parts_row_kernel(csr_view m, weights_view w, std::int64_t* d, std::int64_t* s1) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t r = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       r < m.n_rows; r += step)
    row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
}

// Rows by groups of Lanes threads (a warp's part): the lanes take a row's
// entries Lanes apart (neighbouring lanes read neighbouring entries), add
// every category into registers, and the group sums them with shuffles;
// the first lane writes the row. A warp takes 32 / Lanes consecutive rows
// at a time, so all its lanes loop and shuffle together. Integer sums, so
// the order does not matter. Categories up to kGroupCats.
constexpr int kGroupCats = 8;
template <int Lanes>
__global__ void parts_group_kernel(csr_view m, weights_view w, std::int64_t* d, std::int64_t* s1) {
  constexpr int kPerWarp = 32 / Lanes;
  const int lane = static_cast<int>(threadIdx.x) % Lanes;
  const int sub = static_cast<int>(threadIdx.x) % 32 / Lanes;
  const std::int64_t warp = (static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x) / 32;
  const std::int64_t warps = static_cast<std::int64_t>(gridDim.x) * blockDim.x / 32;
  const int K = w.n_cats;
  for (std::int64_t base = warp * kPerWarp; base < m.n_rows; base += warps * kPerWarp) {
    const std::int64_t r = base + sub;
    const bool row = r < m.n_rows;
    std::int64_t dk[kGroupCats] = {}, sk[kGroupCats] = {};
    const std::int64_t end = row ? m.row_ptr[r + 1] : 0;
    for (std::int64_t e = (row ? m.row_ptr[r] : 0) + lane; e < end; e += Lanes) {
      const std::int64_t col = m.col_idx[e];
      const std::int64_t bow = m.values[e];
      for (int k = 0; k < kGroupCats; ++k) {
        if (k < K) {
          dk[k] += bow * w.counts[col * K + k];
          sk[k] += bow * w.manual[col * K + k];
        }
      }
    }
    for (int k = 0; k < kGroupCats; ++k) {
      for (int off = Lanes / 2; off > 0; off /= 2) {
        dk[k] += __shfl_down_sync(0xffffffffu, dk[k], off, Lanes);
        sk[k] += __shfl_down_sync(0xffffffffu, sk[k], off, Lanes);
      }
    }
    if (row && lane == 0) {
      for (int k = 0; k < kGroupCats; ++k) {  // unrolled: dk and sk stay in registers
        if (k < K) {
          d[r * K + k] = dk[k];
          s1[r * K + k] = sk[k];
        }
      }
    }
  }
}

template <class T>
device_buffer<T> to_device(const T* host, std::size_t n) {
  device_buffer<T> b(n);
  if (n) QC_CUDA_CHECK(cudaMemcpy(b.data(), host, n * sizeof(T), cudaMemcpyHostToDevice));
  return b;
}

// An event that records time (the backend's cuda_event does not).
class timing_event {
 public:
  timing_event() { QC_CUDA_CHECK(cudaEventCreate(&e_)); }
  ~timing_event() { cudaEventDestroy(e_); }
  timing_event(const timing_event&) = delete;
  timing_event& operator=(const timing_event&) = delete;
  cudaEvent_t get() const { return e_; }

 private:
  cudaEvent_t e_ = nullptr;
};

// One launch of the layout's kernel.
void launch_layout(cuda_parts_layout layout, const csr_view& dm, const weights_view& dw,
                   std::int64_t* d, std::int64_t* s1, cudaStream_t s) {
  using cuda_detail::kThreads;
  using cuda_detail::row_blocks;
  if (layout == cuda_parts_layout::thread_per_row_and_category) {
    cuda_detail::launch_parts(dm, dw, 0, 1, d, s1, s);
    return;
  }
  if (dm.n_rows == 0) return;
  if (layout != cuda_parts_layout::thread_per_row && dw.n_cats > kGroupCats)
    throw std::invalid_argument("a group of lanes per row takes at most 8 categories");
  if (layout == cuda_parts_layout::thread_per_row) {
    parts_row_kernel<<<row_blocks(dm.n_rows), kThreads, 0, s>>>(dm, dw, d, s1);
  } else if (layout == cuda_parts_layout::eight_lanes_per_row) {
    parts_group_kernel<8><<<row_blocks(dm.n_rows * 8), kThreads, 0, s>>>(dm, dw, d, s1);
  } else {
    parts_group_kernel<32><<<row_blocks(dm.n_rows * 32), kThreads, 0, s>>>(dm, dw, d, s1);
  }
  QC_CUDA_CHECK(cudaGetLastError());
}

// Whether the device's D and S1 are row_parts() of every row.
bool equal_to_host(const csr_view& m, const weights_view& w, const device_buffer<std::int64_t>& d,
                   const device_buffer<std::int64_t>& s1) {
  const auto K = static_cast<std::size_t>(w.n_cats);
  std::vector<std::int64_t> gd(d.size()), gs(s1.size()), hd(K), hs(K);
  if (!gd.empty()) {
    QC_CUDA_CHECK(cudaMemcpy(gd.data(), d.data(), gd.size() * 8, cudaMemcpyDeviceToHost));
    QC_CUDA_CHECK(cudaMemcpy(gs.data(), s1.data(), gs.size() * 8, cudaMemcpyDeviceToHost));
  }
  for (std::int64_t r = 0; r < m.n_rows; ++r) {
    row_parts(m, r, w, hd.data(), hs.data());
    const auto o = static_cast<std::size_t>(r) * K;
    if (!std::equal(hd.begin(), hd.end(), gd.begin() + static_cast<std::ptrdiff_t>(o)) ||
        !std::equal(hs.begin(), hs.end(), gs.begin() + static_cast<std::ptrdiff_t>(o)))
      return false;
  }
  return true;
}

}  // namespace

cuda_kernel_timing time_cuda_parts_kernel(const csr_view& m, const weights_view& w, int reps,
                                          cuda_parts_layout layout, int device) {
  const gpu_status st = probe_gpu();
  if (!st.usable()) throw cuda_error("no usable CUDA GPU: " + st.reason);
  QC_CUDA_CHECK(cudaSetDevice(device));
  const auto nnz = static_cast<std::size_t>(m.nnz());
  const auto vk = static_cast<std::size_t>(w.n_words) * static_cast<std::size_t>(w.n_cats);
  const auto out = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(w.n_cats);
  auto row_ptr = to_device(m.row_ptr, static_cast<std::size_t>(m.n_rows) + 1);
  auto col = to_device(m.col_idx, nnz);
  auto val = to_device(m.values, nnz);
  auto counts = to_device(w.counts, vk);
  auto manual = to_device(w.manual, vk);
  device_buffer<std::int64_t> d(out), s1(out);
  const csr_view dm{m.n_rows, m.n_cols, row_ptr.data(), col.data(), val.data(), 0};
  const weights_view dw{w.n_words, w.n_cats, counts.data(), manual.data(), 0};
  cuda_stream stream;
  cudaStream_t s = stream.get();
  timing_event start, stop;
  std::vector<float> ms;
  for (int i = 0; i <= reps; ++i) {  // the first launch warms up
    QC_CUDA_CHECK(cudaEventRecord(start.get(), s));
    launch_layout(layout, dm, dw, d.data(), s1.data(), s);
    QC_CUDA_CHECK(cudaEventRecord(stop.get(), s));
    QC_CUDA_CHECK(cudaEventSynchronize(stop.get()));
    float t = 0;
    QC_CUDA_CHECK(cudaEventElapsedTime(&t, start.get(), stop.get()));
    if (i > 0) ms.push_back(t);
  }
  std::sort(ms.begin(), ms.end());
  cuda_kernel_timing t;
  t.seconds = ms.empty() ? 0.0 : ms[ms.size() / 2] * 1e-3;
  // What the kernel must move at least: the CSR arrays once, every weight
  // row it touches (bounded by the whole table), D and S1 written once.
  const double n_nz = static_cast<double>(nnz);
  const double K = w.n_cats;
  t.bytes = 8.0 * (m.n_rows + 1) + 8.0 * n_nz +
            std::min(n_nz, static_cast<double>(w.n_words)) * 12.0 * K + 16.0 * m.n_rows * K;
  t.peak_bytes_per_second = cuda_detail::query_device(device).peak_bytes_per_second;
  t.exact = equal_to_host(m, w, d, s1);
  return t;
}

}  // namespace qc
