// Timing of the scoring kernel for bench_sweep_grid: the backend's launcher
// (parts_kernel.cu) against a thread-per-row variant kept here for comparison.
#include "parts_timing.hpp"

#include <cuda_runtime.h>

#include <algorithm>
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
    if (layout == cuda_parts_layout::thread_per_row_and_category) {
      cuda_detail::launch_parts(dm, dw, 0, 1, d.data(), s1.data(), s);
    } else if (m.n_rows > 0) {
      parts_row_kernel<<<cuda_detail::row_blocks(m.n_rows), cuda_detail::kThreads, 0, s>>>(
          dm, dw, d.data(), s1.data());
      QC_CUDA_CHECK(cudaGetLastError());
    }
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
  return t;
}

}  // namespace qc
