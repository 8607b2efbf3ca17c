// Cross-validation summaries (DEFINITIONS.md 11 step 6) and the objective's
// place among the summary metrics.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "eval/cross_validation.hpp"

namespace {

qc::metric_values with_f1(std::optional<double> f1, std::optional<double> accuracy) {
  qc::metric_values v;
  v[qc::objective_index(qc::sweep_objective::macro_f1)] = f1;
  v[qc::objective_index(qc::sweep_objective::accuracy)] = accuracy;
  return v;
}

TEST(CrossValidationSummary, MeanInFoldOrderAndSampleStd) {
  const std::vector<qc::metric_values> folds = {with_f1(0.5, 0.25), with_f1(0.75, 0.5),
                                                with_f1(1.0, 0.75)};
  const qc::metric_summary s = qc::summarize(folds);
  const std::size_t f1 = qc::objective_index(qc::sweep_objective::macro_f1);
  const std::size_t acc = qc::objective_index(qc::sweep_objective::accuracy);
  ASSERT_TRUE(s.mean[f1] && s.std[f1]);
  EXPECT_EQ(*s.mean[f1], 0.75);
  // sqrt((0.0625 + 0 + 0.0625) / 2) = 0.25
  EXPECT_EQ(*s.std[f1], 0.25);
  EXPECT_EQ(*s.mean[acc], 0.5);
  // Metrics no fold has stay null.
  EXPECT_FALSE(s.mean[0]);
  EXPECT_FALSE(s.std[0]);
  // Rounding as written: (0.1 + 0.2 + 0.3) / 3 summed left to right.
  const qc::metric_summary t = qc::summarize({with_f1(0.1, 0), with_f1(0.2, 0), with_f1(0.3, 0)});
  EXPECT_EQ(*t.mean[f1], ((0.0 + 0.1) + 0.2 + 0.3) / 3.0);
}

TEST(CrossValidationSummary, NullFoldsAreLeftOut) {
  const std::size_t f1 = qc::objective_index(qc::sweep_objective::macro_f1);
  const qc::metric_summary s =
      qc::summarize({with_f1(0.5, 1.0), with_f1(std::nullopt, 1.0), with_f1(0.25, 1.0)});
  EXPECT_EQ(*s.mean[f1], 0.375);
  EXPECT_EQ(*s.std[f1], std::sqrt((0.125 * 0.125 + 0.125 * 0.125) / 1.0));
  // One value: a mean, no standard deviation.
  const qc::metric_summary one = qc::summarize({with_f1(0.5, std::nullopt)});
  EXPECT_EQ(*one.mean[f1], 0.5);
  EXPECT_FALSE(one.std[f1]);
  EXPECT_EQ(qc::mean_present({std::nullopt, std::nullopt}), std::nullopt);
}

TEST(CrossValidationSummary, ObjectivesNameTheirMetrics) {
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::macro_f1)], "f1");
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::macro_precision)],
               "precision");
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::macro_recall)],
               "recall");
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::micro_f1)], "micro_f1");
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::accuracy)], "accuracy");
  EXPECT_STREQ(qc::kSummaryMetrics[qc::objective_index(qc::sweep_objective::study_f1)], "study_f1");
}

}  // namespace
