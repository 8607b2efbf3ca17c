// The CPU backends' shared host side: grid sweeps and pipelined scoring
// through parts() and sweep().
#include "qc/kernels/host_backend.hpp"

#include "qc/kernels/sweep_checks.hpp"

namespace qc {

void host_backend::grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                              const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                              tie_rule ties, std::uint64_t* counts) {
  check_grid_sweep_inputs("grid_sweep", m, configs, n_configs, truth);
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
      sweep(m.n_rows, K, s0.data(), s1.data(), truth, alphas, n_alphas, ties, counts + c2 * block);
    }
  }
}

void host_backend::begin_scores(int slot, const csr_view& m, const weights_view& w,
                                const double* norms) {
  host_slot& s = slots_[check_score_slot(slot)];
  const int K = w.n_cats;
  const auto n = static_cast<std::size_t>(m.n_rows) * static_cast<std::size_t>(K);
  s.d.resize(n);
  s.s1.resize(n);
  s.s0.resize(n);
  parts(m, w, s.d.data(), s.s1.data());
  s0_of_rows(s.d.data(), norms, K, n, s.s0.data());
  s.view = scores_view{m.n_rows, K, s.d.data(), s.s1.data(), s.s0.data()};
}

scores_view host_backend::end_scores(int slot) { return slots_[check_score_slot(slot)].view; }

}  // namespace qc
