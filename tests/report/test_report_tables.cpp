// The study tables (host/report): quantiles, years, frameworks, answers and
// every count of compute_study_tables on hand-made posts.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/comma_list.hpp"
#include "formats/study_csv.hpp"
#include "io/timestamp.hpp"
#include "qc/core/error.hpp"
#include "study/frameworks.hpp"
#include "study/intervals.hpp"
#include "study/quantiles.hpp"
#include "study/study_tables.hpp"

namespace {

using qc::study_post;

std::int64_t ts(const char* iso) { return *qc::parse_timestamp(iso); }

study_post make(const std::string& id, std::uint32_t frameworks, const char* created = nullptr,
                const char* accepted = nullptr, std::optional<std::int64_t> views = {}) {
  study_post p;
  p.id = id;
  p.frameworks = frameworks;
  if (created) p.created = ts(created);
  if (accepted) {
    p.accepted_answer_id = 1000 + std::stoll(id);
    p.accepted_time = ts(accepted);
  }
  p.views = views;
  return p;
}

qc::prediction_table preds(const std::vector<std::tuple<std::string, std::string, bool>>& rows,
                           std::vector<std::string> extra_categories = {}) {
  qc::prediction_table t;
  for (const auto& [id, cat, ne] : rows) {
    t.by_id[id] = qc::prediction{cat, ne};
    ++t.rows;
    if (std::find(t.categories.begin(), t.categories.end(), cat) == t.categories.end())
      t.categories.push_back(cat);
  }
  for (auto& c : extra_categories)
    if (std::find(t.categories.begin(), t.categories.end(), c) == t.categories.end())
      t.categories.push_back(c);
  return t;
}

const std::vector<std::string> kFrameworks = {"tensorflow", "pytorch"};

TEST(quantiles, linear_interpolation_like_numpy) {
  // numpy.quantile([1, 2, 3, 4], [.25, .5, .75]) == [1.75, 2.5, 3.25]
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4}, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4}, 0.75), 3.25);
  // Odd count: the middle value; quartiles fall on ranks.
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4, 5}, 0.5), 3);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4, 5}, 0.25), 2);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({1, 2, 3, 4, 5}, 0.75), 4);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({7}, 0.25), 7);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({7}, 1.0), 7);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({0, 10}, 0.0), 0);
  EXPECT_DOUBLE_EQ(qc::quantile_sorted({0, 10}, 1.0), 10);
  EXPECT_THROW(qc::quantile_sorted({}, 0.5), std::invalid_argument);
}

TEST(quantiles, summary_in_hours) {
  EXPECT_FALSE(qc::summarize_hours({}).has_value());
  // Unsorted input, seconds: 1 h, 3 h, 2 h, 10 h.
  const auto s = qc::summarize_hours({3600, 10800, 7200, 36000});
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->n, 4u);
  EXPECT_DOUBLE_EQ(s->min, 1);
  EXPECT_DOUBLE_EQ(s->max, 10);
  EXPECT_DOUBLE_EQ(s->median, 2.5);
  EXPECT_DOUBLE_EQ(s->q1, 1.75);
  EXPECT_DOUBLE_EQ(s->q3, 4.75);
  EXPECT_DOUBLE_EQ(s->mean, 4);
  // The mean is the exact sum over n, divided by 3600: 1 s and 2 s.
  const auto t = qc::summarize_hours({1, 2});
  EXPECT_EQ(t->mean, 1.5 / 3600.0);
  const auto one = qc::summarize_hours({0});
  EXPECT_EQ(one->n, 1u);
  EXPECT_EQ(one->median, 0.0);
  EXPECT_EQ(one->q1, 0.0);
}

TEST(years, utc_calendar_year) {
  EXPECT_EQ(qc::utc_year(0), 1970);
  EXPECT_EQ(qc::utc_year(-1), 1969);
  EXPECT_EQ(qc::utc_year(ts("2015-12-31T23:59:59Z")), 2015);
  EXPECT_EQ(qc::utc_year(ts("2016-01-01T00:00:00Z")), 2016);
  EXPECT_EQ(qc::utc_year(ts("2016-01-01T01:00:00+02:00")), 2015);
  EXPECT_EQ(qc::utc_year(ts("2000-02-29T12:00:00Z")), 2000);
  EXPECT_EQ(qc::utc_year(ts("2100-12-31T23:59:59Z")), 2100);
  EXPECT_EQ(qc::utc_year(ts("1900-06-01T00:00:00Z")), 1900);
}

TEST(frameworks, exact_and_substring_match) {
  const qc::framework_set exact({"tensorflow", "pytorch", "deeplearning4j"}, qc::tag_match::exact);
  EXPECT_EQ(exact.match({"python", "tensorflow"}), 1u);
  EXPECT_EQ(exact.match({"tensorflow-gpu"}), 0u);
  EXPECT_EQ(exact.match({"pytorch", "tensorflow"}), 3u);
  EXPECT_EQ(exact.match({}), 0u);
  EXPECT_EQ(exact.match({"TensorFlow"}), 0u);  // byte for byte
  const qc::framework_set sub({"tensorflow", "pytorch"}, qc::tag_match::substring);
  EXPECT_EQ(sub.match({"tensorflow-gpu"}), 1u);
  EXPECT_EQ(sub.match({"tensorflow2.0", "pytorch-lightning"}), 3u);
  EXPECT_EQ(sub.match({"keras"}), 0u);
}

TEST(frameworks, bad_lists_are_usage_errors) {
  using qc::framework_set;
  EXPECT_THROW(framework_set({}, qc::tag_match::exact), qc::usage_error);
  EXPECT_THROW(framework_set({"a", ""}, qc::tag_match::exact), qc::usage_error);
  EXPECT_THROW(framework_set({"a", "a"}, qc::tag_match::exact), qc::usage_error);
  EXPECT_THROW(framework_set({"all"}, qc::tag_match::exact), qc::usage_error);
  EXPECT_THROW(framework_set({"other"}, qc::tag_match::exact), qc::usage_error);
  std::vector<std::string> many;
  for (int i = 0; i < 33; ++i) many.push_back("f" + std::to_string(i));
  EXPECT_THROW(framework_set(many, qc::tag_match::exact), qc::usage_error);
  many.pop_back();
  EXPECT_NO_THROW(framework_set(many, qc::tag_match::exact));
  EXPECT_THROW(qc::parse_tag_match("fuzzy"), qc::usage_error);
  EXPECT_EQ(qc::split_comma_list("tensorflow, pytorch ,dl4j"),
            (std::vector<std::string>{"tensorflow", "pytorch", "dl4j"}));
  EXPECT_EQ(qc::split_comma_list("a,,b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(study_tables, zero_posts) {
  const auto t = qc::compute_study_tables({}, preds({}, {"b", "a"}), kFrameworks);
  // Categories the predictions name still appear (ties by name), then unclassified.
  EXPECT_EQ(t.categories, (std::vector<std::string>{"a", "b", "unclassified"}));
  EXPECT_EQ(t.counts.posts, 0u);
  EXPECT_EQ(t.counts.analysed, 0u);
  ASSERT_EQ(t.table1.size(), 4u);
  EXPECT_EQ(t.table1[2].name, "all");
  EXPECT_EQ(t.table1[3].name, "other");
  for (const auto& r : t.table1) EXPECT_EQ(r.questions, 0u);
  EXPECT_EQ(t.scopes, (std::vector<std::string>{"all", "tensorflow", "pytorch"}));
  for (const auto& s : t.by_scope) EXPECT_EQ(s, (std::vector<std::size_t>{0, 0, 0}));
  EXPECT_TRUE(t.years.empty());
  ASSERT_EQ(t.answers.size(), 4u);
  for (const auto& a : t.answers) {
    EXPECT_EQ(a.questions, 0u);
    EXPECT_FALSE(a.hours.has_value());
  }
  // Shares over nothing are empty cells, not 0 or nan.
  EXPECT_EQ(qc::categories_csv(t),
            "scope,category,questions,share,share_low,share_high\n"
            "all,a,0,,,\nall,b,0,,,\nall,unclassified,0,,,\n"
            "tensorflow,a,0,,,\ntensorflow,b,0,,,\ntensorflow,unclassified,0,,,\n"
            "pytorch,a,0,,,\npytorch,b,0,,,\npytorch,unclassified,0,,,\n");
  EXPECT_EQ(qc::categories_by_year_csv(t), "year,category,questions,share,share_low,share_high\n");
  EXPECT_EQ(qc::answer_hours_csv(t).substr(qc::answer_hours_csv(t).find('\n') + 1),
            "a,0,0,0,0,,,,,,,,,,\nb,0,0,0,0,,,,,,,,,,\nunclassified,0,0,0,0,,,,,,,,,,\n"
            "all,0,0,0,0,,,,,,,,,,\n");
}

TEST(study_tables, one_post) {
  const std::vector<study_post> posts = {
      make("1", 2, "2017-03-01T10:00:00Z", "2017-03-01T12:30:00Z", 40)};
  const auto t = qc::compute_study_tables(posts, preds({{"1", "crash", false}}), kFrameworks);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"crash", "unclassified"}));
  EXPECT_EQ(t.counts.analysed, 1u);
  EXPECT_EQ(t.table1[0].questions, 0u);
  EXPECT_EQ(t.table1[1].questions, 1u);
  EXPECT_EQ(t.table1[1].views, 40);
  EXPECT_EQ(t.table1[2].questions, 1u);
  EXPECT_EQ(t.years, (std::vector<int>{2017}));
  EXPECT_EQ(t.by_year[0], (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(t.answers[0].accepted, 1u);
  ASSERT_TRUE(t.answers[0].hours.has_value());
  EXPECT_DOUBLE_EQ(t.answers[0].hours->median, 2.5);
  EXPECT_DOUBLE_EQ(t.answers[0].hours->q1, 2.5);
  EXPECT_DOUBLE_EQ(t.answers[2].hours->mean, 2.5);  // "all"
  EXPECT_FALSE(t.answers[1].hours.has_value());     // unclassified: none
  EXPECT_EQ(qc::accepted_answers_csv(t),
            "category,questions,with_accepted_answer,share,share_low,share_high\n"
            "crash,1,1,1.0,0.20654931437723745,1.0\nunclassified,0,0,,,\n"
            "all,1,1,1.0,0.20654931437723745,1.0\n");
  EXPECT_EQ(qc::table1_csv(t),
            "framework,questions,total_views,questions_without_views\n"
            "tensorflow,0,0,0\npytorch,1,40,0\nall,1,40,0\nother,0,0,0\n");
}

TEST(study_tables, no_evidence_counts_as_unclassified_never_as_its_category) {
  const std::vector<study_post> posts = {make("1", 1, "2018-01-01T00:00:00Z"),
                                         make("2", 1, "2018-01-01T00:00:00Z"),
                                         make("3", 1, "2018-01-01T00:00:00Z")};
  // Post 2 carries category index 0's name, as score writes it, but no evidence.
  const auto t = qc::compute_study_tables(
      posts, preds({{"1", "a", false}, {"2", "a", true}, {"3", "b", false}}), kFrameworks);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"a", "b", "unclassified"}));
  EXPECT_EQ(t.by_scope[0], (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_EQ(t.by_scope[1], (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_EQ(t.by_year[0], (std::vector<std::size_t>{1, 1, 1}));
  EXPECT_EQ(t.counts.unclassified, 1u);
  EXPECT_EQ(t.answers[2].questions, 1u);
}

TEST(study_tables, reserved_category_name) {
  EXPECT_THROW(qc::compute_study_tables({}, preds({{"1", "unclassified", false}}), kFrameworks),
               qc::error);
}

TEST(study_tables, missing_dates_and_negative_durations) {
  std::vector<study_post> posts = {
      make("1", 1, "2018-05-01T00:00:00Z", "2018-05-01T01:00:00Z"),  // 1 h
      make("2", 1, nullptr, "2018-05-01T01:00:00Z"),                 // no creation date
      make("3", 1, "2018-05-01T00:00:00Z"),                          // not accepted
      make("4", 1, "2018-05-01T05:00:00Z", "2018-05-01T04:00:00Z"),  // answered before asked
      make("5", 1, "2018-05-01T00:00:00Z", "2018-05-01T00:00:00Z"),  // 0 h counts
  };
  posts.push_back(make("6", 1, "2019-05-01T00:00:00Z"));
  posts.back().accepted_answer_id = 99;  // accepted, answer time unknown
  std::vector<std::tuple<std::string, std::string, bool>> rows;
  for (int i = 1; i <= 6; ++i) rows.emplace_back(std::to_string(i), "a", false);
  const auto t = qc::compute_study_tables(posts, preds(rows), kFrameworks);
  EXPECT_EQ(t.counts.no_creation_date, 1u);
  EXPECT_EQ(t.years, (std::vector<int>{2018, 2019}));
  EXPECT_EQ(t.by_year[0][0], 4u);
  EXPECT_EQ(t.by_year[1][0], 1u);
  const qc::answer_row& a = t.answers[0];
  EXPECT_EQ(a.questions, 6u);
  EXPECT_EQ(a.accepted, 5u);
  EXPECT_EQ(a.timed, 2u);
  EXPECT_EQ(a.missing_time, 2u);
  EXPECT_EQ(a.negative, 1u);
  ASSERT_TRUE(a.hours.has_value());
  EXPECT_EQ(a.hours->n, 2u);
  EXPECT_DOUBLE_EQ(a.hours->median, 0.5);
  EXPECT_DOUBLE_EQ(a.hours->min, 0.0);
  EXPECT_DOUBLE_EQ(a.hours->max, 1.0);
  EXPECT_EQ(qc::answer_hours_csv(t).substr(qc::answer_hours_csv(t).find('\n') + 1),
            "a,5,2,2,1,0.5,0.0,0.25,0.5,0.75,1.0,0.0,1.0,0.0,1.0\n"
            "unclassified,0,0,0,0,,,,,,,,,,\n"
            "all,5,2,2,1,0.5,0.0,0.25,0.5,0.75,1.0,0.0,1.0,0.0,1.0\n");
}

TEST(study_tables, multi_framework_posts_and_table1) {
  const std::vector<study_post> posts = {
      make("1", 1, "2018-01-01T00:00:00Z", nullptr, 10),  // tensorflow
      make("2", 3, "2018-01-01T00:00:00Z", nullptr, 5),   // both
      make("3", 2, "2018-01-01T00:00:00Z", nullptr, {}),  // pytorch, no views
      make("4", 0, "2018-01-01T00:00:00Z", nullptr, 7),   // neither
  };
  const auto t = qc::compute_study_tables(
      posts, preds({{"1", "a", false}, {"2", "b", false}, {"3", "b", false}, {"4", "a", false}}),
      kFrameworks);
  EXPECT_EQ(t.table1[0].questions, 2u);
  EXPECT_EQ(t.table1[0].views, 15);
  EXPECT_EQ(t.table1[1].questions, 2u);
  EXPECT_EQ(t.table1[1].views, 5);
  EXPECT_EQ(t.table1[1].without_views, 1u);
  EXPECT_EQ(t.table1[2].questions, 3u);  // each once
  EXPECT_EQ(t.table1[2].views, 15);
  EXPECT_EQ(t.table1[3].questions, 1u);  // other
  EXPECT_EQ(t.table1[3].views, 7);
  // The post in neither framework is in no figure.
  EXPECT_EQ(t.counts.outside, 1u);
  EXPECT_EQ(t.counts.analysed, 3u);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"b", "a", "unclassified"}));
  EXPECT_EQ(t.by_scope[0], (std::vector<std::size_t>{2, 1, 0}));
  EXPECT_EQ(t.by_scope[1], (std::vector<std::size_t>{1, 1, 0}));
  EXPECT_EQ(t.by_scope[2], (std::vector<std::size_t>{2, 0, 0}));
}

TEST(study_tables, duplicates_and_unmatched_ids) {
  const std::vector<study_post> posts = {make("1", 1, "2018-01-01T00:00:00Z"),
                                         make("1", 1, "2018-01-01T00:00:00Z"),
                                         make("2", 1, "2018-01-01T00:00:00Z")};
  const auto t =
      qc::compute_study_tables(posts, preds({{"1", "a", false}, {"9", "a", false}}), kFrameworks);
  EXPECT_EQ(t.counts.posts, 2u);
  EXPECT_EQ(t.counts.duplicate_posts, 1u);
  EXPECT_EQ(t.counts.no_prediction, 1u);
  EXPECT_EQ(t.counts.unused_predictions, 1u);
  EXPECT_EQ(t.counts.analysed, 1u);
  EXPECT_EQ(t.by_scope[0][0], 1u);
}

TEST(study_tables, category_order_by_count_then_name) {
  std::vector<study_post> posts;
  std::vector<std::tuple<std::string, std::string, bool>> rows;
  const char* cats[] = {"z", "m", "m", "a", "z", "b"};
  for (int i = 0; i < 6; ++i) {
    posts.push_back(make(std::to_string(i + 1), 1, "2018-01-01T00:00:00Z"));
    rows.emplace_back(std::to_string(i + 1), cats[i], false);
  }
  const auto t = qc::compute_study_tables(posts, preds(rows, {"never"}), kFrameworks);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"m", "z", "a", "b", "never", "unclassified"}));
}

TEST(study_tables, shares_in_csv) {
  std::vector<study_post> posts;
  std::vector<std::tuple<std::string, std::string, bool>> rows;
  for (int i = 0; i < 3; ++i) {
    posts.push_back(make(std::to_string(i + 1), 1, "2016-06-01T00:00:00Z"));
    rows.emplace_back(std::to_string(i + 1), i ? "b" : "a", false);
  }
  const auto t = qc::compute_study_tables(posts, preds(rows), kFrameworks);
  EXPECT_EQ(qc::categories_by_year_csv(t),
            "year,category,questions,share,share_low,share_high\n"
            "2016,b,2,0.6666666666666666,0.2076596008020477,0.9385080552796037\n"
            "2016,a,1,0.3333333333333333,0.06149194472039621,0.7923403991979522\n"
            "2016,unclassified,0,0.0,5.551115123125783e-17,0.5614970317550454\n");
  EXPECT_EQ(qc::counts_csv(t).substr(0, 30), "what,posts\nposts,3\nduplicate_p");
}

TEST(answers, fill_replace_confirm) {
  qc::answer_index idx;
  idx.time_by_answer[1001] = ts("2018-01-01T02:00:00Z");
  idx.time_by_answer[1002] = ts("2018-01-01T03:00:00Z");
  idx.time_by_answer[1003] = std::nullopt;
  idx.accepted_by_question["4"] = qc::accepted_answer{4444, ts("2018-01-01T04:00:00Z")};
  idx.accepted_by_question["5"] = qc::accepted_answer{5555, std::nullopt};
  qc::answer_merge_counts n;

  study_post confirmed = make("1", 1, "2018-01-01T00:00:00Z", "2018-01-01T02:00:00Z");
  qc::apply_answers(confirmed, idx, n);
  EXPECT_EQ(*confirmed.accepted_time, ts("2018-01-01T02:00:00Z"));

  study_post replaced = make("2", 1, "2018-01-01T00:00:00Z", "2018-01-01T09:00:00Z");
  qc::apply_answers(replaced, idx, n);
  EXPECT_EQ(*replaced.accepted_time, ts("2018-01-01T03:00:00Z"));

  study_post filled = make("3", 1, "2018-01-01T00:00:00Z");
  filled.accepted_answer_id = 1002;
  qc::apply_answers(filled, idx, n);
  EXPECT_EQ(*filled.accepted_time, ts("2018-01-01T03:00:00Z"));

  // Answer known but without a time: the post's own time stays.
  study_post keep = make("3", 1, "2018-01-01T00:00:00Z", "2018-01-01T01:00:00Z");
  keep.accepted_answer_id = 1003;
  qc::apply_answers(keep, idx, n);
  EXPECT_EQ(*keep.accepted_time, ts("2018-01-01T01:00:00Z"));

  // No accepted answer id on the post: an is_accepted answer gives id and time.
  study_post from_flag = make("4", 1, "2018-01-01T00:00:00Z");
  qc::apply_answers(from_flag, idx, n);
  EXPECT_EQ(from_flag.accepted_answer_id, 4444);
  EXPECT_EQ(*from_flag.accepted_time, ts("2018-01-01T04:00:00Z"));

  study_post flag_no_time = make("5", 1, "2018-01-01T00:00:00Z");
  qc::apply_answers(flag_no_time, idx, n);
  EXPECT_EQ(flag_no_time.accepted_answer_id, 5555);
  EXPECT_FALSE(flag_no_time.accepted_time.has_value());

  study_post untouched = make("6", 1, "2018-01-01T00:00:00Z");
  qc::apply_answers(untouched, idx, n);
  EXPECT_FALSE(untouched.accepted_answer_id.has_value());

  EXPECT_EQ(n.confirmed, 1u);
  EXPECT_EQ(n.changed, 1u);
  EXPECT_EQ(n.filled, 2u);
}

}  // namespace

TEST(intervals, wilson_score_by_the_formula) {
  EXPECT_FALSE(qc::wilson_interval(0, 0, 0.95).has_value());
  // Section 11's formula in doubles, z = 1.959963984540054 (Python gives the same digits).
  const auto one = qc::wilson_interval(1, 1, 0.95);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->low, 0.20654931437723745);
  EXPECT_EQ(one->high, 1.0);
  const double z = 1.959963984540054, n = 3, p = 2 / n;
  const double den = 1 + z * z / n;
  const double centre = (p + z * z / (2 * n)) / den;
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den;
  const auto two = qc::wilson_interval(2, 3, 0.95);
  EXPECT_EQ(two->low, centre - half);
  EXPECT_EQ(two->high, centre + half);
  // A wider interval at a higher confidence.
  const auto wide = qc::wilson_interval(2, 3, 0.99);
  EXPECT_LT(wide->low, two->low);
  EXPECT_GT(wide->high, two->high);
  EXPECT_THROW(qc::wilson_interval(1, 2, 1.5), qc::usage_error);
}

TEST(intervals, hours_bootstrap_over_the_resamples) {
  const std::vector<std::int64_t> secs = {3600, 0, 7200, 36000, 1800};
  const qc::bootstrap_spec spec{50, 0.9, 3};
  std::vector<std::optional<double>> means, medians;
  qc::for_each_resample(secs.size(), 50, 3, [&](const std::vector<std::size_t>& d) {
    std::vector<std::int64_t> drawn;
    for (const std::size_t i : d) drawn.push_back(secs[i]);
    const auto h = qc::summarize_hours(drawn);
    means.push_back(h->mean);
    medians.push_back(h->median);
  });
  const qc::hours_intervals h = qc::bootstrap_hours(secs, spec);
  EXPECT_EQ(h.mean.ci->low, qc::percentile_interval(means, 0.9).ci->low);
  EXPECT_EQ(h.mean.ci->high, qc::percentile_interval(means, 0.9).ci->high);
  EXPECT_EQ(h.median.ci->low, qc::percentile_interval(medians, 0.9).ci->low);
  EXPECT_EQ(h.median.ci->high, qc::percentile_interval(medians, 0.9).ci->high);
  EXPECT_LE(h.median.ci->low, h.median.ci->high);
  // No resamples asked for: the tables carry no interval.
  const std::vector<study_post> posts = {
      make("1", 2, "2017-03-01T10:00:00Z", "2017-03-01T12:30:00Z", 40)};
  const auto t = qc::compute_study_tables(posts, preds({{"1", "crash", false}}), kFrameworks,
                                          qc::bootstrap_spec{0, 0.95, 0});
  EXPECT_FALSE(t.answers[0].hours_ci.has_value());
  const auto u = qc::compute_study_tables(posts, preds({{"1", "crash", false}}), kFrameworks);
  ASSERT_TRUE(u.answers[0].hours_ci.has_value());
  EXPECT_EQ(u.answers[0].hours_ci->median.ci->low, 2.5);  // one question: every resample alike
}
