// The bootstrap, the classifiers' intervals and McNemar's exact test
// (DEFINITIONS.md 11), against the check value and hand-worked values.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "eval/bootstrap.hpp"
#include "eval/classifier_uncertainty.hpp"
#include "qc/core/error.hpp"

namespace {

std::vector<std::vector<std::size_t>> resamples(std::size_t n, std::size_t B, std::uint64_t seed) {
  std::vector<std::vector<std::size_t>> out;
  qc::for_each_resample(n, B, seed, [&](const std::vector<std::size_t>& d) { out.push_back(d); });
  return out;
}

TEST(Bootstrap, CheckValueSeed0N10) {
  const auto r = resamples(10, 2, 0);
  ASSERT_EQ(r.size(), 2u);
  ASSERT_EQ(r[0].size(), 10u);
  EXPECT_EQ(r[0][0], 5u);
  EXPECT_EQ(r[0][1], 0u);
  EXPECT_EQ(r[0][2], 9u);
  // Resample 1 continues the same stream.
  EXPECT_NE(r[0], r[1]);
  EXPECT_TRUE(resamples(0, 3, 0) == std::vector<std::vector<std::size_t>>(3));
}

TEST(Bootstrap, PercentileIntervalType7LeavesOutNulls) {
  const std::vector<std::optional<double>> v = {5.0, std::nullopt, 1.0, 4.0, 2.0, 3.0};
  const qc::bootstrap_estimate e = qc::percentile_interval(v, 0.5);
  EXPECT_EQ(e.resamples, 6u);
  EXPECT_EQ(e.left_out, 1u);
  ASSERT_TRUE(e.ci);
  EXPECT_EQ(e.ci->low, 2.0);  // p = 0.25, h = 1
  EXPECT_EQ(e.ci->high, 4.0);
  // C = 0.95 on 1..5: h = ((1 - 0.95)/2) * 4 = 0.1 (in doubles).
  const qc::bootstrap_estimate f = qc::percentile_interval({1.0, 2.0, 3.0, 4.0, 5.0}, 0.95);
  const double h = (1.0 - 0.95) / 2.0 * 4.0;
  EXPECT_EQ(f.ci->low, 1.0 + h * (2.0 - 1.0));
  const double hh = (1.0 + 0.95) / 2.0 * 4.0;
  EXPECT_EQ(f.ci->high, 4.0 + (hh - 3.0) * (5.0 - 4.0));
  const qc::bootstrap_estimate none = qc::percentile_interval({std::nullopt, std::nullopt}, 0.9);
  EXPECT_FALSE(none.ci);
  EXPECT_EQ(none.left_out, 2u);
  EXPECT_THROW(qc::percentile_interval({1.0}, 1.0), qc::usage_error);
  EXPECT_THROW(qc::percentile_interval({1.0}, 0.0), qc::usage_error);
}

// Three posts over L = 2: truth 0, 1, {1, 0}; predictions {0}, {0}, {0, 1}.
qc::evaluated_posts three_posts() {
  qc::evaluated_posts p;
  p.n_labels = 2;
  p.truth = {{0}, {1}, {1, 0}};
  p.predicted = {0b01, 0b01, 0b11};
  return p;
}

TEST(ClassifierBootstrap, ResampleCountsWithMultiplicity) {
  const qc::evaluated_posts p = three_posts();
  qc::confusion_counts expect(2);
  expect.add_post({0}, {0});
  expect.add_post({0}, {0});
  expect.add_post({1, 0}, {0, 1});
  EXPECT_EQ(qc::resample_counts(p, {2, 0, 0}), expect);
  EXPECT_EQ(qc::resample_counts(p, {0, 2, 0}), expect);
  EXPECT_EQ(qc::resample_counts(p, {}).n_posts, 0u);
}

TEST(ClassifierBootstrap, MetricsAreThoseOfTheResamples) {
  const qc::evaluated_posts p = three_posts();
  const qc::bootstrap_spec spec{40, 0.9, 7};
  std::vector<std::optional<double>> acc, macro, micro;
  qc::for_each_resample(3, 40, 7, [&](const std::vector<std::size_t>& d) {
    const qc::metrics m = qc::compute_metrics(qc::resample_counts(p, d));
    acc.push_back(m.accuracy);
    macro.push_back(m.macro_f1);
    micro.push_back(m.micro_f1);
  });
  const qc::metric_intervals iv = qc::bootstrap_metrics(p, spec);
  EXPECT_EQ(iv.accuracy.ci->low, qc::percentile_interval(acc, 0.9).ci->low);
  EXPECT_EQ(iv.accuracy.ci->high, qc::percentile_interval(acc, 0.9).ci->high);
  EXPECT_EQ(iv.macro_f1.ci->low, qc::percentile_interval(macro, 0.9).ci->low);
  EXPECT_EQ(iv.micro_f1.ci->high, qc::percentile_interval(micro, 0.9).ci->high);
  EXPECT_EQ(iv.accuracy.left_out, 0u);
  // No posts: every resample's metrics are null, all left out.
  qc::evaluated_posts none;
  none.n_labels = 2;
  const qc::metric_intervals e = qc::bootstrap_metrics(none, spec);
  EXPECT_FALSE(e.macro_f1.ci);
  EXPECT_EQ(e.macro_f1.left_out, 40u);
}

TEST(ClassifierBootstrap, PairedDifference) {
  const qc::evaluated_posts p = three_posts();
  const qc::bootstrap_spec spec{30, 0.95, 1};
  const qc::bootstrap_estimate same =
      qc::bootstrap_difference(p, p, qc::sweep_objective::macro_f1, spec);
  ASSERT_TRUE(same.ci);
  EXPECT_EQ(same.ci->low, 0.0);
  EXPECT_EQ(same.ci->high, 0.0);
  qc::evaluated_posts q = p;
  q.predicted = {0b01, 0b10, 0b11};  // right everywhere
  const qc::bootstrap_estimate d =
      qc::bootstrap_difference(p, q, qc::sweep_objective::accuracy, spec);
  ASSERT_TRUE(d.ci);
  EXPECT_LE(d.ci->high, 0.0);  // p is never better than q
  qc::evaluated_posts other = p;
  other.truth[0] = {1};
  EXPECT_THROW(qc::bootstrap_difference(p, other, qc::sweep_objective::accuracy, spec),
               std::invalid_argument);
}

TEST(McNemar, ExactTwoSidedPValues) {
  EXPECT_EQ(qc::mcnemar_exact_p(0, 0), 1.0);
  EXPECT_EQ(qc::mcnemar_exact_p(1, 5), 14.0 / 64.0);  // 2 (1 + 6) / 2^6
  EXPECT_EQ(qc::mcnemar_exact_p(5, 1), 14.0 / 64.0);
  EXPECT_EQ(qc::mcnemar_exact_p(3, 3), 1.0);           // 2 * 42/64 > 1
  EXPECT_EQ(qc::mcnemar_exact_p(0, 10), 2.0 / 1024);   // 2 * 1 / 2^10
  EXPECT_EQ(qc::mcnemar_exact_p(2, 8), 112.0 / 1024);  // 2 (1 + 10 + 45) / 2^10
  // Far beyond a double's exponent range for 2^(b+c): still a number in (0, 1].
  const double tiny = qc::mcnemar_exact_p(0, 1100);
  EXPECT_EQ(tiny, 0.0);  // 2^-1099 is below the smallest subnormal double
  const double p = qc::mcnemar_exact_p(480, 520);
  EXPECT_GT(p, 0.2);
  EXPECT_LT(p, 0.25);
}

TEST(McNemar, CountsExactMatches) {
  const qc::evaluated_posts p = three_posts();  // right: posts 0 and 2
  qc::evaluated_posts q = p;
  q.predicted = {0b10, 0b10, 0b01};  // right: post 1 only
  const qc::mcnemar_result r = qc::mcnemar_test(p, q);
  EXPECT_EQ(r.b, 2u);
  EXPECT_EQ(r.c, 1u);
  EXPECT_EQ(r.p_value, 1.0);  // 2 (1 + 3) / 8 = 1
  const qc::paired_uncertainty u =
      qc::compare_paired(p, q, qc::bootstrap_spec{0, 0.95, 0}, qc::sweep_objective::macro_f1);
  EXPECT_EQ(u.mcnemar.b, 2u);
  EXPECT_FALSE(u.first);
  EXPECT_FALSE(u.difference);
}

}  // namespace
