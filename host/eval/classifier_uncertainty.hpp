// How sure the test metrics are (DEFINITIONS.md 11): bootstrap intervals of
// a classifier's accuracy, macro F1 and micro F1, the paired interval of the
// difference between two classifiers on the same posts, and McNemar's exact
// test. Every resample's metrics come from integer confusion counts
// (section 7) over its posts, with multiplicity.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "eval/bootstrap.hpp"
#include "eval/metrics.hpp"
#include "eval/objective.hpp"

namespace qc {

// The evaluated posts, in input order: each one's label indices (input
// order, at least one) and predicted set (bit k: category k; L <= 64).
struct evaluated_posts {
  std::size_t n_labels = 0;
  std::vector<std::vector<int>> truth;
  std::vector<std::uint64_t> predicted;
};

// The truth of some rows of label_index with their predicted sets.
evaluated_posts make_evaluated(std::size_t n_labels,
                               const std::vector<std::vector<int>>& label_index,
                               const std::vector<std::size_t>& rows,
                               std::vector<std::uint64_t> predicted);

// The counts of one resample: post draws[j] added once per draw.
confusion_counts resample_counts(const evaluated_posts& posts,
                                 const std::vector<std::size_t>& draws);

// Intervals of the metrics named as in the metrics JSON: "accuracy", "f1"
// (standard macro F1) and "micro_f1", all on the same resamples.
struct metric_intervals {
  bootstrap_spec spec;
  bootstrap_estimate accuracy, macro_f1, micro_f1;
};
metric_intervals bootstrap_metrics(const evaluated_posts& posts, const bootstrap_spec& spec);

// The paired interval of objective(first) - objective(second) on the same
// resamples (first and second: the same posts and truth). A resample where
// either objective is null is left out.
bootstrap_estimate bootstrap_difference(const evaluated_posts& first, const evaluated_posts& second,
                                        sweep_objective objective, const bootstrap_spec& spec);

// McNemar's exact test: b = posts the first gets right (set(P) == set(Y))
// and the second wrong, c the reverse; p = min(1, 2 sum_{i <= min(b,c)}
// C(b+c, i) / 2^(b+c)) computed exactly and rounded to a double once; 1
// when b + c = 0.
struct mcnemar_result {
  std::uint64_t b = 0, c = 0;
  double p_value = 1;
};
mcnemar_result mcnemar_test(const evaluated_posts& first, const evaluated_posts& second);
// The p-value alone, for given b and c.
double mcnemar_exact_p(std::uint64_t b, std::uint64_t c);

// Two classifiers on the same posts: McNemar's test always; with
// spec.resamples > 0 also each one's metric intervals and the paired
// interval of the objective's difference (first - second).
struct paired_uncertainty {
  mcnemar_result mcnemar;
  sweep_objective objective = sweep_objective::macro_f1;
  std::optional<metric_intervals> first, second;
  std::optional<bootstrap_estimate> difference;
};
paired_uncertainty compare_paired(const evaluated_posts& first, const evaluated_posts& second,
                                  const bootstrap_spec& spec, sweep_objective objective);

}  // namespace qc
