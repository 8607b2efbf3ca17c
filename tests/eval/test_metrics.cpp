// Metrics (DEFINITIONS.md 7) and the shortest round-trip double format.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/format_double.hpp"
#include "eval/metrics.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "train/split.hpp"

namespace {

using qc::confusion_counts;
using U = std::vector<std::uint64_t>;

double F1(double p, double r) { return p + r == 0.0 ? 0.0 : ((2.0 * p) * r) / (p + r); }

// ------------------------------------------------------------ format_double

TEST(FormatDouble, MatchesPythonRepr) {
  const std::pair<double, const char*> cases[] = {
      {0.18, "0.18"},
      {1.0, "1.0"},
      {0.0, "0.0"},
      {-0.0, "-0.0"},
      {1.0 / 3.0, "0.3333333333333333"},
      {1e16, "1e+16"},
      {1e15, "1000000000000000.0"},
      {9999999999999998.0, "9999999999999998.0"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {0.0001, "0.0001"},
      {0.001, "0.001"},
      {0.000123, "0.000123"},
      {0.00001, "1e-05"},
      {123e-7, "1.23e-05"},
      {-0.5, "-0.5"},
      {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {1.5e300, "1.5e+300"},
      {2.5e-5, "2.5e-05"},
      {100.0, "100.0"},
      {1234.5678, "1234.5678"},
      {1e22, "1e+22"},
      {1e-7, "1e-07"},
      {0.1 + 0.2, "0.30000000000000004"},
      {9007199254740992.0, "9007199254740992.0"},
      {9223372036854775808.0, "9.223372036854776e+18"},
      {-1e-300, "-1e-300"},
  };
  for (const auto& [x, want] : cases) EXPECT_EQ(qc::format_double(x), want);
  EXPECT_EQ(qc::format_double(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(qc::format_double(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(qc::format_double(-std::numeric_limits<double>::infinity()), "-inf");
  std::string out = "x=";
  qc::append_double(out, 0.5);
  EXPECT_EQ(out, "x=0.5");
}

TEST(FormatDouble, RoundTripsRandomBitPatterns) {
  qc::splitmix64 rng(1);
  for (int i = 0; i < 200000; ++i) {
    const std::uint64_t bits = rng.next();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    const std::string s = qc::format_double(x);
    const double back = std::strtod(s.c_str(), nullptr);
    ASSERT_EQ(std::memcmp(&back, &x, sizeof x), 0) << s;
    ASSERT_EQ(s.find_first_not_of("-0123456789.e+"), std::string::npos) << s;
    // Fixed notation always carries a fractional part.
    if (s.find('e') == std::string::npos) {
      ASSERT_NE(s.find('.'), std::string::npos) << s;
    }
  }
}

// ------------------------------------------------------------------ metrics

// Single-label posts, L = 3; category 2 is never predicted.
confusion_counts single_label_case() {
  confusion_counts c(3);
  for (auto [y, p] : {std::pair{0, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 0}, {0, 1}}) c.add_single(y, p);
  return c;
}

TEST(Metrics, SingleLabelCounts) {
  const confusion_counts c = single_label_case();
  EXPECT_EQ(c.n_posts, 6u);
  EXPECT_EQ(c.n_exact, 3u);
  EXPECT_EQ(c.tp, (U{2, 1, 0}));
  EXPECT_EQ(c.fp, (U{0, 3, 0}));
  EXPECT_EQ(c.fn, (U{2, 0, 1}));
  EXPECT_EQ(c.confusion, (U{2, 2, 0, 0, 1, 0, 0, 1, 0}));
  EXPECT_EQ(c.c(0, 1), 2u);
  // Q caps the repeated (0 -> 1) error at 1.
  EXPECT_EQ(c.study_matrix(), (U{2, 1, 0, 0, 1, 0, 0, 1, 0}));
}

TEST(Metrics, SingleLabelValues) {
  const qc::metrics m = qc::compute_metrics(single_label_case());
  EXPECT_EQ(m.precision, (std::vector<double>{1.0, 0.25, 0.0}));
  EXPECT_EQ(m.recall, (std::vector<double>{0.5, 1.0, 0.0}));
  EXPECT_EQ(m.f1, (std::vector<double>{F1(1.0, 0.5), F1(0.25, 1.0), 0.0}));
  EXPECT_EQ(m.macro_precision, (1.0 + 0.25 + 0.0) / 3.0);
  EXPECT_EQ(m.macro_recall, (0.5 + 1.0 + 0.0) / 3.0);
  EXPECT_EQ(m.macro_f1, (F1(1.0, 0.5) + F1(0.25, 1.0) + 0.0) / 3.0);
  EXPECT_NE(m.macro_f1, F1(*m.macro_precision, *m.macro_recall));  // mean of F1s
  EXPECT_EQ(m.micro_precision, 0.5);
  EXPECT_EQ(m.micro_recall, 0.5);
  EXPECT_EQ(m.micro_f1, 0.5);
  EXPECT_EQ(m.accuracy, 0.5);
  // Never-predicted category 2: standard precision 0, study precision 1.0.
  EXPECT_EQ(m.study_precision, (std::vector<double>{1.0, 1.0 / 3.0, 1.0}));
  EXPECT_EQ(m.study_recall, (std::vector<double>{2.0 / 3.0, 1.0, 0.0}));
  const double sp = (1.0 + 1.0 / 3.0 + 1.0) / 3.0;
  const double sr = (2.0 / 3.0 + 1.0 + 0.0) / 3.0;
  EXPECT_EQ(m.study_p, sp);
  EXPECT_EQ(m.study_r, sr);
  EXPECT_EQ(m.study_f1, F1(sp, sr));
}

// Multi-label posts with several predictions (ties=all).
confusion_counts multi_label_case() {
  confusion_counts c(3);
  c.add_post({2, 0}, {0});     // TP0, FN2
  c.add_post({1}, {0, 1});     // FP0 at (1,0), TP1
  c.add_post({0, 1}, {0, 1});  // TP0, TP1, exact
  c.add_post({2}, {0, 1, 2});  // FP0 at (2,0), FP1 at (2,1), TP2
  c.add_post({1, 2}, {0});     // FP0 at (1,0), FN1, FN2
  return c;
}

TEST(Metrics, MultiLabelAndSeveralPredictions) {
  const confusion_counts c = multi_label_case();
  EXPECT_EQ(c.n_posts, 5u);
  EXPECT_EQ(c.n_exact, 1u);
  EXPECT_EQ(c.tp, (U{2, 2, 1}));
  EXPECT_EQ(c.fp, (U{3, 1, 0}));
  EXPECT_EQ(c.fn, (U{0, 1, 2}));
  EXPECT_EQ(c.confusion, (U{2, 0, 0, 2, 2, 0, 1, 1, 1}));
  EXPECT_EQ(c.study_matrix(), (U{2, 0, 0, 1, 2, 0, 1, 1, 1}));

  const qc::metrics m = qc::compute_metrics(c);
  EXPECT_EQ(m.precision, (std::vector<double>{2.0 / 5.0, 2.0 / 3.0, 1.0}));
  EXPECT_EQ(m.recall, (std::vector<double>{1.0, 2.0 / 3.0, 1.0 / 3.0}));
  EXPECT_EQ(m.macro_precision, (2.0 / 5.0 + 2.0 / 3.0 + 1.0) / 3.0);
  EXPECT_EQ(m.macro_recall, (1.0 + 2.0 / 3.0 + 1.0 / 3.0) / 3.0);
  EXPECT_EQ(m.macro_f1, (F1(2.0 / 5.0, 1.0) + F1(2.0 / 3.0, 2.0 / 3.0) + F1(1.0, 1.0 / 3.0)) / 3.0);
  EXPECT_EQ(m.micro_precision, 5.0 / 9.0);
  EXPECT_EQ(m.micro_recall, 5.0 / 8.0);
  EXPECT_EQ(m.micro_f1, F1(5.0 / 9.0, 5.0 / 8.0));
  EXPECT_EQ(m.accuracy, 1.0 / 5.0);
  EXPECT_EQ(m.study_precision, (std::vector<double>{2.0 / 4.0, 2.0 / 3.0, 1.0}));
  EXPECT_EQ(m.study_recall, (std::vector<double>{1.0, 2.0 / 3.0, 1.0 / 3.0}));
  const double sp = (2.0 / 4.0 + 2.0 / 3.0 + 1.0) / 3.0;
  const double sr = (1.0 + 2.0 / 3.0 + 1.0 / 3.0) / 3.0;
  EXPECT_EQ(m.study_p, sp);
  EXPECT_EQ(m.study_r, sr);
  EXPECT_EQ(m.study_f1, F1(sp, sr));
}

TEST(Metrics, ExactMatchIsSetEquality) {
  confusion_counts c(4);
  c.add_post({3, 1}, {1, 3});  // same set, other order
  c.add_post({1}, {1, 3});     // superset
  c.add_post({1, 3}, {1});     // subset
  c.add_post({2}, {});         // nothing predicted: only FN2
  EXPECT_EQ(c.n_exact, 1u);
  EXPECT_EQ(c.fn, (U{0, 0, 1, 1}));
  EXPECT_EQ(c.fp, (U{0, 0, 0, 1}));
  EXPECT_EQ(qc::compute_metrics(c).accuracy, 0.25);
}

TEST(Metrics, EmptyTestSetGivesNulls) {
  const confusion_counts c(3);
  const qc::metrics m = qc::compute_metrics(c);
  EXPECT_EQ(m.n_posts, 0u);
  for (const auto* v :
       {&m.macro_precision, &m.macro_recall, &m.macro_f1, &m.micro_precision, &m.micro_recall,
        &m.micro_f1, &m.accuracy, &m.study_p, &m.study_r, &m.study_f1}) {
    EXPECT_FALSE(v->has_value());
  }
  EXPECT_EQ(m.precision, (std::vector<double>{0.0, 0.0, 0.0}));
  EXPECT_EQ(m.f1, (std::vector<double>{0.0, 0.0, 0.0}));
  EXPECT_EQ(m.study_precision, (std::vector<double>{1.0, 1.0, 1.0}));
  EXPECT_EQ(m.study_recall, (std::vector<double>{1.0, 1.0, 1.0}));
  const std::string json = qc::metrics_json(c, m, {"a", "b", "c"});
  EXPECT_NE(json.find("\"precision\":null,\"recall\":null,\"f1\":null"), std::string::npos);
  EXPECT_NE(json.find("\"accuracy\":null"), std::string::npos);
  EXPECT_NE(json.find("\"study_f1\":null"), std::string::npos);

  const qc::metrics none = qc::compute_metrics(confusion_counts(0));
  EXPECT_FALSE(none.accuracy.has_value());
  EXPECT_EQ(qc::confusion_csv(confusion_counts(0), {}), "true\\predicted\n");
}

TEST(Metrics, RejectsBadPosts) {
  confusion_counts c(3);
  const confusion_counts before = c;
  EXPECT_THROW(c.add_post({}, {0}), std::invalid_argument);
  EXPECT_THROW(c.add_post({3}, {0}), std::invalid_argument);
  EXPECT_THROW(c.add_post({-1}, {0}), std::invalid_argument);
  EXPECT_THROW(c.add_post({0}, {3}), std::invalid_argument);
  EXPECT_THROW(c.add_post({0, 0}, {0}), std::invalid_argument);
  EXPECT_THROW(c.add_post({0}, {1, 0}), std::invalid_argument);
  EXPECT_THROW(c.add_post({0}, {1, 1}), std::invalid_argument);
  EXPECT_EQ(c, before);
  confusion_counts other(2);
  EXPECT_THROW(c.merge(other), std::invalid_argument);
  EXPECT_THROW(qc::confusion_csv(c, {"a"}), std::invalid_argument);
}

struct post {
  std::vector<int> y, p;
};

std::vector<post> random_posts(std::uint64_t seed, int L, int n) {
  qc::splitmix64 rng(seed);
  std::vector<post> out;
  for (int i = 0; i < n; ++i) {
    post x;
    const int ny = 1 + static_cast<int>(rng.next() % 3);
    while (static_cast<int>(x.y.size()) < std::min(ny, L)) {
      const int k = static_cast<int>(rng.next() % static_cast<std::uint64_t>(L));
      if (std::find(x.y.begin(), x.y.end(), k) == x.y.end()) x.y.push_back(k);
    }
    for (int k = 0; k < L - 1; ++k) {  // category L-1 is never predicted
      if (rng.next() % 3 == 0) x.p.push_back(k);
    }
    out.push_back(x);
  }
  return out;
}

TEST(Metrics, MergeEqualsCountsOfTheConcatenation) {
  const int L = 5;
  const std::vector<post> posts = random_posts(11, L, 300);
  confusion_counts whole(L), a(L), b(L), c(L);
  for (std::size_t i = 0; i < posts.size(); ++i) {
    whole.add_post(posts[i].y, posts[i].p);
    (i < 70 ? a : i < 200 ? b : c).add_post(posts[i].y, posts[i].p);
  }
  confusion_counts ab = a;
  ab.merge(b);
  ab.merge(c);
  EXPECT_EQ(ab, whole);
  confusion_counts cb = c;
  cb.merge(b);
  cb.merge(a);
  EXPECT_EQ(cb, whole);
  confusion_counts with_empty = whole;
  with_empty.merge(confusion_counts(L));
  EXPECT_EQ(with_empty, whole);

  const qc::metrics m1 = qc::compute_metrics(whole), m2 = qc::compute_metrics(cb);
  EXPECT_EQ(qc::metrics_json(whole, m1, {"a", "b", "c", "d", "e"}),
            qc::metrics_json(cb, m2, {"a", "b", "c", "d", "e"}));
  EXPECT_EQ(m1.study_precision[L - 1], 1.0);
  EXPECT_EQ(m1.precision[L - 1], 0.0);
}

TEST(Metrics, StudyMatrixFollowsTheOnlyWhileZeroRule) {
  const int L = 4;
  const std::vector<post> posts = random_posts(5, L, 200);
  confusion_counts counts(L);
  std::vector<std::uint64_t> q(L * L, 0);
  for (const post& x : posts) {
    counts.add_post(x.y, x.p);
    for (int p : x.p) {
      if (std::find(x.y.begin(), x.y.end(), p) != x.y.end()) {
        q[static_cast<std::size_t>(p * L + p)] += 1;
      } else if (q[static_cast<std::size_t>(x.y[0] * L + p)] == 0) {
        q[static_cast<std::size_t>(x.y[0] * L + p)] = 1;
      }
    }
  }
  EXPECT_EQ(counts.study_matrix(), q);
}

TEST(Metrics, ConfusionCsv) {
  confusion_counts c(3);
  c.add_single(0, 1);
  c.add_single(2, 2);
  c.add_single(2, 0);
  EXPECT_EQ(qc::confusion_csv(c, {"Others", "api", "a,\"b\""}),
            "true\\predicted,Others,api,\"a,\"\"b\"\"\"\n"
            "Others,0,1,0\n"
            "api,0,0,0\n"
            "\"a,\"\"b\"\"\",1,0,1\n");
}

TEST(Metrics, JsonText) {
  confusion_counts c(2);
  c.add_single(0, 0);
  c.add_single(1, 0);
  const qc::metrics m = qc::compute_metrics(c);
  EXPECT_EQ(qc::metrics_json(c, m, {"a", "b\"q"}),
            "{\"n_posts\":2,\"n_labels\":2,\"precision\":0.25,\"recall\":0.5,"
            "\"f1\":0.3333333333333333,\"micro_precision\":0.5,\"micro_recall\":0.5,"
            "\"micro_f1\":0.5,\"accuracy\":0.5,\"study_precision\":0.75,\"study_recall\":0.5,"
            "\"study_f1\":0.6,\"categories\":["
            "{\"label\":\"a\",\"support\":1,\"tp\":1,\"fp\":1,\"fn\":0,\"precision\":0.5,"
            "\"recall\":1.0,\"f1\":0.6666666666666666,\"study_precision\":0.5,"
            "\"study_recall\":1.0},"
            "{\"label\":\"b\\\"q\",\"support\":1,\"tp\":0,\"fp\":0,\"fn\":1,\"precision\":0.0,"
            "\"recall\":0.0,\"f1\":0.0,\"study_precision\":1.0,\"study_recall\":0.0}]}");
}

TEST(Metrics, F1Score) {
  EXPECT_EQ(qc::f1_score(0.0, 0.0), 0.0);
  EXPECT_EQ(qc::f1_score(1.0, 1.0), 1.0);
  EXPECT_EQ(qc::f1_score(0.5, 1.0), 1.0 / 1.5);
  EXPECT_EQ(qc::f1_score(0.1, 0.7), ((2 * 0.1) * 0.7) / (0.1 + 0.7));
}

}  // namespace
