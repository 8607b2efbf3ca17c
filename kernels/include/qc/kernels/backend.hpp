// The compute backend interface: everything the classifier does per post.
// Implementations: "reference" (simple loops, the oracle), "cpu" (threads),
// "cuda" (NVIDIA GPUs). All give identical integer results and predictions.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

// One configuration of a grid sweep: the weights of a (top-K, scope) and the
// norms N_k (w.n_cats entries) of a norm kind.
struct grid_config {
  weights_view w;
  const double* norms = nullptr;
};

// Per-row results of scoring: [n_rows * n_cats] each, row-major.
struct scores_view {
  std::int64_t n_rows = 0;
  int n_cats = 0;
  const std::int64_t* d = nullptr;
  const std::int64_t* s1 = nullptr;
  const double* s0 = nullptr;
};

class backend {
 public:
  virtual ~backend() = default;
  virtual std::string name() const = 0;

  // D_k and S1_k of every row: d[r*K + k], s1[r*K + k] (n_rows * K entries each).
  virtual void parts(const csr_view& m, const weights_view& w, std::int64_t* d,
                     std::int64_t* s1) = 0;

  // For each alpha a: predict every post from s0/s1 ([n*K] each) with the tie
  // rule, and add it to counts[a * counts_stride(K) ...] (zeroed first).
  virtual void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
                     const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                     tie_rule ties, std::uint64_t* counts) = 0;

  // parts(), then s0 = s0_of(D, norms[k]), then sweep(): a whole grid
  // configuration in one call, so a device backend can keep D, S1 and s0
  // resident instead of bringing them back to the host. m's rows are the
  // posts of `truth`; norms has w.n_cats entries.
  virtual void score_and_sweep(const csr_view& m, const weights_view& w, const double* norms,
                               const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                               tie_rule ties, std::uint64_t* counts) {
    const grid_config one{w, norms};
    grid_sweep(m, &one, 1, truth, alphas, n_alphas, ties, counts);
  }

  // score_and_sweep() of every configuration: all grid points of a sweep in
  // one call (a device backend launches them together). Configurations
  // whose weights share the same arrays share D and S1. The counts of
  // configuration c at alpha a are at counts[(c * n_alphas + a) * stride],
  // stride = counts_stride(K); every configuration has the same n_cats.
  virtual void grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                          const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                          tie_rule ties, std::uint64_t* counts) {
    if (n_configs <= 0) return;
    const int K = configs[0].w.n_cats;
    const std::int64_t block = counts_stride(K) * n_alphas;
    const auto n = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(K);
    std::vector<std::int64_t> d(n), s1(n);
    std::vector<double> s0(n);
    std::vector<bool> done(static_cast<std::size_t>(n_configs), false);
    // D and S1 once per weight set, then every configuration that uses it.
    for (std::int64_t c = 0; c < n_configs; ++c) {
      if (done[static_cast<std::size_t>(c)]) continue;
      parts(m, configs[c].w, d.data(), s1.data());
      for (std::int64_t c2 = c; c2 < n_configs; ++c2) {
        const grid_config& g = configs[c2];
        if (g.w.counts != configs[c].w.counts || g.w.manual != configs[c].w.manual) continue;
        done[static_cast<std::size_t>(c2)] = true;
        s0_of_rows(d.data(), g.norms, K, n, s0.data());
        sweep(m.n_rows, K, s0.data(), s1.data(), truth, alphas, n_alphas, ties,
              counts + c2 * block);
      }
    }
  }

  // Pipelined scoring, for bulk scoring: begin_scores() starts D, S1 and s0
  // of m in slot 0 or 1 and may return before they are computed (a device
  // backend copies m and norms first, so they may be released at once);
  // end_scores() waits for the slot and returns its results, valid until the
  // slot's next begin_scores(). With two slots the host prepares one batch
  // while the other is computed. This default computes in begin_scores().
  static constexpr int kScoreSlots = 2;
  virtual void begin_scores(int slot, const csr_view& m, const weights_view& w,
                            const double* norms) {
    host_slot& s = host_slots_[check_slot(slot)];
    const int K = w.n_cats;
    const auto n = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(K);
    s.d.resize(n);
    s.s1.resize(n);
    s.s0.resize(n);
    parts(m, w, s.d.data(), s.s1.data());
    s0_of_rows(s.d.data(), norms, K, n, s.s0.data());
    s.view = scores_view{m.n_rows, K, s.d.data(), s.s1.data(), s.s0.data()};
  }
  virtual scores_view end_scores(int slot) { return host_slots_[check_slot(slot)].view; }

 protected:
  static std::size_t check_slot(int slot) {
    if (slot < 0 || slot >= kScoreSlots)
      throw std::invalid_argument("score slot " + std::to_string(slot) + " out of range");
    return static_cast<std::size_t>(slot);
  }

 private:
  struct host_slot {
    std::vector<std::int64_t> d, s1;
    std::vector<double> s0;
    scores_view view;
  };
  host_slot host_slots_[kScoreSlots];
};

// "reference" or "cpu" (threads; 0 = all cores). sweep_bytes bounds the cpu
// backend's working memory in a sweep (0: 256 MiB; tests make it small).
// Throws std::invalid_argument for an unknown name.
std::unique_ptr<backend> make_cpu_backend(const std::string& name, unsigned threads,
                                          std::size_t sweep_bytes = 0);

}  // namespace qc
