// The stratified split (DEFINITIONS.md 3) and its SplitMix64 stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/fraction.hpp"
#include "qc/core/error.hpp"
#include "train/split.hpp"

namespace {

using qc::fraction;
using Labels = std::vector<std::vector<std::string>>;
using Positions = std::vector<std::size_t>;

Labels first_labels(const std::vector<std::string>& firsts) {
  Labels out;
  for (const auto& f : firsts)
    out.push_back(f.empty() ? std::vector<std::string>{} : std::vector{f});
  return out;
}

// -------------------------------------------------------------- splitmix64

TEST(SplitMix64, FirstOutputsFromSeedZero) {
  qc::splitmix64 rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
  EXPECT_EQ(rng.next(), 0x06C45D188009454FULL);
}

TEST(SplitMix64, IsConstexpr) {
  constexpr std::uint64_t first = qc::splitmix64(0).next();
  static_assert(first == 0xE220A8397B1DCDAFULL);
  SUCCEED();
}

// ----------------------------------------------------------- split fraction

TEST(SplitFraction, ParsesInRange) {
  EXPECT_EQ(qc::parse_split_fraction("0"), fraction());
  EXPECT_EQ(qc::parse_split_fraction("1"), fraction(1));
  EXPECT_EQ(qc::parse_split_fraction("1.000"), fraction(1));
  EXPECT_EQ(qc::parse_split_fraction("0.6"), fraction(3, 5));
}

TEST(SplitFraction, RejectsOutOfRangeAndBadText) {
  for (const char* bad : {"1.5", "-0.1", "1.0000000001", "abc", "", "60%"}) {
    try {
      (void)qc::parse_split_fraction(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const qc::usage_error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(qc::stratified_split(first_labels({"a"}), fraction(3, 2), 0), qc::usage_error);
  EXPECT_THROW(qc::stratified_split(first_labels({"a"}), fraction(-1, 2), 0), qc::usage_error);
}

// -------------------------------------------------------- stratified split

TEST(StratifiedSplit, SpecCheckValues) {
  const Labels labels = first_labels({"b", "a", "b", "a", "a", "b", "a"});
  const fraction f = qc::parse_split_fraction("0.6");
  const qc::split_result s0 = qc::stratified_split(labels, f, 0);
  EXPECT_EQ(s0.train, (Positions{0, 3, 4, 5}));
  EXPECT_EQ(s0.test, (Positions{1, 2, 6}));
  const qc::split_result s42 = qc::stratified_split(labels, f, 42);
  EXPECT_EQ(s42.train, (Positions{1, 2, 4, 5}));
  EXPECT_EQ(s42.test, (Positions{0, 3, 6}));
}

TEST(StratifiedSplit, GroupsByFirstLabelAndSkipsUnlabeled) {
  // Only the first label decides the group; later labels do not matter.
  Labels labels = {{"b", "a"}, {}, {"a"}, {"b"}, {"a", "b"}, {"a", "c"}, {}, {"b", "c"}, {"a"}};
  Labels firsts = first_labels({"b", "", "a", "b", "a", "a", "", "b", "a"});
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, ~0ULL}) {
    const qc::split_result a = qc::stratified_split(labels, fraction(1, 2), seed);
    const qc::split_result b = qc::stratified_split(firsts, fraction(1, 2), seed);
    EXPECT_EQ(a.train, b.train);
    EXPECT_EQ(a.test, b.test);
    // 'a' has 4 posts -> 2 train; 'b' has 3 -> floor(1.5 + 0.5) = 2 train.
    EXPECT_EQ(a.train.size(), 4u);
    EXPECT_EQ(a.test.size(), 3u);
    for (std::size_t p : a.train) EXPECT_FALSE(labels[p].empty());
    for (std::size_t p : a.test) EXPECT_FALSE(labels[p].empty());
  }
}

// Reference: the steps of DEFINITIONS.md 3 written out for the groups given
// in sorted label order, sharing one stream.
qc::split_result reference_split(const std::vector<Positions>& groups_in_label_order,
                                 std::uint64_t p, std::uint64_t q, std::uint64_t seed) {
  qc::splitmix64 rng(seed);
  qc::split_result out;
  for (Positions a : groups_in_label_order) {
    for (std::size_t i = a.size() - 1; i >= 1; --i) {
      std::swap(a[i], a[rng.next() % (i + 1)]);
    }
    const std::size_t n_train = (2 * a.size() * p + q) / (2 * q);
    for (std::size_t k = 0; k < a.size(); ++k) (k < n_train ? out.train : out.test).push_back(a[k]);
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

TEST(StratifiedSplit, OneStreamAcrossGroupsInSortedLabelOrder) {
  // Input order of first appearance is z, B, a, "é" (UTF-8 0xC3 0xA9 sorts
  // after ASCII): sorted bytewise the groups are B, a, z, é.
  const Labels labels = first_labels(
      {"z", "B", "a", "z", "\xC3\xA9", "a", "B", "z", "a", "\xC3\xA9", "z", "a", "a", "B", "z"});
  const std::vector<Positions> groups = {{1, 6, 13}, {2, 5, 8, 11, 12}, {0, 3, 7, 10, 14}, {4, 9}};
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const qc::split_result got = qc::stratified_split(labels, fraction(3, 5), seed);
    const qc::split_result want = reference_split(groups, 3, 5, seed);
    ASSERT_EQ(got.train, want.train) << "seed " << seed;
    ASSERT_EQ(got.test, want.test) << "seed " << seed;
  }
  // Groups visited in input order instead would differ for some seed.
  const std::vector<Positions> wrong_order = {
      {0, 3, 7, 10, 14}, {1, 6, 13}, {2, 5, 8, 11, 12}, {4, 9}};
  bool differs = false;
  for (std::uint64_t seed = 0; seed < 200 && !differs; ++seed) {
    differs = qc::stratified_split(labels, fraction(3, 5), seed).train !=
              reference_split(wrong_order, 3, 5, seed).train;
  }
  EXPECT_TRUE(differs);
}

TEST(StratifiedSplit, SingletonGroupDrawsNothing) {
  // Group "a" has one post: it takes no PRNG output, so group "b" sees the
  // stream from its start, exactly as if "a" were absent.
  const Labels with_a = first_labels({"b", "a", "b", "b"});
  const Labels without_a = first_labels({"b", "", "b", "b"});
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    const auto x = qc::stratified_split(with_a, fraction(1, 3), seed);
    const auto y = qc::stratified_split(without_a, fraction(1, 3), seed);
    // n=1, F=1/3: floor(1/3 + 1/2) = 0, so post 1 goes to test.
    Positions y_test = y.test;
    y_test.push_back(1);
    std::sort(y_test.begin(), y_test.end());
    EXPECT_EQ(x.train, y.train);
    EXPECT_EQ(x.test, y_test);
  }
}

TEST(StratifiedSplit, GroupSizesZeroOneTwo) {
  // No posts, or no labeled posts.
  EXPECT_TRUE(qc::stratified_split({}, fraction(1, 2), 0).train.empty());
  const auto none = qc::stratified_split(first_labels({"", ""}), fraction(1, 2), 0);
  EXPECT_TRUE(none.train.empty());
  EXPECT_TRUE(none.test.empty());
  // n = 1: floor(F + 1/2) is 1 exactly when F >= 1/2.
  EXPECT_EQ(qc::stratified_split(first_labels({"a"}), fraction(1, 2), 0).train, Positions{0});
  EXPECT_EQ(qc::stratified_split(first_labels({"a"}), qc::parse_split_fraction("0.4999"), 0).test,
            Positions{0});
  // n = 2: one draw, j = next() % 2 decides the order.
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    qc::splitmix64 rng(seed);
    const bool swapped = rng.next() % 2 == 0;
    const auto s = qc::stratified_split(first_labels({"a", "a"}), fraction(1, 2), seed);
    // floor(2 * 1/2 + 1/2) = 1 train post: a[0] after the shuffle.
    EXPECT_EQ(s.train, Positions{swapped ? 1u : 0u});
    EXPECT_EQ(s.test, Positions{swapped ? 0u : 1u});
    const auto quarter = qc::stratified_split(first_labels({"a", "a"}), fraction(1, 4), seed);
    EXPECT_EQ(quarter.train.size(), 1u);  // floor(0.5 + 0.5) = 1: halves round up
  }
}

TEST(StratifiedSplit, FractionsZeroAndOne) {
  const Labels labels = first_labels({"b", "a", "b", "a", "", "a", "b", "a"});
  const auto all_test = qc::stratified_split(labels, fraction(), 3);
  EXPECT_TRUE(all_test.train.empty());
  EXPECT_EQ(all_test.test, (Positions{0, 1, 2, 3, 5, 6, 7}));
  const auto all_train = qc::stratified_split(labels, fraction(1), 3);
  EXPECT_EQ(all_train.train, (Positions{0, 1, 2, 3, 5, 6, 7}));
  EXPECT_TRUE(all_train.test.empty());
}

TEST(StratifiedSplit, CountsPerGroupFollowTheExactRounding) {
  // 600 posts, 6 labels x 100: F = 0.6 gives 60 train per group.
  std::vector<std::string> firsts;
  for (int i = 0; i < 600; ++i) firsts.push_back(std::string(1, static_cast<char>('a' + i % 6)));
  const auto s = qc::stratified_split(first_labels(firsts), fraction(3, 5), 2019);
  EXPECT_EQ(s.train.size(), 360u);
  EXPECT_EQ(s.test.size(), 240u);
  // n = 5, F = 0.3: floor(1.5 + 0.5) = 2; F = 0.29: floor(1.45 + 0.5) = 1.
  const Labels five = first_labels({"x", "x", "x", "x", "x"});
  EXPECT_EQ(qc::stratified_split(five, fraction(3, 10), 1).train.size(), 2u);
  EXPECT_EQ(qc::stratified_split(five, fraction(29, 100), 1).train.size(), 1u);
}

// ------------------------------------------------ k-fold (DEFINITIONS 11)

TEST(StratifiedFolds, SpecCheckValue) {
  const Labels labels = first_labels({"b", "a", "b", "a", "a", "b", "a"});
  const auto folds = qc::stratified_folds(labels, nullptr, 3, 0);
  ASSERT_EQ(folds.size(), 3u);
  EXPECT_EQ(folds[0].test, (Positions{2, 4, 6}));
  EXPECT_EQ(folds[1].test, (Positions{0, 3}));
  EXPECT_EQ(folds[2].test, (Positions{1, 5}));
  EXPECT_EQ(folds[0].train, (Positions{0, 1, 3, 5}));
  EXPECT_EQ(folds[1].train, (Positions{1, 2, 4, 5, 6}));
  EXPECT_EQ(folds[2].train, (Positions{0, 2, 3, 4, 6}));
}

TEST(StratifiedFolds, NestedSpecCheckValue) {
  // Outer fold 0 of repeat 0 (test [2,4,6]); its inner folds use seed
  // 0 + 0 + 1000003 * 1 over the train part [0,1,3,5] alone.
  const Labels labels = first_labels({"b", "a", "b", "a", "a", "b", "a"});
  const auto outer = qc::stratified_folds(labels, nullptr, 3, 0);
  EXPECT_EQ(qc::inner_fold_seed(0, 0, 0), 1000003u);
  const auto inner = qc::stratified_folds(labels, &outer[0].train, 3, qc::inner_fold_seed(0, 0, 0));
  ASSERT_EQ(inner.size(), 3u);
  EXPECT_EQ(inner[0].test, (Positions{3, 5}));
  EXPECT_EQ(inner[1].test, (Positions{1}));
  EXPECT_EQ(inner[2].test, (Positions{0}));
  EXPECT_EQ(inner[0].train, (Positions{0, 1}));
}

TEST(StratifiedFolds, SameShuffleAsTheSplitAndOneCounter) {
  // The dealt order is the split's shuffled order: group after group, with
  // the counter running on across groups.
  const Labels labels = first_labels({"z", "B", "a", "z", "a", "B", "z", "", "a", "z", "a"});
  const std::vector<Positions> groups = {{1, 5}, {2, 4, 8, 10}, {0, 3, 6, 9}};
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    qc::splitmix64 rng(seed);
    std::vector<Positions> want(3);
    std::size_t c = 0;
    for (Positions a : groups) {
      for (std::size_t i = a.size() - 1; i >= 1; --i) std::swap(a[i], a[rng.next() % (i + 1)]);
      for (std::size_t p : a) want[c++ % 3].push_back(p);
    }
    const auto got = qc::stratified_folds(labels, nullptr, 3, seed);
    for (std::size_t f = 0; f < 3; ++f) {
      std::sort(want[f].begin(), want[f].end());
      ASSERT_EQ(got[f].test, want[f]) << "seed " << seed << " fold " << f;
      EXPECT_EQ(got[f].train.size() + got[f].test.size(), 10u);  // post 7 has no label
    }
  }
}

TEST(StratifiedFolds, RepeatsUseSeedPlusRepeatAndWrap) {
  const Labels labels = first_labels({"b", "a", "b", "a", "a", "b", "a"});
  const auto cv = qc::cross_validation_folds(labels, 3, 2, ~0ULL);
  ASSERT_EQ(cv.size(), 6u);
  const auto r0 = qc::stratified_folds(labels, nullptr, 3, ~0ULL);
  const auto r1 = qc::stratified_folds(labels, nullptr, 3, 0);  // ~0 + 1 wraps to 0
  for (std::size_t f = 0; f < 3; ++f) {
    EXPECT_EQ(cv[f].repeat, 0u);
    EXPECT_EQ(cv[f].fold, f);
    EXPECT_EQ(cv[f].parts.test, r0[f].test);
    EXPECT_EQ(cv[3 + f].repeat, 1u);
    EXPECT_EQ(cv[3 + f].parts.test, r1[f].test);
  }
  EXPECT_EQ(cv[3].parts.test, (Positions{2, 4, 6}));
  EXPECT_EQ(qc::inner_fold_seed(~0ULL, 1, 1), 2000006u);
}

TEST(StratifiedFolds, RejectsBadFoldAndRepeatCounts) {
  const Labels labels = first_labels({"b", "a", "", "a"});
  EXPECT_THROW(qc::stratified_folds(labels, nullptr, 1, 0), qc::usage_error);
  EXPECT_THROW(qc::stratified_folds(labels, nullptr, 4, 0), qc::usage_error);  // 3 labeled
  EXPECT_EQ(qc::stratified_folds(labels, nullptr, 3, 0).size(), 3u);
  EXPECT_THROW(qc::cross_validation_folds(labels, 2, 0, 0), qc::usage_error);
}

}  // namespace
