// The CUDA backend: the same per-element functors as the CPU backends
// (kernels/include/qc/kernels), launched over rows and grid points. Integer
// parts and counts are exact and atomics only add integers, so results are
// identical to the reference backend; doubles use the same operations in the
// same order (nvcc runs with --fmad=false, see cmake/qc_warnings.cmake).
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/cuda_backend.hpp"
#include "qc/kernels/keyword_score.hpp"
#include "qc/kernels/thrust/s0_transform.hpp"

#include <thrust/execution_policy.h>

namespace qc {
namespace {

constexpr int kThreads = 256;
constexpr std::int64_t kMaxGridY = 65535;

__global__ void parts_kernel(csr_view m, weights_view w, std::int64_t* d, std::int64_t* s1) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t r = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       r < m.n_rows; r += step)
    row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
}

// Block (x, y) adds the predictions of a strided share of the posts at alpha
// number alpha0 + y into shared counts, then folds them into global memory.
__global__ void sweep_kernel(std::int64_t n, int K, const double* s0, const std::int64_t* s1,
                             truth_view truth, const double* alphas, std::int64_t alpha0,
                             tie_rule ties, unsigned long long* counts) {
  extern __shared__ unsigned long long shared_counts[];
  unsigned long long* sh = shared_counts;
  const std::int64_t stride = counts_stride(K);
  for (std::int64_t i = threadIdx.x; i < stride; i += blockDim.x) sh[i] = 0;
  __syncthreads();
  const std::int64_t a = alpha0 + blockIdx.y;
  const double alpha = alphas[a];
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t p = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; p < n;
       p += step) {
    const double* ps0 = s0 + p * K;
    const std::int64_t* ps1 = s1 + p * K;
    const std::uint64_t pred = ties == tie_rule::all
                                   ? argmax_all(ps0, ps1, alpha, K)
                                   : std::uint64_t{1} << argmax_lowest(ps0, ps1, alpha, K);
    add_prediction(truth, p, pred, K, [sh](std::int64_t idx, int v) {
      atomicAdd(sh + idx, static_cast<unsigned long long>(v));
    });
  }
  __syncthreads();
  unsigned long long* out = counts + a * stride;
  for (std::int64_t i = threadIdx.x; i < stride; i += blockDim.x)
    if (sh[i]) atomicAdd(out + i, sh[i]);
}

int blocks_for(std::int64_t n) {
  return static_cast<int>(
      std::max<std::int64_t>(1, std::min<std::int64_t>((n + kThreads - 1) / kThreads, 4096)));
}

class cuda_backend final : public backend {
 public:
  explicit cuda_backend(int device) : device_(device) {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    stream_ = std::make_unique<cuda_stream>();
  }
  std::string name() const override { return "cuda"; }

  void parts(const csr_view& m, const weights_view& w, std::int64_t* d, std::int64_t* s1) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    launch_parts(m, w, s);
    d_.download(d, d_.size(), s);
    s1_.download(s1, s1_.size(), s);
    stream_->sync();
  }

  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    const std::size_t nk = static_cast<std::size_t>(n_posts) * static_cast<std::size_t>(K);
    s0_.upload(s0, nk, s);
    s1_.upload(s1, nk, s);
    sweep_resident(n_posts, K, truth, alphas, n_alphas, ties, counts, s);
  }

  // The whole configuration on the device: D and S1, then s0 (a Thrust
  // transform), then the sweep; only the counts come back.
  void score_and_sweep(const csr_view& m, const weights_view& w, const double* norms,
                       const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                       tie_rule ties, std::uint64_t* counts) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    launch_parts(m, w, s);
    norms_.upload(norms, static_cast<std::size_t>(w.n_cats), s);
    s0_.resize(d_.size());
    if (m.n_rows > 0)
      compute_s0(thrust::cuda::par.on(s), d_.data(), norms_.data(), s0_.data(), m.n_rows, w.n_cats);
    sweep_resident(m.n_rows, w.n_cats, truth, alphas, n_alphas, ties, counts, s);
  }

 private:
  // D and S1 of every row into d_ and s1_ (device).
  void launch_parts(const csr_view& m, const weights_view& w, cudaStream_t s) {
    upload_matrix(m, s);
    const std::size_t vk = static_cast<std::size_t>(w.n_words) * static_cast<std::size_t>(w.n_cats);
    counts_.upload(w.counts, vk, s);
    manual_.upload(w.manual, vk, s);
    const std::size_t out = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(w.n_cats);
    d_.resize(out);
    s1_.resize(out);
    if (m.n_rows == 0) return;
    const csr_view dm{m.n_rows,        m.n_cols,       row_ptr_.data(),
                      col_idx_.data(), values_.data(), m.content_id};
    const weights_view dw{w.n_words, w.n_cats, counts_.data(), manual_.data()};
    parts_kernel<<<blocks_for(m.n_rows), kThreads, 0, s>>>(dm, dw, d_.data(), s1_.data());
    QC_CUDA_CHECK(cudaGetLastError());
  }

  // The sweep over s0_ and s1_ (already on the device); counts come back.
  void sweep_resident(std::int64_t n_posts, int K, const truth_view& truth, const double* alphas,
                      std::int64_t n_alphas, tie_rule ties, std::uint64_t* counts, cudaStream_t s) {
    const std::int64_t stride = counts_stride(K);
    offsets_.upload(truth.offsets, static_cast<std::size_t>(n_posts) + 1, s);
    const std::size_t n_labels = n_posts > 0 ? static_cast<std::size_t>(truth.offsets[n_posts]) : 0;
    labels_.upload(truth.labels, n_labels, s);
    alphas_.upload(alphas, static_cast<std::size_t>(n_alphas), s);
    out_.resize(static_cast<std::size_t>(stride * n_alphas));
    out_.zero(s);
    if (n_posts > 0) {
      const truth_view dt{n_posts, offsets_.data(), labels_.data()};
      const std::size_t shmem = static_cast<std::size_t>(stride) * sizeof(unsigned long long);
      for (std::int64_t a0 = 0; a0 < n_alphas; a0 += kMaxGridY) {
        const dim3 grid(static_cast<unsigned>(blocks_for(n_posts)),
                        static_cast<unsigned>(std::min(kMaxGridY, n_alphas - a0)));
        sweep_kernel<<<grid, kThreads, shmem, s>>>(n_posts, K, s0_.data(), s1_.data(), dt,
                                                   alphas_.data(), a0, ties, out_.data());
        QC_CUDA_CHECK(cudaGetLastError());
      }
    }
    static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t), "count width");
    QC_CUDA_CHECK(cudaMemcpyAsync(
        counts, out_.data(), static_cast<std::size_t>(stride * n_alphas) * sizeof(std::uint64_t),
        cudaMemcpyDeviceToHost, s));
    stream_->sync();
  }

  // The term matrix travels once and stays resident while the same matrix
  // (same content_id) is scored again, as in a sweep.
  void upload_matrix(const csr_view& m, cudaStream_t s) {
    if (m.content_id != 0 && m.content_id == resident_id_) return;
    const std::size_t nnz = static_cast<std::size_t>(m.nnz());
    row_ptr_.upload(m.row_ptr, static_cast<std::size_t>(m.n_rows) + 1, s);
    col_idx_.upload(m.col_idx, nnz, s);
    values_.upload(m.values, nnz, s);
    resident_id_ = m.content_id;
  }

  int device_;
  std::unique_ptr<cuda_stream> stream_;
  std::uint64_t resident_id_ = 0;
  device_buffer<std::int64_t> row_ptr_;
  device_buffer<std::int32_t> col_idx_, values_;
  device_buffer<std::int64_t> counts_;
  device_buffer<std::int32_t> manual_;
  device_buffer<std::int64_t> d_, s1_;
  device_buffer<double> s0_, alphas_, norms_;
  device_buffer<std::int32_t> offsets_, labels_;
  device_buffer<unsigned long long> out_;
};

}  // namespace

int cuda_device_count() noexcept {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver / no device" error
    return 0;
  }
  return n;
}

std::string cuda_device_description(int device) {
  cudaDeviceProp p{};
  QC_CUDA_CHECK(cudaGetDeviceProperties(&p, device));
  return std::string(p.name) + " (sm_" + std::to_string(p.major) + std::to_string(p.minor) + ", " +
         std::to_string(p.totalGlobalMem >> 30) + " GiB)";
}

std::unique_ptr<backend> make_cuda_backend(int device) {
  if (device < 0 || device >= cuda_device_count())
    throw cuda_error("no CUDA device " + std::to_string(device) + " is available");
  return std::make_unique<cuda_backend>(device);
}

}  // namespace qc
