// The sweep driver: every grid point through one backend call (grid_sweep),
// which scores each (top-K, scope) once for all its norms and alphas; also
// split by rows, as counts that add up (sweep_counts, sweep_from_counts).
#include "eval/sweep.hpp"

#include <algorithm>
#include <string>

#include "core/format_double.hpp"
#include "qc/core/error.hpp"
#include "qc/kernels/sweep_pieces.hpp"

namespace qc {

namespace {
// Whether two selections have the same T_k (with counts) and M_k, so the
// same D and S1: they may differ in their norms only.
bool same_selection(const std::vector<category_weights>& a,
                    const std::vector<category_weights>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a[k].top != b[k].top || a[k].manual != b[k].manual) return false;
  return true;
}
}  // namespace

grid_batch make_grid_batch(const training_result& t, const sweep_spec& spec, std::size_t t0,
                           std::size_t t1) {
  const keyword_model& m = t.model;
  grid_batch b;
  for (std::size_t ti = t0; ti < t1; ++ti) {
    const std::size_t top_k = spec.top_ks[ti];
    // Per scope: the weight set (index into sets) and the selection it came from.
    std::vector<std::size_t> set_of(spec.scopes.size(), 0);
    std::vector<std::vector<category_weights>> set_cats(spec.scopes.size());
    for (norm_kind norm : spec.norms) {
      for (std::size_t si = 0; si < spec.scopes.size(); ++si) {
        const manual_scope scope = spec.scopes[si];
        auto cats = t.trainer->select(top_k, norm, scope, t.keyword_sets, m.labels, m.vocab);
        if (set_cats[si].empty() || !same_selection(set_cats[si], cats)) {
          set_of[si] = b.sets.size();
          b.sets.push_back(compile_weights(cats, m.vocab.size()));
          set_cats[si] = cats;
        }
        std::vector<double> nk;
        for (const auto& c : cats) nk.push_back(c.norm_value);
        b.norms.push_back(std::move(nk));
        sweep_point head;
        head.top_k = top_k;
        head.norm = norm;
        head.scope = scope;
        b.heads.push_back(std::move(head));
        b.configs.push_back(grid_config{b.sets[set_of[si]].view(), nullptr});
      }
    }
  }
  // Views last: the vectors above no longer move.
  for (std::size_t c = 0; c < b.configs.size(); ++c) b.configs[c].norms = b.norms[c].data();
  return b;
}

namespace {

// Configurations go in grid order (top-K, norm, scope). D and S1 depend on
// the top-K and the scope only, so the norms share one weight set, and the
// backend computes them once. Weight sets are dense [words x K]: top-Ks go
// to the backend together while their sets stay under kWeightsBudget (in the
// usual case, the whole grid in one call). Returns how many top-Ks a call takes.
std::size_t top_ks_per_call(std::size_t words, int K, std::size_t scopes) {
  constexpr std::size_t kWeightsBudget = std::size_t{1} << 30;
  const std::size_t set_bytes = words * static_cast<std::size_t>(K) * 12;
  const std::size_t per_top_k = std::max<std::size_t>(1, set_bytes * scopes);
  return std::max<std::size_t>(1, kWeightsBudget / per_top_k);
}

// The exact best alpha of b's configuration: its scores again (they are not
// kept for every configuration), then the envelope over the interval.
envelope_result exact_best(backend& be, const training_result& t, const sweep_spec& spec,
                           const sweep_point& b) {
  const keyword_model& m = t.model;
  const term_matrix test = t.matrix.select_rows(t.test_rows);
  const auto cats = t.trainer->select(b.top_k, b.norm, b.scope, t.keyword_sets, m.labels, m.vocab);
  const row_scores s = score_rows(be, test, compile_weights(cats, m.vocab.size()));
  std::vector<std::vector<int>> y;
  for (std::size_t row : t.test_rows) y.push_back(t.label_index[row]);
  envelope_input in;
  in.n_posts = t.test_rows.size();
  in.n_cats = static_cast<int>(m.labels.size());
  in.s0 = s.s0.data();
  in.s1 = s.s1.data();
  in.truth = &y;
  in.ties_all = spec.ties == tie_rule::all;
  in.start = spec.alphas.start;
  in.stop = spec.alphas.stop;
  in.objective = spec.objective;
  return exact_best_alpha(in);
}

// p with its metrics and objective from counts, appended to r; counts become
// r.best_counts when p is the leftmost maximum so far (undefined counts as -1).
void add_point(sweep_result& r, sweep_point p, confusion_counts counts, sweep_objective objective) {
  const metrics pm = compute_metrics(counts);
  p.precision = pm.macro_precision;
  p.recall = pm.macro_recall;
  p.f1 = pm.macro_f1;
  p.accuracy = pm.accuracy;
  p.study_precision = pm.study_p;
  p.study_recall = pm.study_r;
  p.value = objective_value(pm, objective);
  if (r.points.empty() || p.value.value_or(-1.0) > r.points[r.best].value.value_or(-1.0)) {
    r.best = r.points.size();
    r.best_counts = std::move(counts);
  }
  r.points.push_back(std::move(p));
}

void require_test_part(const training_result& t) {
  if (t.test_rows.empty())
    throw usage_error("sweep needs a test part: use --split below 1 and labeled posts");
}

// Every grid point on the matrix rows `rows` (not empty) through the backend,
// in grid order: visit(head, alpha index, flat counts).
template <class Visit>
void sweep_rows(backend& be, const training_result& t, const sweep_spec& spec,
                const std::vector<std::size_t>& rows, Visit&& visit) {
  const term_matrix test = t.matrix.select_rows(rows);
  const truth_lists truth = make_truth(t.label_index, rows);
  const keyword_model& m = t.model;
  const int K = static_cast<int>(m.labels.size());
  const std::int64_t stride = counts_stride(K);
  const std::int64_t n_alpha = static_cast<std::int64_t>(spec.alphas.size());
  const std::size_t per_call = top_ks_per_call(m.vocab.size(), K, spec.scopes.size());
  for (std::size_t t0 = 0; t0 < spec.top_ks.size(); t0 += per_call) {
    const std::size_t t1 = std::min(spec.top_ks.size(), t0 + per_call);
    const grid_batch batch = make_grid_batch(t, spec, t0, t1);
    // The counts of a call ([configurations x alphas x stride]) stay within
    // kSweepCountsBytes along both axes: pieces come in grid order.
    const auto visit_piece = [&](const sweep_piece& piece, const std::uint64_t* flat) {
      const std::int64_t na = piece.a1 - piece.a0;
      for (std::int64_t c = piece.c0; c < piece.c1; ++c)
        for (std::int64_t a = piece.a0; a < piece.a1; ++a)
          visit(batch.heads[static_cast<std::size_t>(c)], static_cast<std::size_t>(a),
                flat + ((c - piece.c0) * na + (a - piece.a0)) * stride);
    };
    grid_sweep_in_pieces(be, test.view(), batch.configs.data(),
                         static_cast<std::int64_t>(batch.configs.size()), truth.view(),
                         spec.alphas.values.data(), n_alpha, spec.ties, kSweepCountsBytes,
                         visit_piece);
  }
}

}  // namespace

sweep_result run_sweep(backend& be, const training_result& t, const sweep_spec& spec,
                       const sweep_progress& progress) {
  require_test_part(t);
  const int K = static_cast<int>(t.model.labels.size());
  sweep_result r;
  sweep_rows(be, t, spec, t.test_rows,
             [&](const sweep_point& head, std::size_t a, const std::uint64_t* flat) {
               sweep_point p = head;
               p.alpha = spec.alphas.values[a];
               add_point(r, std::move(p), counts_from_flat(flat, K), spec.objective);
               if (progress) progress(r.points.size());
             });
  if (spec.exact) r.exact = exact_best(be, t, spec, r.points[r.best]);
  return r;
}

std::size_t grid_points(const sweep_spec& spec) {
  return spec.top_ks.size() * spec.norms.size() * spec.scopes.size() * spec.alphas.size();
}

std::vector<std::uint64_t> sweep_counts(backend& be, const training_result& t,
                                        const sweep_spec& spec, std::size_t r0, std::size_t r1) {
  if (r0 > r1 || r1 > t.test_rows.size())
    throw usage_error("sweep rows [" + std::to_string(r0) + ", " + std::to_string(r1) +
                      ") outside the test part's " + std::to_string(t.test_rows.size()));
  const auto stride =
      static_cast<std::size_t>(counts_stride(static_cast<int>(t.model.labels.size())));
  std::vector<std::uint64_t> out(grid_points(spec) * stride, 0);
  if (r0 == r1) return out;
  const std::vector<std::size_t> rows(t.test_rows.begin() + static_cast<std::ptrdiff_t>(r0),
                                      t.test_rows.begin() + static_cast<std::ptrdiff_t>(r1));
  std::size_t point = 0;
  sweep_rows(be, t, spec, rows, [&](const sweep_point&, std::size_t, const std::uint64_t* flat) {
    std::copy(flat, flat + stride, out.begin() + static_cast<std::ptrdiff_t>(point++ * stride));
  });
  return out;
}

sweep_result sweep_from_counts(backend& be, const training_result& t, const sweep_spec& spec,
                               const std::vector<std::uint64_t>& counts) {
  require_test_part(t);
  const int K = static_cast<int>(t.model.labels.size());
  const auto stride = static_cast<std::size_t>(counts_stride(K));
  if (counts.size() != grid_points(spec) * stride)
    throw usage_error("sweep counts: expected " + std::to_string(grid_points(spec) * stride) +
                      " integers, got " + std::to_string(counts.size()));
  sweep_result r;
  const std::uint64_t* flat = counts.data();
  for (std::size_t top_k : spec.top_ks)
    for (norm_kind norm : spec.norms)
      for (manual_scope scope : spec.scopes)
        for (double alpha : spec.alphas.values) {
          sweep_point p;
          p.top_k = top_k;
          p.norm = norm;
          p.scope = scope;
          p.alpha = alpha;
          add_point(r, std::move(p), counts_from_flat(flat, K), spec.objective);
          flat += stride;
        }
  if (spec.exact) r.exact = exact_best(be, t, spec, r.points[r.best]);
  return r;
}

}  // namespace qc
