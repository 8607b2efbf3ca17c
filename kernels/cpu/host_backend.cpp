// The CPU backends' shared host side: grid sweeps and pipelined scoring
// through parts() and sweep().
#include "qc/kernels/host_backend.hpp"

#include "qc/kernels/sweep_checks.hpp"

namespace qc {

namespace {

// Rows r of a truth list, its offsets rebased to start at 0 (kept in `offsets`).
truth_view truth_rows(const truth_view& t, const row_range& r, std::vector<std::int32_t>& offsets) {
  offsets.assign(1, 0);
  if (r.size() == 0) return truth_view{0, offsets.data(), t.labels};
  const std::int32_t base = t.offsets[r.first];
  for (std::int64_t i = r.first; i < r.last; ++i) offsets.push_back(t.offsets[i + 1] - base);
  return truth_view{r.size(), offsets.data(), t.labels + base};
}

}  // namespace

void host_backend::grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                              const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                              tie_rule ties, std::uint64_t* counts) {
  check_grid_sweep_inputs("grid_sweep", m, configs, n_configs, truth);
  if (n_configs <= 0) return;
  const int K = configs[0].w.n_cats;
  const std::int64_t block = counts_stride(K) * n_alphas;
  std::vector<std::int64_t> d, s1;
  std::vector<double> s0;
  std::vector<std::int32_t> offsets;
  std::vector<bool> done(static_cast<std::size_t>(n_configs), false);
  // D and S1 once per weight set and rows, then every configuration that uses them.
  for (std::int64_t c = 0; c < n_configs; ++c) {
    if (done[static_cast<std::size_t>(c)]) continue;
    const row_range rows = rows_of(configs[c], m.n_rows);
    const truth_view t = truth_rows(truth, rows, offsets);
    const auto n = static_cast<std::size_t>(rows.size()) * static_cast<std::size_t>(K);
    d.resize(n);
    s1.resize(n);
    s0.resize(n);
    parts(csr_rows(m, rows.first, rows.last), configs[c].w, d.data(), s1.data());
    for (std::int64_t c2 = c; c2 < n_configs; ++c2) {
      const grid_config& g = configs[c2];
      if (g.w.counts != configs[c].w.counts || g.w.manual != configs[c].w.manual ||
          !(rows_of(g, m.n_rows) == rows))
        continue;
      done[static_cast<std::size_t>(c2)] = true;
      s0_of_rows(d.data(), g.norms, K, n, s0.data());
      sweep(rows.size(), K, s0.data(), s1.data(), t, alphas, n_alphas, ties, counts + c2 * block);
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
