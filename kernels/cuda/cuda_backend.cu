// The CUDA backend: the same per-element functors as the CPU backends
// (kernels/include/qc/kernels), launched over rows and grid points. Integer
// parts and counts are exact and atomics only add integers, so results are
// identical to the reference backend; doubles use the same operations in the
// same order (nvcc runs with --fmad=false, see cmake/qc_warnings.cmake).
//
// Host memory: every copy goes through pinned memory (pinned_stager's two
// chunks, or the pinned slots of pipelined scoring) and is asynchronous on
// the backend's streams; each call ends with one stream or event sync.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda_check.cuh"
#include "device_buffer.cuh"
#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/cuda_backend.hpp"
#include "qc/kernels/grid_sweep.hpp"
#include "qc/kernels/keyword_score.hpp"
#include "qc/kernels/thrust/s0_transform.hpp"

#include <thrust/execution_policy.h>

namespace qc {
namespace {

constexpr int kThreads = 256;
constexpr std::int64_t kMaxGridYZ = 65535;
// Shared memory a block may use without opting in.
constexpr std::size_t kSharedBytes = 48 * 1024;

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

// The same with one thread per row (row_parts, as the CPU backends): kept
// for comparison in time_cuda_parts_kernel.
__global__ void parts_row_kernel(csr_view m, weights_view w, std::int64_t* d, std::int64_t* s1) {
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  for (std::int64_t r = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       r < m.n_rows; r += step)
    row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
}

// Every grid point at once (see grid_sweep.hpp): point block number
// blockIdx.z * gridDim.y + blockIdx.y, posts split along x.
__global__ void grid_sweep_kernel(grid_sweep_args g, std::int64_t point_blocks,
                                  unsigned long long* counts) {
  extern __shared__ unsigned int shared_counts[];
  unsigned int* sh = shared_counts;
  const std::int64_t b = static_cast<std::int64_t>(blockIdx.z) * gridDim.y + blockIdx.y;
  if (b >= point_blocks) return;  // the whole block: before any barrier
  const point_block pb = point_block_of(g, b);
  const std::int64_t stride = counts_stride(g.K);
  const std::int64_t n_sh = pb.na * stride;
  for (std::int64_t i = threadIdx.x; i < n_sh; i += blockDim.x) sh[i] = 0;
  __syncthreads();
  const std::int64_t first = static_cast<std::int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  const std::int64_t step = static_cast<std::int64_t>(gridDim.x) * blockDim.x;
  grid_sweep_thread(g, pb, first, step, [sh, stride](std::int64_t j, std::int64_t idx, int v) {
    atomicAdd(sh + j * stride + idx, static_cast<unsigned int>(v));
  });
  __syncthreads();
  unsigned long long* out = counts + point_block_offset(g, pb);
  for (std::int64_t i = threadIdx.x; i < n_sh; i += blockDim.x)
    if (sh[i]) atomicAdd(out + i, static_cast<unsigned long long>(sh[i]));
}

unsigned row_blocks(std::int64_t n) {
  return static_cast<unsigned>(
      std::max<std::int64_t>(1, std::min<std::int64_t>((n + kThreads - 1) / kThreads, 65536)));
}

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

struct device_info {
  int sm_count = 0;
  double peak_bytes_per_second = 0;
};

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

class cuda_backend final : public backend {
 public:
  explicit cuda_backend(int device) : device_(device) {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    info_ = query_device(device_);
    stream_ = std::make_unique<cuda_stream>();
    for (auto& slot : slots_) slot.stream = std::make_unique<cuda_stream>();
  }
  // Work still queued (an exception between begin_scores and end_scores)
  // finishes before the buffers it reads and writes are freed.
  ~cuda_backend() override {
    for (auto& slot : slots_)
      if (slot.stream) cudaStreamSynchronize(slot.stream->get());
    if (stream_) cudaStreamSynchronize(stream_->get());
  }
  cuda_backend(const cuda_backend&) = delete;
  cuda_backend& operator=(const cuda_backend&) = delete;
  std::string name() const override { return "cuda"; }

  void parts(const csr_view& m, const weights_view& w, std::int64_t* d, std::int64_t* s1) override {
    cudaStream_t s = stream_->get();
    const std::size_t out = prepare_parts(m, w);
    launch_parts(resident_view(m), resident_weights(w), 0, 1, d_.data(), s1_.data(), s);
    stager_.download(d, d_.data(), out * sizeof(std::int64_t), s);
    stager_.download(s1, s1_.data(), out * sizeof(std::int64_t), s);
  }

  // s0 and S1 come from the host: one configuration, one launch.
  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    const std::size_t nk = static_cast<std::size_t>(n_posts) * static_cast<std::size_t>(K);
    stager_.upload(s0_, s0, nk, s);
    stager_.upload(s1_, s1, nk, s);
    upload_truth(truth, alphas, n_alphas, s);
    run_sweep(n_posts, K, nullptr, 1, ties, n_alphas, counts, s);
  }

  // All grid points in one launch when D, S1 and s0 of every configuration
  // fit in half the free device memory; otherwise configurations go in as
  // few groups as fit. Only the counts come back.
  void grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                  const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                  tie_rule ties, std::uint64_t* counts) override {
    if (n_configs <= 0) return;
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    const int K = configs[0].w.n_cats;
    const std::int32_t V = configs[0].w.n_words;
    for (std::int64_t c = 0; c < n_configs; ++c)
      if (configs[c].w.n_cats != K || configs[c].w.n_words != V)
        throw std::invalid_argument("grid_sweep: configurations differ in their shape");
    upload_matrix(m, s);
    upload_truth(truth, alphas, n_alphas, s);

    const std::int64_t n = m.n_rows;
    const std::int64_t nk = n * K, vk = static_cast<std::int64_t>(V) * K;
    const std::int64_t stride = counts_stride(K);
    std::size_t free_bytes = 0, total_bytes = 0;
    QC_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    const double budget = 0.5 * static_cast<double>(free_bytes) +
                          static_cast<double>(resident_grid_bytes());  // ours can be reused
    const double per_config = 8.0 * nk + 8.0 * K + 8.0 * n_alphas * stride;
    const double per_set = 16.0 * nk + 12.0 * vk;

    std::int64_t c0 = 0;
    while (c0 < n_configs) {
      // The longest run of configurations from c0 that fits (at least one).
      std::vector<std::pair<const std::int64_t*, const std::int32_t*>> sets;
      std::vector<std::int32_t> parts_of;
      std::int64_t c1 = c0;
      while (c1 < n_configs) {
        const auto key = std::make_pair(configs[c1].w.counts, configs[c1].w.manual);
        const auto it = std::find(sets.begin(), sets.end(), key);
        const bool new_set = it == sets.end();
        const double need = per_config * static_cast<double>(c1 - c0 + 1) +
                            per_set * static_cast<double>(sets.size() + (new_set ? 1 : 0));
        if (c1 > c0 && need > budget) break;
        parts_of.push_back(static_cast<std::int32_t>(it - sets.begin()));
        if (new_set) sets.push_back(key);
        ++c1;
      }
      const std::int64_t n_group = c1 - c0;
      const auto n_sets = static_cast<std::int64_t>(sets.size());
      // Weights of every set, norms of every configuration, then D/S1 of
      // every set, s0 of every configuration and all the points' counts.
      grid_counts_.resize(static_cast<std::size_t>(n_sets * vk));
      grid_manual_.resize(static_cast<std::size_t>(n_sets * vk));
      for (std::int64_t i = 0; i < n_sets; ++i) {
        stager_.upload(grid_counts_.data() + i * vk, sets[static_cast<std::size_t>(i)].first,
                       static_cast<std::size_t>(vk) * sizeof(std::int64_t), s);
        stager_.upload(grid_manual_.data() + i * vk, sets[static_cast<std::size_t>(i)].second,
                       static_cast<std::size_t>(vk) * sizeof(std::int32_t), s);
      }
      std::vector<double> norms(static_cast<std::size_t>(n_group * K));
      for (std::int64_t c = 0; c < n_group; ++c)
        std::copy(configs[c0 + c].norms, configs[c0 + c].norms + K, norms.begin() + c * K);
      stager_.upload(norms_, norms.data(), norms.size(), s);
      stager_.upload(parts_of_, parts_of.data(), parts_of.size(), s);
      d_.resize(static_cast<std::size_t>(n_sets * nk));
      s1_.resize(static_cast<std::size_t>(n_sets * nk));
      s0_.resize(static_cast<std::size_t>(n_group * nk));
      const weights_view dw{V, K, grid_counts_.data(), grid_manual_.data(), 0};
      launch_parts(resident_view(m), dw, vk, n_sets, d_.data(), s1_.data(), s);
      compute_s0(thrust::cuda::par_nosync.on(s), d_.data(), parts_of_.data(), norms_.data(),
                 s0_.data(), n, K, n_group);
      run_sweep(n, K, parts_of_.data(), n_group, ties, n_alphas, counts + c0 * n_alphas * stride,
                s);
      c0 = c1;
    }
  }

  // Pipelined scoring: the batch goes to the slot's pinned buffers and its
  // stream; D, S1 and s0 come back into pinned memory.
  void begin_scores(int slot_index, const csr_view& m, const weights_view& w,
                    const double* norms) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    score_slot& sl = slots_[check_slot(slot_index)];
    cudaStream_t s = sl.stream->get();
    sl.stream->sync();  // the slot's previous batch is done with its buffers
    use_weights(w);
    const auto n = static_cast<std::size_t>(m.n_rows);
    const auto nnz = static_cast<std::size_t>(m.nnz());
    const int K = w.n_cats;
    const std::size_t nk = n * static_cast<std::size_t>(K);
    sl.h_row_ptr.resize(n + 1);
    sl.h_col.resize(nnz);
    sl.h_val.resize(nnz);
    sl.h_norms.resize(static_cast<std::size_t>(K));
    std::copy(m.row_ptr, m.row_ptr + n + 1, sl.h_row_ptr.data());
    std::copy(m.col_idx, m.col_idx + nnz, sl.h_col.data());
    std::copy(m.values, m.values + nnz, sl.h_val.data());
    std::copy(norms, norms + K, sl.h_norms.data());
    async_upload(sl.row_ptr, sl.h_row_ptr, s);
    async_upload(sl.col, sl.h_col, s);
    async_upload(sl.val, sl.h_val, s);
    async_upload(sl.norms, sl.h_norms, s);
    sl.d.resize(nk);
    sl.s1.resize(nk);
    sl.s0.resize(nk);
    const csr_view dm{m.n_rows, m.n_cols, sl.row_ptr.data(), sl.col.data(), sl.val.data(), 0};
    launch_parts(dm, resident_weights(w), 0, 1, sl.d.data(), sl.s1.data(), s);
    compute_s0(thrust::cuda::par_nosync.on(s), sl.d.data(), nullptr, sl.norms.data(), sl.s0.data(),
               m.n_rows, K, 1);
    sl.h_d.resize(nk);
    sl.h_s1.resize(nk);
    sl.h_s0.resize(nk);
    async_download(sl.h_d, sl.d, s);
    async_download(sl.h_s1, sl.s1, s);
    async_download(sl.h_s0, sl.s0, s);
    sl.view = scores_view{m.n_rows, K, sl.h_d.data(), sl.h_s1.data(), sl.h_s0.data()};
  }

  scores_view end_scores(int slot_index) override {
    score_slot& sl = slots_[check_slot(slot_index)];
    sl.stream->sync();
    return sl.view;
  }

  cuda_kernel_timing time_parts(const csr_view& m, const weights_view& w, int reps,
                                cuda_parts_layout layout) {
    cudaStream_t s = stream_->get();
    prepare_parts(m, w);
    cudaEvent_t start = nullptr, stop = nullptr;
    QC_CUDA_CHECK(cudaEventCreate(&start));
    QC_CUDA_CHECK(cudaEventCreate(&stop));
    std::vector<float> ms;
    try {
      for (int i = 0; i <= reps; ++i) {  // the first launch warms up
        QC_CUDA_CHECK(cudaEventRecord(start, s));
        if (layout == cuda_parts_layout::thread_per_row_and_category) {
          launch_parts(resident_view(m), resident_weights(w), 0, 1, d_.data(), s1_.data(), s);
        } else if (m.n_rows > 0) {
          parts_row_kernel<<<row_blocks(m.n_rows), kThreads, 0, s>>>(
              resident_view(m), resident_weights(w), d_.data(), s1_.data());
          QC_CUDA_CHECK(cudaGetLastError());
        }
        QC_CUDA_CHECK(cudaEventRecord(stop, s));
        QC_CUDA_CHECK(cudaEventSynchronize(stop));
        float t = 0;
        QC_CUDA_CHECK(cudaEventElapsedTime(&t, start, stop));
        if (i > 0) ms.push_back(t);
      }
    } catch (...) {
      cudaEventDestroy(start);
      cudaEventDestroy(stop);
      throw;
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(ms.begin(), ms.end());
    cuda_kernel_timing t;
    t.seconds = ms.empty() ? 0.0 : ms[ms.size() / 2] * 1e-3;
    // What the kernel must move at least: the CSR arrays once, every weight
    // row it touches (bounded by the whole table), D and S1 written once.
    const double nnz = static_cast<double>(m.nnz());
    const double K = w.n_cats;
    t.bytes = 8.0 * (m.n_rows + 1) + 8.0 * nnz +
              std::min(nnz, static_cast<double>(w.n_words)) * 12.0 * K + 16.0 * m.n_rows * K;
    t.peak_bytes_per_second = info_.peak_bytes_per_second;
    return t;
  }

 private:
  // The matrix and the weights resident, d_ and s1_ sized for parts();
  // returns their length.
  std::size_t prepare_parts(const csr_view& m, const weights_view& w) {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    upload_matrix(m, stream_->get());
    use_weights(w);
    const std::size_t out = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(w.n_cats);
    d_.resize(out);
    s1_.resize(out);
    return out;
  }

  struct score_slot {
    std::unique_ptr<cuda_stream> stream;
    pinned_buffer<std::int64_t> h_row_ptr, h_d, h_s1;
    pinned_buffer<std::int32_t> h_col, h_val;
    pinned_buffer<double> h_norms, h_s0;
    device_buffer<std::int64_t> row_ptr, d, s1;
    device_buffer<std::int32_t> col, val;
    device_buffer<double> norms, s0;
    scores_view view;
  };

  template <class T>
  static void async_upload(device_buffer<T>& dst, const pinned_buffer<T>& src, cudaStream_t s) {
    dst.resize(src.size());
    if (src.size())
      QC_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), src.size() * sizeof(T),
                                    cudaMemcpyHostToDevice, s));
  }
  template <class T>
  static void async_download(pinned_buffer<T>& dst, const device_buffer<T>& src, cudaStream_t s) {
    if (src.size())
      QC_CUDA_CHECK(cudaMemcpyAsync(dst.data(), src.data(), src.size() * sizeof(T),
                                    cudaMemcpyDeviceToHost, s));
  }

  // Truth lists and alphas of a sweep, and its zeroed counts.
  void upload_truth(const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                    cudaStream_t s) {
    const std::int64_t n = truth.n_posts;
    stager_.upload(offsets_, truth.offsets, truth.offsets ? static_cast<std::size_t>(n) + 1 : 0, s);
    const std::size_t n_labels = n > 0 ? static_cast<std::size_t>(truth.offsets[n]) : 0;
    stager_.upload(labels_, truth.labels, n_labels, s);
    stager_.upload(alphas_, alphas, static_cast<std::size_t>(n_alphas), s);
    truth_posts_ = n;
  }

  // The grid sweep kernel over s0_ (n_configs) and s1_ (parts_of, or one per
  // configuration), one launch; counts for the configurations come back.
  void run_sweep(std::int64_t n_posts, int K, const std::int32_t* parts_of, std::int64_t n_configs,
                 tie_rule ties, std::int64_t n_alphas, std::uint64_t* counts, cudaStream_t s) {
    const std::int64_t stride = counts_stride(K);
    const std::size_t n_counts = static_cast<std::size_t>(stride * n_alphas * n_configs);
    out_.resize(n_counts);
    out_.zero(s);
    // About four waves of resident blocks, so the last wave's tail is short.
    const grid_sweep_plan shape =
        plan_grid_sweep(n_posts, n_configs, n_alphas, K, kThreads, kSharedBytes, 1);
    int per_sm = 0;
    QC_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, grid_sweep_kernel,
                                                                kThreads, shape.shared_bytes));
    const std::int64_t target = 4 * std::int64_t{info_.sm_count} * std::max(per_sm, 1);
    const grid_sweep_plan plan =
        plan_grid_sweep(n_posts, n_configs, n_alphas, K, kThreads, kSharedBytes, target);
    if (n_posts > 0 && plan.point_blocks > 0) {
      grid_sweep_args g;
      g.n_posts = n_posts;
      g.K = K;
      g.s0 = s0_.data();
      g.s1 = s1_.data();
      g.parts_of = parts_of;
      g.truth = truth_view{truth_posts_, offsets_.data(), labels_.data()};
      g.alphas = alphas_.data();
      g.n_alphas = n_alphas;
      g.ties = ties;
      g.alpha_chunk = plan.alpha_chunk;
      g.chunks_per_config = plan.chunks_per_config;
      const std::int64_t y = std::min(plan.point_blocks, kMaxGridYZ);
      const std::int64_t z = (plan.point_blocks + y - 1) / y;
      if (z > kMaxGridYZ) throw std::invalid_argument("grid_sweep: too many grid points");
      const dim3 grid(static_cast<unsigned>(plan.post_blocks), static_cast<unsigned>(y),
                      static_cast<unsigned>(z));
      grid_sweep_kernel<<<grid, kThreads, plan.shared_bytes, s>>>(g, plan.point_blocks,
                                                                  out_.data());
      QC_CUDA_CHECK(cudaGetLastError());
    }
    static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t), "count width");
    stager_.download(counts, out_.data(), n_counts * sizeof(std::uint64_t), s);
  }

  // The term matrix travels once and stays resident while the same matrix
  // (same content_id) is scored again, as in a sweep.
  void upload_matrix(const csr_view& m, cudaStream_t s) {
    if (m.content_id != 0 && m.content_id == resident_id_) return;
    resident_id_ = 0;
    const std::size_t nnz = static_cast<std::size_t>(m.nnz());
    stager_.upload(row_ptr_, m.row_ptr, static_cast<std::size_t>(m.n_rows) + 1, s);
    stager_.upload(col_idx_, m.col_idx, nnz, s);
    stager_.upload(values_, m.values, nnz, s);
    resident_id_ = m.content_id;
  }
  csr_view resident_view(const csr_view& m) const {
    return csr_view{m.n_rows,        m.n_cols,       row_ptr_.data(),
                    col_idx_.data(), values_.data(), m.content_id};
  }

  // One weight set resident for parts() and pipelined scoring. A new set
  // waits until no slot still reads the old one.
  void use_weights(const weights_view& w) {
    if (w.content_id != 0 && w.content_id == weights_id_) return;
    for (auto& slot : slots_) slot.stream->sync();
    cudaStream_t s = stream_->get();
    weights_id_ = 0;
    const std::size_t vk = static_cast<std::size_t>(w.n_words) * static_cast<std::size_t>(w.n_cats);
    stager_.upload(counts_, w.counts, vk, s);
    stager_.upload(manual_, w.manual, vk, s);
    stream_->sync();
    weights_id_ = w.content_id;
  }
  weights_view resident_weights(const weights_view& w) const {
    return weights_view{w.n_words, w.n_cats, counts_.data(), manual_.data(), w.content_id};
  }

  std::size_t resident_grid_bytes() const {
    return grid_counts_.size() * 8 + grid_manual_.size() * 4 + d_.size() * 8 + s1_.size() * 8 +
           s0_.size() * 8 + out_.size() * 8;
  }

  int device_;
  device_info info_;
  std::unique_ptr<cuda_stream> stream_;
  pinned_stager stager_;
  std::uint64_t resident_id_ = 0, weights_id_ = 0;
  device_buffer<std::int64_t> row_ptr_;
  device_buffer<std::int32_t> col_idx_, values_;
  device_buffer<std::int64_t> counts_, grid_counts_;
  device_buffer<std::int32_t> manual_, grid_manual_, parts_of_;
  device_buffer<std::int64_t> d_, s1_;
  device_buffer<double> s0_, alphas_, norms_;
  device_buffer<std::int32_t> offsets_, labels_;
  std::int64_t truth_posts_ = 0;
  device_buffer<unsigned long long> out_;
  score_slot slots_[kScoreSlots];
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

cuda_kernel_timing time_cuda_parts_kernel(const csr_view& m, const weights_view& w, int reps,
                                          cuda_parts_layout layout, int device) {
  if (device < 0 || device >= cuda_device_count())
    throw cuda_error("no CUDA device " + std::to_string(device) + " is available");
  cuda_backend be(device);
  return be.time_parts(m, w, reps, layout);
}

}  // namespace qc
