#include "eval/classifier_uncertainty.hpp"

#include <gmpxx.h>

#include <stdexcept>

#include "core/fraction.hpp"

namespace qc {
namespace {

std::uint64_t label_mask(const std::vector<int>& y) {
  std::uint64_t m = 0;
  for (int k : y) m |= std::uint64_t{1} << k;
  return m;
}

bool correct(const evaluated_posts& p, std::size_t i) {
  return label_mask(p.truth[i]) == p.predicted[i];
}

void check_paired(const evaluated_posts& first, const evaluated_posts& second) {
  if (first.truth != second.truth || first.n_labels != second.n_labels ||
      first.predicted.size() != second.predicted.size())
    throw std::invalid_argument("paired comparison: the classifiers saw different posts");
}

}  // namespace

evaluated_posts make_evaluated(std::size_t n_labels,
                               const std::vector<std::vector<int>>& label_index,
                               const std::vector<std::size_t>& rows,
                               std::vector<std::uint64_t> predicted) {
  if (predicted.size() != rows.size())
    throw std::invalid_argument("make_evaluated: one predicted set per row");
  evaluated_posts p;
  p.n_labels = n_labels;
  p.truth.reserve(rows.size());
  for (std::size_t r : rows) p.truth.push_back(label_index[r]);
  p.predicted = std::move(predicted);
  return p;
}

confusion_counts resample_counts(const evaluated_posts& posts,
                                 const std::vector<std::size_t>& draws) {
  confusion_counts c(posts.n_labels);
  for (std::size_t i : draws) {
    const std::vector<int>& y = posts.truth[i];
    c.add_predicted(y.data(), y.size(), posts.predicted[i], 1);
  }
  return c;
}

metric_intervals bootstrap_metrics(const evaluated_posts& posts, const bootstrap_spec& spec) {
  check_confidence(spec.confidence);
  std::vector<std::optional<double>> acc, macro, micro;
  for_each_resample(posts.truth.size(), spec.resamples, spec.seed,
                    [&](const std::vector<std::size_t>& draws) {
                      const metrics m = compute_metrics(resample_counts(posts, draws));
                      acc.push_back(m.accuracy);
                      macro.push_back(m.macro_f1);
                      micro.push_back(m.micro_f1);
                    });
  metric_intervals r;
  r.spec = spec;
  r.accuracy = percentile_interval(acc, spec.confidence);
  r.macro_f1 = percentile_interval(macro, spec.confidence);
  r.micro_f1 = percentile_interval(micro, spec.confidence);
  return r;
}

bootstrap_estimate bootstrap_difference(const evaluated_posts& first, const evaluated_posts& second,
                                        sweep_objective objective, const bootstrap_spec& spec) {
  check_paired(first, second);
  const auto diff = [&](const std::vector<std::size_t>& draws) -> std::optional<double> {
    const auto a = objective_value(compute_metrics(resample_counts(first, draws)), objective);
    const auto b = objective_value(compute_metrics(resample_counts(second, draws)), objective);
    if (!a || !b) return std::nullopt;
    return *a - *b;
  };
  return bootstrap(first.truth.size(), spec, diff);
}

double mcnemar_exact_p(std::uint64_t b, std::uint64_t c) {
  const std::uint64_t n = b + c;
  if (n == 0) return 1.0;
  mpz_class tail = 0, binom = 1;  // binom = C(n, i)
  for (std::uint64_t i = 0; i <= std::min(b, c); ++i) {
    tail += binom;
    binom = binom * static_cast<unsigned long>(n - i) / static_cast<unsigned long>(i + 1);
  }
  mpz_class denominator = 1;
  mpz_mul_2exp(denominator.get_mpz_t(), denominator.get_mpz_t(), n);
  fraction p(2 * tail, denominator);
  p.canonicalize();
  return p >= 1 ? 1.0 : to_double(p);
}

mcnemar_result mcnemar_test(const evaluated_posts& first, const evaluated_posts& second) {
  check_paired(first, second);
  mcnemar_result r;
  for (std::size_t i = 0; i < first.truth.size(); ++i) {
    const bool a = correct(first, i), s = correct(second, i);
    if (a && !s) ++r.b;
    if (s && !a) ++r.c;
  }
  r.p_value = mcnemar_exact_p(r.b, r.c);
  return r;
}

paired_uncertainty compare_paired(const evaluated_posts& first, const evaluated_posts& second,
                                  const bootstrap_spec& spec, sweep_objective objective) {
  check_confidence(spec.confidence);
  paired_uncertainty u;
  u.mcnemar = mcnemar_test(first, second);
  u.objective = objective;
  if (spec.resamples == 0) return u;
  u.first = bootstrap_metrics(first, spec);
  u.second = bootstrap_metrics(second, spec);
  u.difference = bootstrap_difference(first, second, objective, spec);
  return u;
}

}  // namespace qc
