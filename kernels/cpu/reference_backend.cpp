// The reference backend: deliberately simple loops over the shared functors.
// It is the oracle every other backend is compared with; never optimize it.
#include <cstring>
#include <stdexcept>

#include "qc/kernels/host_backend.hpp"
#include "qc/kernels/sweep_checks.hpp"

namespace qc {
namespace {

class reference_backend final : public host_backend {
 public:
  std::string name() const override { return "reference"; }

  void parts(const csr_view& m, const weights_view& w, std::int64_t* d, std::int64_t* s1) override {
    for (std::int64_t r = 0; r < m.n_rows; ++r)
      row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
  }

  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    check_sweep_truth("sweep", truth, n_posts, K);
    const std::int64_t stride = counts_stride(K);
    std::memset(counts, 0, sizeof(std::uint64_t) * static_cast<std::size_t>(stride * n_alphas));
    for (std::int64_t a = 0; a < n_alphas; ++a) {
      std::uint64_t* c = counts + a * stride;
      for (std::int64_t i = 0; i < n_posts; ++i) {
        const std::uint64_t p = predicted_set(s0 + i * K, s1 + i * K, alphas[a], K, ties);
        add_prediction(truth, i, p, K, [c](std::int64_t idx, int v) { c[idx] += v; });
      }
    }
  }
};

}  // namespace

std::unique_ptr<backend> make_reference_backend() { return std::make_unique<reference_backend>(); }

}  // namespace qc
