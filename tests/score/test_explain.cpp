// qclass explain's library part: on the bundled posts, every post's
// explanation carries exactly the numbers and prediction `score` writes, its
// parts equal DEFINITIONS.md 6 computed in plain loops, and its words give
// D and S1 back exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "model/keywords.hpp"
#include "plain_reference.hpp"
#include "qc/core/error.hpp"
#include "score/bulk_score.hpp"
#include "score/explain.hpp"
#include "scratch_test.hpp"
#include "simdjson.h"
#include "train/training.hpp"

namespace {

// The model trained on the bundled labeled posts with the bundled keywords.
struct trained {
  qc::text_resources res;
  qc::training_result t;
};

const trained& bundled_model() {
  static const trained* tr = [] {
    auto* p = new trained;
    const std::string root = QC_SOURCE_DIR;
    p->res = qc::load_text_resources(qc::text_options{});
    const qc::labeled_data data =
        qc::load_labeled({root + "/data/dl_bug_classification.jsonl"}, qc::pipeline_options{},
                         qc::normalize_options{}, p->res, nullptr);
    const auto kw = qc::read_keywords_file(root + "/data/keywords/dl_bug_classification.tsv");
    p->t = qc::train_keyword_model(data, qc::keyword_model{}, kw, p->res, 0);
    return p;
  }();
  return *tr;
}

std::string labeled_posts() {
  return std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl";
}
std::string pytorch_posts() { return std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl"; }

std::vector<qc::post_explanation> explain_all(const qc::keyword_model& m, const std::string& device,
                                              const qc::explain_request& req,
                                              const std::vector<std::string>& inputs) {
  auto be = qc::make_cpu_backend(device, 2);
  std::vector<qc::post_explanation> out;
  qc::explain_posts(m, *be, req, inputs, qc::pipeline_options{}, bundled_model().res,
                    [&](const qc::post_explanation& e) { out.push_back(e); });
  return out;
}

// One row of score's JSON Lines output.
struct score_row {
  std::string id, category, runner_up;
  double score = 0, margin = 0;
  bool no_evidence = false;
  std::vector<std::string> categories;  // under ties all
};

std::vector<score_row> read_score_rows(const std::string& path) {
  std::ifstream in(path);
  std::vector<score_row> rows;
  simdjson::dom::parser parser;
  for (std::string line; std::getline(in, line);) {
    const simdjson::dom::element o = parser.parse(line);
    score_row r;
    r.id = simdjson::to_string(o["id"]);
    r.category = std::string(std::string_view(o["category"]));
    if (!o["runner_up"].is_null()) r.runner_up = std::string(std::string_view(o["runner_up"]));
    r.score = double(o["score"]);
    r.margin = double(o["margin"]);
    r.no_evidence = bool(o["no_evidence"]);
    simdjson::dom::array cats;
    if (!o["categories"].get_array().get(cats))
      for (auto c : cats) r.categories.emplace_back(std::string_view(c));
    rows.push_back(std::move(r));
  }
  return rows;
}

class explain_test : public qc_test::scratch_test {
 protected:
  // score's rows for `inputs` with model m (cpu backend, JSON Lines).
  std::vector<score_row> score_rows_of(const qc::keyword_model& m,
                                       const std::vector<std::string>& inputs) {
    auto be = qc::make_cpu_backend("cpu", 2);
    const std::string path = (dir_ / "predictions.jsonl").string();
    qc::score_posts(m, *be, m.alpha, inputs, qc::pipeline_options{}, bundled_model().res, path,
                    qc::prediction_format::jsonl);
    return read_score_rows(path);
  }

  // Every explanation against score's row for the same post.
  void expect_same_as_score(const qc::keyword_model& m, const std::string& device) {
    const std::vector<std::string> inputs = {labeled_posts(), pytorch_posts()};
    const std::vector<score_row> want = score_rows_of(m, inputs);
    const auto got = explain_all(m, device, qc::explain_request{m.alpha, {}}, inputs);
    ASSERT_EQ(got.size(), want.size());
    ASSERT_EQ(got.size(), 3600u);
    const int K = static_cast<int>(m.labels.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      const qc::scored_post& p = got[i].prediction;
      SCOPED_TRACE(got[i].where);
      ASSERT_EQ(got[i].id_json, want[i].id);
      ASSERT_EQ(m.labels[static_cast<std::size_t>(p.best)], want[i].category);
      ASSERT_EQ(p.score, want[i].score);
      ASSERT_EQ(got[i].categories[static_cast<std::size_t>(p.best)].score, want[i].score);
      ASSERT_EQ(m.labels[static_cast<std::size_t>(p.runner_up)], want[i].runner_up);
      ASSERT_EQ(p.margin, want[i].margin);
      ASSERT_EQ(p.no_evidence, want[i].no_evidence);
      std::vector<std::string> tied;
      for (int k : qc::predicted_categories(p, m.ties, K))
        tied.push_back(m.labels[static_cast<std::size_t>(k)]);
      if (m.ties == qc::tie_rule::all) {
        ASSERT_EQ(tied, want[i].categories);
      } else {
        ASSERT_EQ(tied, std::vector<std::string>{want[i].category});
        ASSERT_TRUE(want[i].categories.empty());
      }
    }
  }
};

TEST_F(explain_test, scores_and_predictions_equal_score_output_for_every_post) {
  expect_same_as_score(bundled_model().t.model, "cpu");
}

TEST_F(explain_test, the_reference_backend_explains_the_same_numbers) {
  expect_same_as_score(bundled_model().t.model, "reference");
}

TEST_F(explain_test, ties_all_predicts_the_set_score_writes) {
  qc::keyword_model m = bundled_model().t.model;
  m.ties = qc::tie_rule::all;
  expect_same_as_score(m, "cpu");
}

// D, S1 and s0 of every labeled post against plain loops over the training
// matrix (DEFINITIONS.md 6), and the score and margin from them.
TEST_F(explain_test, parts_equal_plain_loops_and_margin_is_best_minus_runner_up) {
  const qc::training_result& t = bundled_model().t;
  const qc::dense_weights w = t.model.weights();
  const qc::row_scores plain = qc_test::plain_scores(t.matrix.view(), w.view(), w.norms.data());
  const auto got =
      explain_all(t.model, "cpu", qc::explain_request{t.model.alpha, {}}, {labeled_posts()});
  ASSERT_EQ(static_cast<std::int64_t>(got.size()), t.matrix.n_rows());
  const std::size_t K = t.model.labels.size();
  for (std::size_t i = 0; i < got.size(); ++i) {
    double best = -1, second = -1;
    for (std::size_t k = 0; k < K; ++k) {
      const qc::category_explanation& c = got[i].categories[k];
      ASSERT_EQ(c.d, plain.d[i * K + k]);
      ASSERT_EQ(c.s1, plain.s1[i * K + k]);
      ASSERT_EQ(c.s0, plain.s0[i * K + k]);
      ASSERT_EQ(c.score, c.s0 + t.model.alpha * static_cast<double>(c.s1));
      if (c.score > best) {
        second = best;
        best = c.score;
      } else if (c.score > second) {
        second = c.score;
      }
    }
    const qc::scored_post& p = got[i].prediction;
    ASSERT_EQ(p.score, best);
    ASSERT_EQ(p.margin, best - second);
    ASSERT_EQ(got[i].categories[static_cast<std::size_t>(p.runner_up)].score, second);
  }
}

// The count and manual flag of every listed word, from the model's own lists.
void expect_words_from_model(const qc::keyword_model& m, const qc::category_explanation& c,
                             std::size_t k) {
  const qc::category_weights& cw = m.categories[k];
  std::map<std::int32_t, std::int64_t> top(cw.top.begin(), cw.top.end());
  for (const qc::word_part& p : c.words) {
    const auto it = top.find(p.word);
    ASSERT_EQ(p.count, it == top.end() ? 0 : it->second);
    ASSERT_EQ(p.manual, std::count(cw.manual.begin(), cw.manual.end(), p.word) == 1);
    ASSERT_GT(p.in_post, 0);
  }
}

TEST_F(explain_test, words_give_d_and_s1_back_exactly) {
  const qc::keyword_model& m = bundled_model().t.model;
  const auto got = explain_all(m, "cpu", qc::explain_request{m.alpha, {}}, {labeled_posts()});
  std::size_t with_manual = 0, with_others = 0;
  for (const qc::post_explanation& e : got) {
    for (std::size_t k = 0; k < e.categories.size(); ++k) {
      const qc::category_explanation& c = e.categories[k];
      ASSERT_TRUE(c.reconstructs) << e.where;
      expect_words_from_model(m, c, k);
      std::int64_t d = 0, s1 = 0;
      for (const qc::word_part& p : c.words) d += p.in_post * p.count;
      for (const qc::word_part* p : qc::manual_hits(c, m.vocab)) s1 += p->in_post;
      ASSERT_EQ(d, c.d);
      ASSERT_EQ(s1, c.s1);
      const qc::word_listing l = qc::list_words(c, 3);
      ASSERT_LE(l.shown.size(), 3u);
      std::int64_t shown = 0;
      for (const qc::word_part* p : l.shown) shown += p->d();
      ASSERT_EQ(shown + l.others_d, c.d);
      ASSERT_EQ(qc::list_words(c, 0).others, 0u);
      with_manual += c.s1 > 0;
      with_others += l.others > 0;
    }
  }
  EXPECT_GT(with_manual, 100u);  // the checks above are not vacuous
  EXPECT_GT(with_others, 100u);
}

TEST_F(explain_test, words_are_listed_by_contribution_then_bytewise) {
  const qc::keyword_model& m = bundled_model().t.model;
  const auto got = explain_all(m, "cpu", qc::explain_request{m.alpha, {}}, {labeled_posts()});
  const auto& words = m.vocab.words();
  for (const qc::post_explanation& e : got)
    for (const qc::category_explanation& c : e.categories)
      for (std::size_t i = 1; i < c.words.size(); ++i) {
        const qc::word_part &a = c.words[i - 1], &b = c.words[i];
        ASSERT_TRUE(a.d() > b.d() ||
                    (a.d() == b.d() && words[static_cast<std::size_t>(a.word)] <
                                           words[static_cast<std::size_t>(b.word)]));
      }
}

TEST_F(explain_test, ids_select_posts_in_input_order) {
  const qc::keyword_model& m = bundled_model().t.model;
  const auto got =
      explain_all(m, "cpu", qc::explain_request{m.alpha, {"34750268", "31556268", "34750268"}},
                  {labeled_posts(), pytorch_posts()});
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id_json, "31556268");
  EXPECT_EQ(got[0].where, labeled_posts() + ":1");
  EXPECT_EQ(got[0].title, "How to use keras for XOR");
  EXPECT_FALSE(got[0].labels.empty());
  EXPECT_EQ(got[1].id_json, "34750268");
  EXPECT_EQ(got[1].where, pytorch_posts() + ":1");
}

TEST_F(explain_test, an_unknown_id_is_an_error_naming_it) {
  const qc::keyword_model& m = bundled_model().t.model;
  try {
    explain_all(m, "cpu", qc::explain_request{m.alpha, {"31556268", "no-such-post", "42", "42"}},
                {labeled_posts()});
    FAIL() << "no error";
  } catch (const qc::error& e) {
    EXPECT_EQ(std::string(e.what()), "--id no-such-post, 42: no such post in " + labeled_posts());
  }
}

}  // namespace
