#include "eval/cross_validation.hpp"

#include <algorithm>
#include <cmath>

#include "qc/core/error.hpp"
#include "qc/kernels/sweep_pieces.hpp"

namespace qc {
namespace {

// The members of metrics behind kSummaryMetrics, in its order.
constexpr std::array<std::optional<double> metrics::*, kSummaryMetrics.size()> kMembers = {
    &metrics::macro_precision, &metrics::macro_recall, &metrics::macro_f1,
    &metrics::micro_precision, &metrics::micro_recall, &metrics::micro_f1,
    &metrics::accuracy,        &metrics::study_p,      &metrics::study_r,
    &metrics::study_f1};

// The leftmost maximum (a null value counts as -1, as in run_sweep).
std::size_t leftmost_max(const std::vector<std::optional<double>>& xs) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (xs[i].value_or(-1.0) > xs[best].value_or(-1.0)) best = i;
  return best;
}

// A model's settings without what training fills in.
keyword_model settings_of(const keyword_model& base) {
  keyword_model m = base;
  m.labels.clear();
  m.vocab = vocabulary();
  m.categories.clear();
  m.train_ids.clear();
  m.test_ids.clear();
  return m;
}

// Weight sets narrower than V words get zero rows up to V, and the
// configurations' views follow their sets.
void pad_weights(grid_batch& b, std::int32_t V) {
  std::vector<std::size_t> set_of(b.configs.size(), 0);
  for (std::size_t c = 0; c < b.configs.size(); ++c)
    for (std::size_t s = 0; s < b.sets.size(); ++s)
      if (b.configs[c].w.counts == b.sets[s].counts.data()) set_of[c] = s;
  for (dense_weights& w : b.sets) {
    if (w.n_words >= V) continue;
    const auto n = static_cast<std::size_t>(V) * static_cast<std::size_t>(w.n_cats);
    w.counts.resize(n, 0);
    w.manual.resize(n, 0);
    w.n_words = V;
    w.content_id = 0;
  }
  for (std::size_t c = 0; c < b.configs.size(); ++c) b.configs[c].w = b.sets[set_of[c]].view();
}

}  // namespace

metric_values metric_values_of(const metrics& m) {
  metric_values v;
  for (std::size_t i = 0; i < kMembers.size(); ++i) v[i] = m.*kMembers[i];
  return v;
}

std::size_t objective_index(sweep_objective o) {
  const auto member = objective_member(o);
  for (std::size_t i = 0; i < kMembers.size(); ++i)
    if (kMembers[i] == member) return i;
  return 2;  // unreachable: every objective is a summary metric
}

std::optional<double> mean_present(const std::vector<std::optional<double>>& xs) {
  double sum = 0.0;
  std::size_t n = 0;
  for (const auto& x : xs) {
    if (!x) continue;
    sum += *x;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum / static_cast<double>(n);
}

metric_summary summarize(const std::vector<metric_values>& folds) {
  metric_summary s;
  for (std::size_t i = 0; i < kSummaryMetrics.size(); ++i) {
    std::vector<std::optional<double>> xs;
    for (const metric_values& f : folds) xs.push_back(f[i]);
    s.mean[i] = mean_present(xs);
    if (!s.mean[i]) continue;
    double ss = 0.0;
    std::size_t n = 0;
    for (const auto& x : xs) {
      if (!x) continue;
      const double d = *x - *s.mean[i];
      ss += d * d;
      ++n;
    }
    if (n > 1) s.std[i] = std::sqrt(ss / static_cast<double>(n - 1));
  }
  return s;
}

std::vector<trained_fold> train_folds(const labeled_data& data, const keyword_model& base,
                                      const std::vector<keyword_entry>& keywords,
                                      const text_resources& res, unsigned threads,
                                      const std::vector<cv_fold>& folds) {
  const keyword_model settings = settings_of(base);
  std::vector<trained_fold> out;
  for (const cv_fold& f : folds)
    out.push_back(trained_fold{
        f.repeat, f.fold, train_keyword_model(data, settings, keywords, res, threads, f.parts)});
  return out;
}

void sweep_blocks(backend& be, std::vector<cv_block>& blocks, const std::vector<double>& alphas,
                  tie_rule ties, const cv_visit& visit) {
  if (blocks.empty() || blocks[0].batch.configs.empty()) return;
  std::vector<term_matrix::row_selection> parts;
  truth_lists truth;
  std::int32_t V = 0;
  for (const cv_block& b : blocks) {
    parts.push_back({&b.t->matrix, b.rows});
    for (std::size_t r : *b.rows) {
      for (int l : b.t->label_index[r]) truth.labels.push_back(l);
      truth.offsets.push_back(static_cast<std::int32_t>(truth.labels.size()));
    }
    for (const dense_weights& w : b.batch.sets) V = std::max(V, w.n_words);
  }
  const term_matrix m = term_matrix::stack_rows(parts);
  // Every block's configurations on its own rows of the stacked matrix.
  std::vector<grid_config> configs;
  std::vector<std::pair<std::size_t, std::size_t>> origin;  // (block, configuration)
  std::int64_t row0 = 0;
  for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
    cv_block& b = blocks[bi];
    pad_weights(b.batch, std::max(V, m.n_cols()));
    const auto n = static_cast<std::int64_t>(b.rows->size());
    for (std::size_t c = 0; c < b.batch.configs.size(); ++c) {
      grid_config g = b.batch.configs[c];
      g.row0 = row0;
      g.row1 = row0 + n;
      configs.push_back(g);
      origin.emplace_back(bi, c);
    }
    row0 += n;
  }
  const int K = configs[0].w.n_cats;
  const std::int64_t stride = counts_stride(K);
  const auto n_alpha = static_cast<std::int64_t>(alphas.size());
  grid_sweep_in_pieces(
      be, m.view(), configs.data(), static_cast<std::int64_t>(configs.size()), truth.view(),
      alphas.data(), n_alpha, ties, kSweepCountsBytes,
      [&](const sweep_piece& piece, const std::uint64_t* flat) {
        const std::int64_t na = piece.a1 - piece.a0;
        for (std::int64_t c = piece.c0; c < piece.c1; ++c)
          for (std::int64_t a = piece.a0; a < piece.a1; ++a) {
            const auto& [bi, ci] = origin[static_cast<std::size_t>(c)];
            visit(bi, ci, static_cast<std::size_t>(a),
                  counts_from_flat(flat + ((c - piece.c0) * na + (a - piece.a0)) * stride, K));
          }
      });
}

sweep_spec single_config_spec(const keyword_model& m, const alpha_grid& alphas,
                              sweep_objective objective) {
  sweep_spec spec;
  spec.alphas = alphas;
  spec.top_ks = {m.top_k};
  spec.norms = {m.norm};
  spec.scopes = {m.scope};
  spec.ties = m.ties;
  spec.objective = objective;
  spec.exact = false;
  return spec;
}

cv_train_result evaluate_folds(backend& be, const std::vector<trained_fold>& folds) {
  cv_train_result r;
  if (folds.empty()) return r;
  const keyword_model& m0 = folds[0].t.model;
  alpha_grid one;
  one.values = {m0.alpha};
  const sweep_spec spec = single_config_spec(m0, one, sweep_objective::macro_f1);
  std::vector<cv_block> blocks;
  for (const trained_fold& f : folds)
    blocks.push_back(cv_block{&f.t, &f.t.test_rows, make_grid_batch(f.t, spec, 0, 1)});
  r.counts.resize(folds.size());
  sweep_blocks(
      be, blocks, one.values, m0.ties,
      [&](std::size_t b, std::size_t, std::size_t, const confusion_counts& c) { r.counts[b] = c; });
  std::vector<metric_values> values;
  for (const confusion_counts& c : r.counts) values.push_back(metric_values_of(compute_metrics(c)));
  r.summary = summarize(values);
  return r;
}

cv_sweep_result sweep_folds(backend& be, const std::vector<trained_fold>& folds,
                            const sweep_spec& spec, const sweep_progress& progress) {
  if (folds.empty()) return {};
  std::vector<cv_block> blocks;
  for (const trained_fold& f : folds)
    blocks.push_back(
        cv_block{&f.t, &f.t.test_rows, make_grid_batch(f.t, spec, 0, spec.top_ks.size())});
  const std::vector<sweep_point> heads = blocks[0].batch.heads;
  const std::size_t na = spec.alphas.size();
  // values[point][fold]
  std::vector<std::vector<metric_values>> values(heads.size() * na,
                                                 std::vector<metric_values>(folds.size()));
  std::size_t done = 0;
  sweep_blocks(be, blocks, spec.alphas.values, spec.ties,
               [&](std::size_t b, std::size_t c, std::size_t a, const confusion_counts& counts) {
                 values[c * na + a][b] = metric_values_of(compute_metrics(counts));
                 if (progress) progress(++done);
               });
  return summarize_cv_points(heads, spec, values);
}

cv_sweep_result summarize_cv_points(const std::vector<sweep_point>& heads, const sweep_spec& spec,
                                    const std::vector<std::vector<metric_values>>& values) {
  cv_sweep_result r;
  const std::size_t na = spec.alphas.size();
  const std::size_t oi = objective_index(spec.objective);
  std::vector<std::optional<double>> objective;
  for (std::size_t p = 0; p < values.size(); ++p) {
    cv_sweep_point point;
    point.head = heads[p / na];
    point.head.alpha = spec.alphas.values[p % na];
    point.summary = summarize(values[p]);
    objective.push_back(point.summary.mean[oi]);
    r.points.push_back(std::move(point));
  }
  r.best = leftmost_max(objective);
  return r;
}

cv_sweep_result cv_sweep_from_counts(const training_result& t, const sweep_spec& spec,
                                     const std::vector<std::vector<std::uint64_t>>& fold_counts) {
  const std::vector<sweep_point> heads = make_grid_batch(t, spec, 0, spec.top_ks.size()).heads;
  const int K = static_cast<int>(t.model.labels.size());
  const auto stride = static_cast<std::size_t>(counts_stride(K));
  const std::size_t points = heads.size() * spec.alphas.size();
  if (fold_counts.empty()) return {};
  std::vector<std::vector<metric_values>> values(points,
                                                 std::vector<metric_values>(fold_counts.size()));
  for (std::size_t f = 0; f < fold_counts.size(); ++f) {
    if (fold_counts[f].size() != points * stride)
      throw usage_error("cross-validated sweep: fold " + std::to_string(f) + " has " +
                        std::to_string(fold_counts[f].size()) + " counts, not " +
                        std::to_string(points * stride));
    for (std::size_t p = 0; p < points; ++p)
      values[p][f] =
          metric_values_of(compute_metrics(counts_from_flat(&fold_counts[f][p * stride], K)));
  }
  return summarize_cv_points(heads, spec, values);
}

namespace {

// The inner folds of every outer fold (k each, in outer order), trained.
std::vector<trained_fold> train_inner_folds(const nested_inputs& in,
                                            const std::vector<trained_fold>& outer) {
  const keyword_model settings = settings_of(*in.base);
  std::vector<trained_fold> inner;
  for (const trained_fold& o : outer) {
    const auto parts = stratified_folds(in.data->labels, &o.t.train_rows, in.cv.folds,
                                        inner_fold_seed(in.cv.seed, o.repeat, o.fold));
    for (std::size_t j = 0; j < parts.size(); ++j)
      inner.push_back(trained_fold{
          o.repeat, j,
          train_keyword_model(*in.data, settings, *in.keywords, *in.res, in.threads, parts[j])});
  }
  return inner;
}

// The choice of section 11 from the swept values: per outer fold the grid
// alpha with the largest mean inner objective, and the test-side figures.
nested_result choose_nested(const std::vector<std::vector<metric_values>>& outer_values,
                            const std::vector<std::vector<std::optional<double>>>& inner_objective,
                            std::size_t k, std::size_t oi) {
  nested_result r;
  const std::size_t na = outer_values.empty() ? 0 : outer_values[0].size();
  for (std::size_t i = 0; i < outer_values.size(); ++i) {
    std::vector<std::optional<double>> score(na);
    for (std::size_t a = 0; a < na; ++a) {
      std::vector<std::optional<double>> xs;
      for (std::size_t j = 0; j < k; ++j) xs.push_back(inner_objective[i * k + j][a]);
      score[a] = mean_present(xs);
    }
    r.chosen.push_back(leftmost_max(score));
    r.outer.push_back(outer_values[i][r.chosen.back()]);
  }
  r.estimate = summarize(r.outer);
  for (std::size_t a = 0; a < na; ++a) {
    std::vector<std::optional<double>> xs;
    for (const auto& o : outer_values) xs.push_back(o[a][oi]);
    r.test_curve.push_back(mean_present(xs));
  }
  r.tuned_best = leftmost_max(r.test_curve);
  std::vector<metric_values> at_best;
  for (const auto& o : outer_values) at_best.push_back(o[r.tuned_best]);
  r.tuned = summarize(at_best);
  return r;
}

}  // namespace

nested_result nested_cross_validation(backend& be, const nested_inputs& in,
                                      const std::vector<trained_fold>& outer) {
  const std::vector<trained_fold> inner = train_inner_folds(in, outer);
  const sweep_spec spec = single_config_spec(*in.base, in.alphas, in.objective);
  // Outer folds first, then the inner ones, all in one sweep.
  std::vector<cv_block> blocks;
  for (const auto* folds : {&outer, &inner})
    for (const trained_fold& f : *folds)
      blocks.push_back(cv_block{&f.t, &f.t.test_rows, make_grid_batch(f.t, spec, 0, 1)});
  const std::size_t na = in.alphas.size();
  const std::size_t oi = objective_index(in.objective);
  std::vector<std::vector<metric_values>> outer_values(outer.size(),
                                                       std::vector<metric_values>(na));
  std::vector<std::vector<std::optional<double>>> inner_objective(
      inner.size(), std::vector<std::optional<double>>(na));
  sweep_blocks(be, blocks, in.alphas.values, spec.ties,
               [&](std::size_t b, std::size_t, std::size_t a, const confusion_counts& counts) {
                 const metric_values v = metric_values_of(compute_metrics(counts));
                 if (b < outer.size())
                   outer_values[b][a] = v;
                 else
                   inner_objective[b - outer.size()][a] = v[oi];
               });
  return choose_nested(outer_values, inner_objective, in.cv.folds, oi);
}

}  // namespace qc
