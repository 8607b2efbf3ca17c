// Cross-validation summaries (DEFINITIONS.md 11 step 6) and the objective's
// place among the summary metrics.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "bundled_sample.hpp"
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

// One fold's metrics at one point, evaluated on its own (no batching).
qc::metric_values direct(qc::backend& be, const qc::training_result& t, std::size_t top_k,
                         qc::norm_kind norm, double alpha) {
  const qc::keyword_model& m = t.model;
  const auto cats = t.trainer->select(top_k, norm, m.scope, t.keyword_sets, m.labels, m.vocab);
  const qc::row_scores s = qc::score_rows(be, t.matrix.select_rows(t.test_rows),
                                          qc::compile_weights(cats, m.vocab.size()));
  const qc::confusion_counts c =
      qc::evaluate(be, s, qc::make_truth(t.label_index, t.test_rows), alpha, m.ties);
  return qc::metric_values_of(qc::compute_metrics(c));
}

// All folds in one batched sweep give what each fold gives alone, also when
// every fold has its own vocabulary (--vocab-from train: weights padded).
TEST(CrossValidationSweep, BatchedFoldsEqualEachFoldAlone) {
  const qc_test::bundled_sample sample = qc_test::load_bundled_sample();
  const qc::labeled_data& data = sample.data;
  const auto& kw = sample.keywords;
  const qc::text_resources& res = sample.res;
  for (const auto source : {qc::vocab_source::all, qc::vocab_source::train}) {
    qc::keyword_model base;
    base.vocab_from = source;
    const qc::training_result single = qc::train_keyword_model(data, base, kw, res, 0);
    const auto folds = qc::train_folds(data, single.model, kw, res, 0,
                                       qc::cross_validation_folds(data.labels, 3, 2, 5));
    ASSERT_EQ(folds.size(), 6u);
    qc::sweep_spec spec;
    spec.alphas = qc::make_alpha_grid("0:0.3:0.1");
    spec.top_ks = {50, 200};
    spec.norms = {qc::norm_kind::l2, qc::norm_kind::sum};
    spec.scopes = {qc::manual_scope::topk};
    for (const char* name : {"reference", "cpu"}) {
      const auto be = qc::make_cpu_backend(name, 2);
      const qc::cv_train_result at_alpha = qc::evaluate_folds(*be, folds);
      const qc::cv_sweep_result r = qc::sweep_folds(*be, folds, spec);
      ASSERT_EQ(r.points.size(), 16u);
      std::vector<qc::metric_values> at_model;
      for (const auto& f : folds)
        at_model.push_back(direct(*be, f.t, f.t.model.top_k, f.t.model.norm, f.t.model.alpha));
      EXPECT_EQ(at_alpha.summary.mean, qc::summarize(at_model).mean) << name;
      EXPECT_EQ(at_alpha.summary.std, qc::summarize(at_model).std) << name;
      for (const auto& p : r.points) {
        std::vector<qc::metric_values> alone;
        for (const auto& f : folds)
          alone.push_back(direct(*be, f.t, p.head.top_k, p.head.norm, p.head.alpha));
        const qc::metric_summary want = qc::summarize(alone);
        EXPECT_EQ(p.summary.mean, want.mean) << name << " top_k " << p.head.top_k;
        EXPECT_EQ(p.summary.std, want.std) << name << " top_k " << p.head.top_k;
      }
    }
  }
}

}  // namespace
