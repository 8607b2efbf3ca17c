// Cross-validation of the keyword classifier (DEFINITIONS.md 11): every fold
// trained on its train part, the test parts of all folds swept together
// (each fold's configurations take its own rows of one stacked matrix, so a
// grid over k x r folds is one backend call), summaries over the folds, and
// nested tuning of alpha.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "eval/objective.hpp"
#include "eval/sweep.hpp"
#include "train/split.hpp"
#include "train/training.hpp"

namespace qc {

struct cv_spec {
  std::size_t folds = 5;
  std::size_t repeats = 1;
  std::uint64_t seed = 0;
};

// The scalar metrics of section 7 that a summary covers, under the names of
// the metrics JSON (formats/metrics_json), in this order.
inline constexpr std::array<const char*, 10> kSummaryMetrics = {
    "precision", "recall",          "f1",           "micro_precision", "micro_recall", "micro_f1",
    "accuracy",  "study_precision", "study_recall", "study_f1"};
using metric_values = std::array<std::optional<double>, kSummaryMetrics.size()>;

metric_values metric_values_of(const metrics& m);
// The index in kSummaryMetrics of an objective's metric.
std::size_t objective_index(sweep_objective o);

// Step 6: per metric, the mean over the folds (summed in fold order) and the
// sample standard deviation sqrt(sum (x - mean)^2 / (n - 1)), over the folds
// where the metric is not null (null when none is; std null when only one).
struct metric_summary {
  metric_values mean, std;
};
metric_summary summarize(const std::vector<metric_values>& folds);

// The mean of one value over folds, nulls left out (null when all are).
std::optional<double> mean_present(const std::vector<std::optional<double>>& xs);

// A fold with its trained model.
struct trained_fold {
  std::size_t repeat = 0;
  std::size_t fold = 0;
  training_result t;
};

// Trains every fold on its train part (section 11 step 5).
std::vector<trained_fold> train_folds(const labeled_data& data, const keyword_model& base,
                                      const std::vector<keyword_entry>& keywords,
                                      const text_resources& res, unsigned threads,
                                      const std::vector<cv_fold>& folds);

// One block of a batched sweep: a trained model's configurations over some
// rows of its matrix (a fold's test part).
struct cv_block {
  const training_result* t = nullptr;
  const std::vector<std::size_t>* rows = nullptr;
  grid_batch batch;
};

// Every block's configurations at every alpha, through as few backend calls
// as the counts' budget allows (one for a usual grid); visit(block, config,
// alpha, counts) in block, configuration, alpha order. Weight sets of other
// vocabulary sizes (--vocab-from train) are padded with zero rows.
using cv_visit =
    std::function<void(std::size_t, std::size_t, std::size_t, const confusion_counts&)>;
void sweep_blocks(backend& be, std::vector<cv_block>& blocks, const std::vector<double>& alphas,
                  tie_rule ties, const cv_visit& visit);

// The grid of a sweep spec for one trained model's settings only.
sweep_spec single_config_spec(const keyword_model& m, const alpha_grid& alphas,
                              sweep_objective objective);

// `train --folds`: every fold evaluated at its model's alpha.
struct cv_train_result {
  std::vector<confusion_counts> counts;  // per fold, in fold order
  metric_summary summary;
};
cv_train_result evaluate_folds(backend& be, const std::vector<trained_fold>& folds);

// `sweep --folds`: per grid point the summary over the folds; the best
// point has the largest mean objective (leftmost; null counts as -1).
struct cv_sweep_point {
  sweep_point head;  // top_k, norm, scope, alpha (metrics unset)
  metric_summary summary;
};
struct cv_sweep_result {
  std::vector<cv_sweep_point> points;  // grid order, as run_sweep
  std::size_t best = 0;
};
// `progress`, when given, gets the (fold, grid point) pairs done so far, of
// folds.size() x grid_points(spec).
cv_sweep_result sweep_folds(backend& be, const std::vector<trained_fold>& folds,
                            const sweep_spec& spec, const sweep_progress& progress = {});

// The same from per-point metrics: values[point][fold], points in grid order
// (the configurations `heads`, each at every alpha).
cv_sweep_result summarize_cv_points(const std::vector<sweep_point>& heads, const sweep_spec& spec,
                                    const std::vector<std::vector<metric_values>>& values);

// `sweep --folds` split by folds (a distributed sweep): the result of
// sweep_folds from each fold's sweep_counts over its whole test part, in fold
// order (`t`: any of the folds' trainings, for the grid's configurations).
// Throws usage_error when a fold's counts have the wrong size.
cv_sweep_result cv_sweep_from_counts(const training_result& t, const sweep_spec& spec,
                                     const std::vector<std::vector<std::uint64_t>>& fold_counts);

// `sweep --folds --nested`: alpha chosen per outer fold by its inner folds.
struct nested_result {
  std::vector<std::size_t> chosen;                // per outer fold: the grid index chosen
  std::vector<metric_values> outer;               // per outer fold, at its chosen alpha
  metric_summary estimate;                        // the nested estimate
  std::vector<std::optional<double>> test_curve;  // per grid alpha: mean outer objective
  std::size_t tuned_best = 0;                     // leftmost maximum of test_curve
  metric_summary tuned;  // the outer folds' summary at that alpha ("tuned on test")
};
struct nested_inputs {
  const labeled_data* data = nullptr;
  const keyword_model* base = nullptr;  // settings of every fold's model
  const std::vector<keyword_entry>* keywords = nullptr;
  const text_resources* res = nullptr;
  unsigned threads = 0;
  cv_spec cv;
  alpha_grid alphas;
  sweep_objective objective = sweep_objective::macro_f1;
};
nested_result nested_cross_validation(backend& be, const nested_inputs& in,
                                      const std::vector<trained_fold>& outer);

}  // namespace qc
