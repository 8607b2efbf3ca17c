// The compute backend interface: everything the classifier does per post.
// Implementations: "reference" (simple loops, the oracle), "cpu" (threads),
// "cuda" (NVIDIA GPUs). All give identical integer results and predictions.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {

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
    const int K = w.n_cats;
    const auto n = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(K);
    std::vector<std::int64_t> d(n), s1(n);
    std::vector<double> s0(n);
    parts(m, w, d.data(), s1.data());
    for (std::size_t i = 0; i < n; ++i) s0[i] = s0_of(d[i], norms[i % static_cast<std::size_t>(K)]);
    sweep(m.n_rows, K, s0.data(), s1.data(), truth, alphas, n_alphas, ties, counts);
  }
};

// "reference", "cpu" (threads; 0 = all cores), or "cuda" when compiled in.
// Throws std::invalid_argument for an unknown name.
std::unique_ptr<backend> make_cpu_backend(const std::string& name, unsigned threads);

}  // namespace qc
