// The CUDA backend: uploads, resident buffers, streams and pinned staging
// around the kernels (parts_kernel.cu, s0_kernel.cu, grid_sweep_kernel.cu),
// which run the same per-element functors as the CPU backends
// (kernels/include/qc/kernels). Integer parts and counts are exact and
// atomics only add integers, so results are identical to the reference
// backend; doubles use the same correctly rounded operations in the same
// order (keyword_score.hpp).
//
// Host memory: every copy goes through pinned memory (pinned_stager's two
// chunks, or the pinned slots of pipelined scoring) and is asynchronous on
// the backend's streams; each call ends with one stream or event sync.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cuda_check.cuh"
#include "device.cuh"
#include "device_buffer.cuh"
#include "grid_sweep_kernel.cuh"
#include "parts_kernel.cuh"
#include "qc/kernels/alpha_runs.hpp"
#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/cuda_backend.hpp"
#include "qc/kernels/sweep_checks.hpp"
#include "s0_kernel.cuh"

namespace qc {
namespace {

using cuda_detail::device_info;
using cuda_detail::launch_grid_sweep;
using cuda_detail::launch_parts;
using cuda_detail::launch_s0;
using cuda_detail::query_device;

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
    check_sweep_truth("sweep", truth, n_posts, K);
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    const std::size_t nk = static_cast<std::size_t>(n_posts) * static_cast<std::size_t>(K);
    stager_.upload(s0_, s0, nk, s);
    stager_.upload(s1_, s1, nk, s);
    upload_truth(truth, alphas, n_alphas, s);
    run_sweep(n_posts, K, nullptr, 1, ties, n_alphas, counts, s);
  }

  // The matrix and the truth list travel once; configurations that share
  // their rows (a cross-validation fold's) go together, each such run in
  // one launch when D, S1 and s0 of all its configurations fit in half the
  // free device memory, otherwise in as few groups as fit. Only the counts
  // come back.
  void grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                  const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                  tie_rule ties, std::uint64_t* counts) override {
    check_grid_sweep_inputs("grid_sweep", m, configs, n_configs, truth);
    if (n_configs <= 0) return;
    QC_CUDA_CHECK(cudaSetDevice(device_));
    cudaStream_t s = stream_->get();
    upload_matrix(m, s);
    upload_truth(truth, alphas, n_alphas, s);
    const std::int64_t stride = counts_stride(configs[0].w.n_cats);
    std::int64_t c0 = 0;
    while (c0 < n_configs) {
      const row_range rows = rows_of(configs[c0], m.n_rows);
      std::int64_t c1 = c0 + 1;
      while (c1 < n_configs && rows_of(configs[c1], m.n_rows) == rows) ++c1;
      sweep_rows(m, rows, configs + c0, c1 - c0, n_alphas, ties, counts + c0 * n_alphas * stride,
                 s);
      c0 = c1;
    }
  }

  // Pipelined scoring: the batch goes to the slot's pinned buffers and its
  // stream; D, S1 and s0 come back into pinned memory.
  void begin_scores(int slot_index, const csr_view& m, const weights_view& w,
                    const double* norms) override {
    QC_CUDA_CHECK(cudaSetDevice(device_));
    score_slot& sl = slots_[check_score_slot(slot_index)];
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
    launch_s0(sl.d.data(), nullptr, sl.norms.data(), sl.s0.data(), m.n_rows, K, 1, s);
    sl.h_d.resize(nk);
    sl.h_s1.resize(nk);
    sl.h_s0.resize(nk);
    async_download(sl.h_d, sl.d, s);
    async_download(sl.h_s1, sl.s1, s);
    async_download(sl.h_s0, sl.s0, s);
    sl.view = scores_view{m.n_rows, K, sl.h_d.data(), sl.h_s1.data(), sl.h_s0.data()};
  }

  scores_view end_scores(int slot_index) override {
    score_slot& sl = slots_[check_score_slot(slot_index)];
    sl.stream->sync();
    return sl.view;
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

  // Configurations [0, n_configs) over rows `rows` of the resident matrix
  // and truth list, in groups that fit the device memory.
  void sweep_rows(const csr_view& m, const row_range& rows, const grid_config* configs,
                  std::int64_t n_configs, std::int64_t n_alphas, tie_rule ties,
                  std::uint64_t* counts, cudaStream_t s) {
    const int K = configs[0].w.n_cats;
    const std::int32_t V = configs[0].w.n_words;
    const std::int64_t n = rows.size();
    const std::int64_t nk = n * K, vk = static_cast<std::int64_t>(V) * K;
    const std::int64_t stride = counts_stride(K);
    std::size_t free_bytes = 0, total_bytes = 0;
    QC_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
    const double budget = 0.5 * static_cast<double>(free_bytes) +
                          static_cast<double>(resident_grid_bytes());  // ours can be reused
    const double per_config = 8.0 * nk + 8.0 * K + 8.0 * n_alphas * stride;
    const double per_set = 16.0 * nk + 12.0 * vk;
    const csr_view dm = csr_rows(resident_view(m), rows.first, rows.last);

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
      launch_parts(dm, dw, vk, n_sets, d_.data(), s1_.data(), s);
      launch_s0(d_.data(), parts_of_.data(), norms_.data(), s0_.data(), n, K, n_group, s);
      run_sweep(n, K, parts_of_.data(), n_group, ties, n_alphas, counts + c0 * n_alphas * stride, s,
                rows.first);
      c0 = c1;
    }
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
    alphas_sorted_ = alphas_non_decreasing(alphas, n_alphas);
  }

  // The grid sweep kernel over s0_ (n_configs) and s1_ (parts_of, or one per
  // configuration), one launch, for the n_posts posts of the truth list from
  // first_post on; counts for the configurations come back.
  void run_sweep(std::int64_t n_posts, int K, const std::int32_t* parts_of, std::int64_t n_configs,
                 tie_rule ties, std::int64_t n_alphas, std::uint64_t* counts, cudaStream_t s,
                 std::int64_t first_post = 0) {
    const std::int64_t stride = counts_stride(K);
    const std::size_t n_counts = static_cast<std::size_t>(stride * n_alphas * n_configs);
    out_.resize(n_counts);
    out_.zero(s);
    grid_sweep_args g;
    g.n_posts = n_posts;
    g.K = K;
    g.s0 = s0_.data();
    g.s1 = s1_.data();
    g.parts_of = parts_of;
    g.truth = truth_view{n_posts, offsets_.data() + first_post, labels_.data()};
    g.alphas = alphas_.data();
    g.n_alphas = n_alphas;
    g.ties = ties;
    g.sorted_alphas = alphas_sorted_;
    launch_grid_sweep(g, n_configs, info_.sm_count, out_.data(), s);
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
  bool alphas_sorted_ = false;  // of the alphas in alphas_ (the sweeps' run halving)
  device_buffer<std::int32_t> offsets_, labels_;
  device_buffer<unsigned long long> out_;
  score_slot slots_[kScoreSlots];
};

}  // namespace

std::unique_ptr<backend> make_cuda_backend(int device) {
  const gpu_status st = probe_gpu();
  if (!st.usable()) throw cuda_error("no usable CUDA GPU: " + st.reason);
  if (device < 0 || device >= st.devices)
    throw cuda_error("no CUDA device " + std::to_string(device) + " (" +
                     std::to_string(st.devices) + " visible)");
  return std::make_unique<cuda_backend>(device);
}

}  // namespace qc
