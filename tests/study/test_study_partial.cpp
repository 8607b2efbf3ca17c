// The study's tables in parts (study/study_partial): any cut of the posts
// into consecutive parts, each counted with the ids of the parts before it,
// merges into the tables of all the posts at once; every CSV equal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "formats/study_csv.hpp"
#include "qc/core/error.hpp"
#include "study/study_partial.hpp"
#include "study/study_tables.hpp"

namespace {

const std::vector<std::string> kStudyFrameworks = {"tensorflow", "pytorch", "keras"};
const std::vector<std::string> kCategories = {"api", "model", "training", "data"};

struct row {
  qc::study_post post;
  std::string category;
  bool no_evidence = false;
};

// Posts with every kind of value missing somewhere, ids repeated (with the
// same prediction, as a scorer gives the same record).
std::vector<row> random_rows(std::size_t n, std::uint32_t seed) {
  std::mt19937 g(seed);
  auto pick = [&](std::uint32_t k) { return static_cast<std::uint32_t>(g() % k); };
  std::vector<row> rows;
  for (std::size_t i = 0; i < n; ++i) {
    if (!rows.empty() && pick(10) == 0) {
      rows.push_back(rows[pick(static_cast<std::uint32_t>(rows.size()))]);
      continue;
    }
    row r;
    r.post.id = std::to_string(1000 + i);
    r.post.frameworks = pick(8);
    if (pick(10) != 0) r.post.created = 1300000000 + std::int64_t{pick(400000000)};
    if (pick(2) == 0) r.post.accepted_answer_id = 5000 + static_cast<std::int64_t>(i);
    if (r.post.created && pick(3) != 0)
      r.post.accepted_time = *r.post.created + std::int64_t{pick(200000)} - 20000;
    if (pick(5) != 0) r.post.views = pick(100000);
    r.category = kCategories[pick(3)];  // "data" only as a runner-up
    r.no_evidence = pick(6) == 0;
    rows.push_back(r);
  }
  return rows;
}

qc::prediction_table predictions_of(const std::vector<row>& rows, std::size_t a, std::size_t b) {
  qc::prediction_table t;
  for (std::size_t i = a; i < b; ++i) {
    for (const std::string& c : {rows[i].category, std::string("data")})
      if (std::find(t.categories.begin(), t.categories.end(), c) == t.categories.end())
        t.categories.push_back(c);
    t.by_id.emplace(rows[i].post.id, qc::prediction{rows[i].category, rows[i].no_evidence});
    ++t.rows;
  }
  return t;
}

std::vector<qc::study_post> posts_of(const std::vector<row>& rows, std::size_t a, std::size_t b) {
  std::vector<qc::study_post> out;
  for (std::size_t i = a; i < b; ++i) out.push_back(rows[i].post);
  return out;
}

std::vector<std::string> csv_files(const qc::study_tables& t) {
  return {qc::counts_csv(t),           qc::table1_csv(t),
          qc::categories_csv(t),       qc::categories_by_year_csv(t),
          qc::accepted_answers_csv(t), qc::answer_hours_csv(t)};
}

// The tables of rows cut at `cuts`, each part counted with the ids before it.
qc::study_tables merged(const std::vector<row>& rows, std::vector<std::size_t> cuts,
                        const qc::bootstrap_spec& boot) {
  cuts.insert(cuts.begin(), 0);
  cuts.push_back(rows.size());
  std::vector<qc::study_partial> parts;
  std::unordered_set<std::string> earlier;
  for (std::size_t p = 0; p + 1 < cuts.size(); ++p) {
    parts.push_back(qc::partial_study_tables(posts_of(rows, cuts[p], cuts[p + 1]),
                                             predictions_of(rows, cuts[p], cuts[p + 1]),
                                             kStudyFrameworks, &earlier));
    for (std::size_t i = cuts[p]; i < cuts[p + 1]; ++i) earlier.insert(rows[i].post.id);
  }
  return qc::merge_study_partials(parts, kStudyFrameworks, boot);
}

TEST(study_partial, any_cut_merges_into_the_tables_of_all_posts) {
  const std::vector<row> rows = random_rows(600, 11);
  const qc::bootstrap_spec boot{200, 0.9, 3};
  const qc::study_tables whole = qc::compute_study_tables(
      posts_of(rows, 0, rows.size()), predictions_of(rows, 0, rows.size()), kStudyFrameworks, boot);
  ASSERT_GT(whole.counts.duplicate_posts, 0u);
  ASSERT_EQ(whole.categories.back(), "unclassified");
  const std::vector<std::string> expected = csv_files(whole);
  std::mt19937 g(5);
  for (std::size_t pieces : {1u, 2u, 7u, 40u}) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < pieces; ++i) cuts.push_back(g() % rows.size());
    std::sort(cuts.begin(), cuts.end());
    const qc::study_tables t = merged(rows, cuts, boot);
    ASSERT_EQ(t.categories, whole.categories) << pieces;
    ASSERT_EQ(csv_files(t), expected) << pieces;
  }
}

TEST(study_partial, empty_parts_and_no_posts) {
  const std::vector<row> rows = random_rows(50, 2);
  const qc::bootstrap_spec boot{0, 0.95, 0};
  const qc::study_tables whole = qc::compute_study_tables(
      posts_of(rows, 0, rows.size()), predictions_of(rows, 0, rows.size()), kStudyFrameworks, boot);
  ASSERT_EQ(csv_files(merged(rows, {0, 0, 20, 20, 50}, boot)), csv_files(whole));
  const qc::study_tables none = qc::merge_study_partials({}, kStudyFrameworks, boot);
  ASSERT_EQ(none.counts.posts, 0u);
  ASSERT_EQ(none.categories, std::vector<std::string>{"unclassified"});
}

TEST(study_partial, parts_of_other_frameworks_are_refused) {
  const std::vector<row> rows = random_rows(10, 3);
  const qc::study_partial p = qc::partial_study_tables(
      posts_of(rows, 0, rows.size()), predictions_of(rows, 0, rows.size()), kStudyFrameworks);
  EXPECT_THROW(qc::merge_study_partials({p}, {"tensorflow"}, {0, 0.95, 0}), qc::usage_error);
}

}  // namespace
