// The sample of posts to label and Cochran's sample size (DEFINITIONS.md 12),
// and the labeling sheet they are written to.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "formats/label_sheet.hpp"
#include "qc/core/error.hpp"
#include "study/frameworks.hpp"
#include "study/sample.hpp"

namespace {

using qc::draw_how;
using qc::post;

post make_post(int id, std::vector<std::string> tags, std::optional<std::int64_t> views) {
  post p;
  p.id_json = std::to_string(id);
  p.title = "title " + p.id_json;
  p.tags = std::move(tags);
  p.view_count = views;
  return p;
}

// Section 12's check value: ids 1-10.
std::vector<post> check_posts() {
  return {make_post(1, {"pytorch"}, 10),
          make_post(2, {"tensorflow"}, 50),
          make_post(3, {"pytorch", "tensorflow"}, 99),
          make_post(4, {"pytorch"}, 7),
          make_post(5, {"tensorflow-serving"}, 3),
          make_post(6, {"pytorch"}, 10),
          make_post(7, {"tensorflow"}, 1),
          make_post(8, {"keras"}, 500),
          make_post(9, {"pytorch"}, std::nullopt),
          make_post(10, {"tensorflow"}, 20)};
}

struct drawn {
  std::string id;
  std::size_t framework;
  draw_how how;
  std::size_t rank;
  bool operator==(const drawn& o) const {
    return id == o.id && framework == o.framework && how == o.how && rank == o.rank;
  }
};

std::vector<drawn> draw(const std::vector<post>& posts, qc::tag_match m, std::size_t top,
                        std::size_t random, std::uint64_t seed,
                        std::vector<std::string> names = {"tensorflow", "pytorch"},
                        qc::sample_result* out = nullptr) {
  const qc::framework_set fw(std::move(names), m);
  qc::sample_options o;
  o.top_viewed = top;
  o.random = random;
  o.seed = seed;
  const qc::sample_result r = qc::draw_sample(posts, fw, o);
  if (out) *out = r;
  std::vector<drawn> v;
  for (const auto& e : r.entries)
    v.push_back({posts[e.position].id_json, e.framework, e.how, e.rank});
  return v;
}

const draw_how T = draw_how::top_viewed;
const draw_how R = draw_how::random;

TEST(Sample, CheckValueExact) {
  const std::vector<drawn> want = {{"3", 0, T, 0}, {"7", 0, R, 0}, {"2", 0, R, 1},
                                   {"1", 1, T, 0}, {"6", 1, R, 0}, {"4", 1, R, 1}};
  EXPECT_EQ(draw(check_posts(), qc::tag_match::exact, 1, 2, 0), want);
}

TEST(Sample, CheckValueSubstring) {
  const std::vector<drawn> want = {{"3", 0, T, 0}, {"10", 0, R, 0}, {"5", 0, R, 1},
                                   {"1", 1, T, 0}, {"6", 1, R, 0},  {"4", 1, R, 1}};
  qc::sample_result r;
  EXPECT_EQ(draw(check_posts(), qc::tag_match::substring, 1, 2, 0, {"tensorflow", "pytorch"}, &r),
            want);
  ASSERT_EQ(r.frameworks.size(), 2u);
  EXPECT_EQ(r.frameworks[0].questions, 5u);  // 2, 3, 5, 7, 10
  EXPECT_EQ(r.frameworks[0].candidates, 5u);
  EXPECT_EQ(r.frameworks[1].questions, 5u);   // 1, 3, 4, 6, 9
  EXPECT_EQ(r.frameworks[1].candidates, 4u);  // 3 was drawn for tensorflow
  EXPECT_EQ(r.frameworks[1].random_shortfall, 0u);
}

TEST(Sample, EmptyInputReportsTheWholeShortfall) {
  qc::sample_result r;
  EXPECT_TRUE(draw({}, qc::tag_match::exact, 3, 4, 1, {"pytorch"}, &r).empty());
  ASSERT_EQ(r.frameworks.size(), 1u);
  EXPECT_EQ(r.frameworks[0].questions, 0u);
  EXPECT_EQ(r.frameworks[0].top_viewed_shortfall, 3u);
  EXPECT_EQ(r.frameworks[0].random_shortfall, 4u);
}

TEST(Sample, MoreRequestedThanCandidatesDrawsAllOnce) {
  qc::sample_result r;
  const std::vector<drawn> got =
      draw(check_posts(), qc::tag_match::exact, 1, 100, 7, {"pytorch", "tensorflow"}, &r);
  // pytorch: 1, 3, 4, 6, 9 (one top-viewed, four random); tensorflow: 2, 7, 10 left.
  ASSERT_EQ(got.size(), 8u);
  EXPECT_EQ(got[0], (drawn{"3", 0, T, 0}));
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < got.size(); ++i) {
    ids.push_back(got[i].id);
    if (i >= 1 && i <= 4) {
      EXPECT_EQ(got[i].rank, i - 1);
    }
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "10", "2", "3", "4", "6", "7", "9"}));
  EXPECT_EQ(r.frameworks[0].random, 4u);
  EXPECT_EQ(r.frameworks[0].random_shortfall, 96u);
  EXPECT_EQ(r.frameworks[1].candidates, 3u);
  EXPECT_EQ(r.frameworks[1].top_viewed, 1u);
  EXPECT_EQ(r.frameworks[1].random, 2u);
}

TEST(Sample, NullViewCountRanksBelowZeroAndTiesKeepInputOrder) {
  const std::vector<post> posts = {make_post(1, {"a"}, std::nullopt), make_post(2, {"a"}, 0),
                                   make_post(3, {"a"}, 5), make_post(4, {"a"}, 5)};
  const std::vector<drawn> want = {{"3", 0, T, 0}, {"4", 0, T, 1}, {"2", 0, T, 2}, {"1", 0, T, 3}};
  EXPECT_EQ(draw(posts, qc::tag_match::exact, 10, 0, 0, {"a"}), want);
}

TEST(Sample, SameSeedSameSample) {
  EXPECT_EQ(draw(check_posts(), qc::tag_match::substring, 0, 3, 42),
            draw(check_posts(), qc::tag_match::substring, 0, 3, 42));
}

TEST(SampleSize, StudyPopulationNeeds381) {
  const auto n = qc::cochran_sample_size(39628, 0.95, 0.05);
  ASSERT_TRUE(n);
  EXPECT_NEAR(n->exact, 380.467, 0.001);
  EXPECT_GT(n->exact, 380.467);
  EXPECT_LT(n->exact, 380.468);
  EXPECT_EQ(n->rounded_up, 381u);
  // In doubles in the order written.
  const double z = 1.959963984540054;
  const double n0 = z * z * 0.25 / (0.05 * 0.05);
  EXPECT_EQ(n->exact, n0 / (1 + (n0 - 1) / 39628.0));
}

TEST(SampleSize, EdgeCases) {
  EXPECT_FALSE(qc::cochran_sample_size(0, 0.95, 0.05));
  const auto one = qc::cochran_sample_size(1, 0.95, 0.05);
  ASSERT_TRUE(one);
  EXPECT_DOUBLE_EQ(one->exact, 1.0);
  EXPECT_EQ(one->rounded_up, 1u);
  EXPECT_THROW(qc::cochran_sample_size(10, 1.0, 0.05), qc::usage_error);
  EXPECT_THROW(qc::cochran_sample_size(10, 0.95, 0.0), qc::usage_error);
}

TEST(SampleSize, ZQuantile) {
  EXPECT_EQ(qc::confidence_z(0.95), 1.959963984540054);
  EXPECT_NEAR(qc::confidence_z(0.90), 1.6448536269514722, 1e-13);
  EXPECT_NEAR(qc::confidence_z(0.99), 2.5758293035489004, 1e-13);
  EXPECT_NEAR(qc::confidence_z(0.999), 3.2905267314918945, 1e-12);
  EXPECT_NEAR(qc::confidence_z(0.5), 0.6744897501960817, 1e-13);
  EXPECT_THROW(qc::confidence_z(0.0), qc::usage_error);
}

TEST(LabelSheet, WriteThenReadKeepsEveryCell) {
  post p = make_post(42, {"python", "pytorch"}, 1);
  p.title = "Why, \"this\"?";
  p.body = "<p>Line one &amp; two</p>\n<pre><code>x = 1\n</code></pre>";
  qc::sheet_row r = qc::make_sheet_row(p, "pytorch", "random", 3, "https://example.org/");
  EXPECT_EQ(r.link, "https://example.org/questions/42");
  EXPECT_EQ(r.tags, "python pytorch");
  // Section 1.3 with <code> kept: the runs between tags joined by spaces.
  EXPECT_EQ(r.text, "line one & two \n  x = 1\n ");
  r.labels = {"training", "model"};
  const std::string csv = qc::write_label_sheet({r}, false);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "id,framework,how,rank,link,title,text,tags,labels");
  const qc::label_sheet s = qc::parse_label_sheet(csv, "s.csv");
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(s.rows[0].id, "42");
  EXPECT_EQ(s.rows[0].title, p.title);
  EXPECT_EQ(s.rows[0].text, r.text);
  EXPECT_EQ(s.rows[0].labels, (std::vector<std::string>{"training", "model"}));
  EXPECT_EQ(s.rows[0].line, 2u);
  EXPECT_EQ(qc::question_link("https://stackoverflow.com", "\"abc\""),
            "https://stackoverflow.com/questions/abc");
}

TEST(LabelSheet, LabelsCell) {
  EXPECT_TRUE(qc::parse_labels_cell("  ", "f", 1).empty());
  EXPECT_EQ(qc::parse_labels_cell(" a ; b ", "f", 1), (std::vector<std::string>{"a", "b"}));
  EXPECT_THROW(qc::parse_labels_cell("a;", "f", 1), qc::parse_error);
  EXPECT_THROW(qc::parse_labels_cell("a;a", "f", 1), qc::parse_error);
  EXPECT_THROW(qc::parse_labels_cell("a;b;c", "f", 1), qc::parse_error);
}

std::string sheet_error(const std::string& csv) {
  try {
    qc::parse_label_sheet(csv, "x.csv");
  } catch (const qc::parse_error& e) {
    return e.what();
  }
  return "";
}

TEST(LabelSheet, ErrorsNameFileAndLine) {
  EXPECT_NE(sheet_error("id,labels,colour\n1,a,red\n").find("x.csv:1: unknown column 'colour'"),
            std::string::npos);
  EXPECT_NE(sheet_error("id,labels\n1,a\n2,b\n1,c\n")
                .find("x.csv:4: id 1 appears twice (first on "
                      "line 2)"),
            std::string::npos);
  EXPECT_NE(sheet_error("id,labels\n1,a\n2,b,c\n").find("x.csv:3"), std::string::npos);
  EXPECT_NE(sheet_error("id,labels\n1,a;b;c\n").find("x.csv:2"), std::string::npos);
  EXPECT_NE(sheet_error("id,title\n1,t\n").find("x.csv:1: no 'labels' column"), std::string::npos);
  EXPECT_NE(sheet_error("id,labels\n,a\n").find("x.csv:2: empty id"), std::string::npos);
  EXPECT_NE(sheet_error("").find("x.csv"), std::string::npos);
  EXPECT_NE(sheet_error("id,labels,labels\n").find("appears twice"), std::string::npos);
}

TEST(LabelSheet, DisagreementSheetReadsBack) {
  qc::sheet_row r;
  r.id = "7";
  r.labels_a = {"a"};
  r.labels_b = {"b", "c"};
  const qc::label_sheet s = qc::parse_label_sheet(qc::write_label_sheet({r}, true), "d.csv");
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_TRUE(s.rows[0].labels.empty());
  EXPECT_EQ(s.rows[0].labels_b, (std::vector<std::string>{"b", "c"}));
}

}  // namespace
