// The compute backend interface: everything the classifier does per post.
// Implementations: "reference" (simple loops, the oracle), "cpu" (threads),
// "cuda" (NVIDIA GPUs). All give identical integer results and predictions.
// The CPU backends share their host-side defaults through host_backend
// (host_backend.hpp); the CUDA backend implements every call itself.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

// One configuration of a grid sweep: the weights of a (top-K, scope) and the
// norms N_k (w.n_cats entries) of a norm kind, and the rows of the matrix
// (and of the truth list) it is swept over, [row0, row1); row1 < 0 means
// through the last row. Cross-validation puts every fold's test rows in one
// matrix, and each fold's configurations (its own trained weights) take the
// fold's rows, so all folds go in one call.
struct grid_config {
  weights_view w;
  const double* norms = nullptr;
  std::int64_t row0 = 0;
  std::int64_t row1 = -1;
};

// The rows [first, last) of configuration g on a matrix of n_rows rows.
struct row_range {
  std::int64_t first = 0, last = 0;
  std::int64_t size() const { return last - first; }
  friend bool operator==(const row_range& a, const row_range& b) {
    return a.first == b.first && a.last == b.last;
  }
};
inline row_range rows_of(const grid_config& g, std::int64_t n_rows) {
  return row_range{g.row0, g.row1 < 0 ? n_rows : g.row1};
}

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
  // Throws qc::usage_error when truth does not describe n_posts posts with
  // labels in [0, K) (check_sweep_truth).
  virtual void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
                     const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                     tie_rule ties, std::uint64_t* counts) = 0;

  // Every grid point of a sweep in one call: for each configuration,
  // parts(), s0 = s0_of(D, norms[k]), then sweep() (a device backend launches
  // them together and keeps D, S1 and s0 resident). Configurations whose
  // weights share the same arrays and rows share D and S1. m's rows are the
  // posts of `truth`; configuration c counts its rows only (rows_of). The
  // counts of configuration c at alpha a are at
  // counts[(c * n_alphas + a) * stride], stride = counts_stride(K); every
  // configuration has the same n_cats and n_words. The caller bounds the
  // counts' size (grid_sweep_in_pieces, sweep_pieces.hpp). Throws
  // qc::usage_error for a truth list that does not match m's rows,
  // configurations of another shape or rows outside m
  // (check_grid_sweep_inputs), before any kernel runs.
  virtual void grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                          const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                          tie_rule ties, std::uint64_t* counts) = 0;

  // Pipelined scoring, for bulk scoring: begin_scores() starts D, S1 and s0
  // of m in slot 0 or 1 and may return before they are computed (a device
  // backend copies m and norms first, so they may be released at once);
  // end_scores() waits for the slot and returns its results, valid until the
  // slot's next begin_scores(). With two slots the host prepares one batch
  // while the other is computed. begin_scores() of one slot and end_scores()
  // of the other may run at once on two threads (bulk scoring's scoring and
  // writer threads): a backend keeps each slot's state apart. Throws
  // std::invalid_argument for another slot.
  static constexpr int kScoreSlots = 2;
  virtual void begin_scores(int slot, const csr_view& m, const weights_view& w,
                            const double* norms) = 0;
  virtual scores_view end_scores(int slot) = 0;
};

// The slot index as an array index; throws std::invalid_argument when it is
// not in [0, backend::kScoreSlots).
inline std::size_t check_score_slot(int slot) {
  if (slot < 0 || slot >= backend::kScoreSlots)
    throw std::invalid_argument("score slot " + std::to_string(slot) + " out of range");
  return static_cast<std::size_t>(slot);
}

// "reference" or "cpu" (threads; 0 = all cores). sweep_bytes bounds the cpu
// backend's working memory in a sweep (0: 256 MiB; tests make it small).
// Throws std::invalid_argument for an unknown name.
std::unique_ptr<backend> make_cpu_backend(const std::string& name, unsigned threads,
                                          std::size_t sweep_bytes = 0);

// Whether a usable CUDA GPU is present, and if not, why: for `qclass info`,
// `--device`, and tests that must fail rather than skip on a GPU machine
// (QC_REQUIRE_GPU=1). Defined in every build: without the CUDA backend
// compiled in, devices is 0 and reason says so.
struct gpu_status {
  int devices = 0;     // CUDA devices that answer
  std::string reason;  // empty when devices > 0; else the driver's error text, or why not
  bool usable() const { return devices > 0; }
};
gpu_status probe_gpu();

}  // namespace qc
