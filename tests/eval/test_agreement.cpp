// Agreement between two labelers (DEFINITIONS.md 12): Cohen's kappa, its
// bootstrap interval (section 11), per-category agreement and confusion.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "eval/agreement.hpp"
#include "qc/core/error.hpp"
#include "study/quantiles.hpp"
#include "train/split.hpp"

namespace {

using V = std::vector<std::string>;

TEST(CohenKappa, HandWorkedValue) {
  // p_o = 3/4; a: x 2, y 2; b: x 1, y 3; p_e = 0.5*0.25 + 0.5*0.75 = 0.5.
  const qc::kappa_parts k = qc::cohen_kappa({"x", "x", "y", "y"}, {"x", "y", "y", "y"});
  EXPECT_EQ(k.observed, 0.75);
  EXPECT_EQ(k.expected, 0.5);
  EXPECT_EQ(k.kappa, 0.5);
}

TEST(CohenKappa, InTheOrderWritten) {
  const V a = {"b", "a", "c", "a", "b", "b", "c"};
  const V b = {"b", "c", "c", "a", "a", "b", "c"};
  const qc::kappa_parts k = qc::cohen_kappa(a, b);
  const double n = 7;
  const double po = 5 / n;
  // a: a 2, b 3, c 2; b: a 2, b 2, c 3 (categories a, b, c).
  double pe = 0;
  pe += (2 / n) * (2 / n);
  pe += (3 / n) * (2 / n);
  pe += (2 / n) * (3 / n);
  EXPECT_EQ(k.observed, po);
  EXPECT_EQ(k.expected, pe);
  EXPECT_EQ(k.kappa, (po - pe) / (1 - pe));
}

TEST(CohenKappa, ExpectedAgreementOne) {
  const qc::kappa_parts k = qc::cohen_kappa({"x", "x", "x"}, {"x", "x", "x"});
  EXPECT_EQ(k.expected, 1.0);
  EXPECT_EQ(k.kappa, 1.0);
  EXPECT_THROW(qc::cohen_kappa({}, {}), std::invalid_argument);
}

TEST(CohenKappa, TotalDisagreementIsNegative) {
  const qc::kappa_parts k = qc::cohen_kappa({"x", "y"}, {"y", "x"});
  EXPECT_EQ(k.observed, 0.0);
  EXPECT_EQ(k.kappa, -1.0);
}

TEST(BootstrapKappa, CheckValueAndResamples) {
  // Section 11: seed 0, n = 10: resample 0 starts with indices 5, 0, 9.
  qc::splitmix64 g(0);
  EXPECT_EQ(g.next() % 10, 5u);
  EXPECT_EQ(g.next() % 10, 0u);
  EXPECT_EQ(g.next() % 10, 9u);

  const V a = {"a", "a", "b", "b", "c", "a", "b", "c", "c", "a"};
  const V b = {"a", "b", "b", "b", "c", "a", "a", "c", "b", "a"};
  const std::size_t B = 25;
  qc::splitmix64 rng(3);
  std::vector<double> vals;
  for (std::size_t r = 0; r < B; ++r) {
    V ra, rb;
    for (std::size_t j = 0; j < a.size(); ++j) {
      const auto i = static_cast<std::size_t>(rng.next() % a.size());
      ra.push_back(a[i]);
      rb.push_back(b[i]);
    }
    vals.push_back(qc::cohen_kappa(ra, rb).kappa);
  }
  std::sort(vals.begin(), vals.end());
  const auto iv = qc::bootstrap_kappa(a, b, B, 0.95, 3);
  ASSERT_TRUE(iv);
  // Type 7 at p = (1 - 0.95)/2: h = 0.025 * 24 = 0.6.
  const double p = (1.0 - 0.95) / 2.0;
  const double h = p * 24;
  EXPECT_EQ(iv->low, vals[0] + (h - 0) * (vals[1] - vals[0]));
  EXPECT_EQ(iv->high, qc::quantile_sorted(vals, (1.0 + 0.95) / 2.0));
  EXPECT_LE(iv->low, iv->high);
  EXPECT_FALSE(qc::bootstrap_kappa(a, b, 0, 0.95, 3));
  const auto one = qc::bootstrap_kappa(a, b, 1, 0.95, 3);
  ASSERT_TRUE(one);
  EXPECT_EQ(one->low, one->high);
}

std::vector<qc::labeled_post> sheet(const std::vector<std::pair<std::string, V>>& rows) {
  std::vector<qc::labeled_post> out;
  for (const auto& [id, labels] : rows) out.push_back({id, labels});
  return out;
}

TEST(MeasureAgreement, JoinsByIdAndCountsOneSidedPosts) {
  const auto a =
      sheet({{"1", {"x"}}, {"2", {"y", "x"}}, {"3", {"y"}}, {"4", {}}, {"5", {"x"}}, {"6", {"z"}}});
  // B in another order; 5 unlabeled in B, 6 absent, 7 only in B.
  const auto b =
      sheet({{"3", {"x"}}, {"2", {"y"}}, {"1", {"x", "y"}}, {"5", {}}, {"4", {"x"}}, {"7", {"y"}}});
  qc::agreement_options o;
  o.bootstrap = 50;
  const qc::agreement_result r = qc::measure_agreement(a, b, o);
  EXPECT_EQ(r.rows_a, 6u);
  EXPECT_EQ(r.labeled_a, 5u);
  EXPECT_EQ(r.labeled_b, 5u);
  EXPECT_EQ(r.common, 3u);  // 1, 2, 3 in A's order
  EXPECT_EQ(r.only_a, 2u);  // 5, 6
  EXPECT_EQ(r.only_b, 2u);  // 4, 7
  EXPECT_EQ(r.common_a, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(r.common_b, (std::vector<std::size_t>{2, 1, 0}));
  EXPECT_EQ(r.agreed, 2u);  // first labels: x/x, y/y, y/x
  EXPECT_EQ(r.disagreements, (std::vector<std::size_t>{2}));
  EXPECT_EQ(r.categories, (V{"x", "y"}));
  EXPECT_EQ(r.confusion, (std::vector<std::vector<std::size_t>>{{1, 0}, {1, 1}}));
  const qc::kappa_parts k = qc::cohen_kappa({"x", "y", "y"}, {"x", "y", "x"});
  EXPECT_EQ(r.kappa.kappa, k.kappa);
  ASSERT_EQ(r.per_category.size(), 2u);
  EXPECT_EQ(r.per_category[0].a, 1u);
  EXPECT_EQ(r.per_category[0].b, 2u);
  EXPECT_EQ(r.per_category[0].both, 1u);
  EXPECT_EQ(r.per_category[0].agreement, 2.0 / 3.0);
  EXPECT_EQ(r.per_category[1].agreement, 2.0 / 3.0);
  EXPECT_TRUE(r.kappa_interval);
}

TEST(MeasureAgreement, NoCommonPostIsAnError) {
  const auto a = sheet({{"1", {"x"}}, {"2", {}}});
  const auto b = sheet({{"2", {"x"}}, {"3", {"y"}}});
  try {
    qc::measure_agreement(a, b, {});
    FAIL() << "no error";
  } catch (const qc::error& e) {
    EXPECT_NE(std::string(e.what()).find("no post is labeled in both"), std::string::npos);
  }
}

TEST(MeasureAgreement, OneCategoryEverywhere) {
  const auto a = sheet({{"1", {"x"}}, {"2", {"x"}}});
  const qc::agreement_result r = qc::measure_agreement(a, a, {});
  EXPECT_EQ(r.kappa.expected, 1.0);
  EXPECT_EQ(r.kappa.kappa, 1.0);
  ASSERT_TRUE(r.kappa_interval);
  EXPECT_EQ(r.kappa_interval->low, 1.0);
  EXPECT_EQ(r.kappa_interval->high, 1.0);
}

}  // namespace
