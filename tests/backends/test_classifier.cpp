// The keyword classifier: training counts, top-K, norms, manual scopes, the
// scoring functors, backends against the reference, and model files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "backend_cases.hpp"
#include "core/backend_select.hpp"
#include "formats/model_file.hpp"
#include "model/keywords.hpp"
#include "plain_reference.hpp"
#include "qc/core/error.hpp"
#include "qc/kernels/backend.hpp"
#include "random_posts.hpp"
#include "train/tfidf_svm.hpp"
#include "train/training.hpp"

namespace {

using V = std::vector<std::string>;

struct fixture_data {
  qc::tokenized_corpus corpus;
  qc::vocabulary vocab;
  qc::term_matrix matrix;
  std::vector<std::vector<int>> labels;
};

// Posts: label 0 ("a") talks about gpu/cuda, label 1 ("b") about loss/nan.
fixture_data make_data() {
  fixture_data f;
  const std::vector<std::pair<V, std::vector<int>>> posts = {
      {{"gpu", "gpu", "cuda", "memory"}, {0}},
      {{"gpu", "cuda", "slow"}, {0}},
      {{"loss", "nan", "loss"}, {1}},
      {{"loss", "gradient", "memory"}, {1}},
      {{"gpu", "loss"}, {0, 1}},
      {{"unrelated"}, {}},
  };
  for (const auto& [toks, labels] : posts) {
    f.corpus.add_post(toks);
    f.labels.push_back(labels);
  }
  qc::vocab_options o;
  o.min_df = 1;
  f.vocab = qc::vocabulary::build(f.corpus, o);
  f.matrix = qc::term_matrix::build(f.corpus, f.vocab, 1);
  return f;
}

std::vector<std::string> top_words(const qc::category_weights& c, const qc::vocabulary& v) {
  std::vector<std::string> out;
  for (const auto& [w, cnt] : c.top) out.push_back(v.words()[static_cast<std::size_t>(w)]);
  return out;
}

TEST(keyword_trainer, counts_topk_ties_and_norms) {
  const fixture_data f = make_data();
  const qc::keyword_trainer tr(f.matrix.view(), f.labels, {0, 1, 2, 3, 4}, 2, f.vocab);
  const std::vector<std::set<std::string>> kw = {{"cuda", "slow", "absent"}, {"nan"}};
  const V labels = {"a", "b"};
  auto cats = tr.select(200, qc::norm_kind::l2, qc::manual_scope::topk, kw, labels, f.vocab);
  // a: gpu 4, cuda 2, then ties at 1 broken bytewise: loss, memory, slow.
  EXPECT_EQ(top_words(cats[0], f.vocab), (V{"gpu", "cuda", "loss", "memory", "slow"}));
  EXPECT_EQ(cats[0].top[0].second, 4);
  EXPECT_DOUBLE_EQ(cats[0].norm_value, std::sqrt(16.0 + 4 + 1 + 1 + 1));
  // b: loss 4 (two in post 2, one each in posts 3 and 4), then 1s bytewise.
  EXPECT_EQ(top_words(cats[1], f.vocab), (V{"loss", "gpu", "gradient", "memory", "nan"}));
  // Manual words: in-vocabulary and in the top list (topk scope).
  EXPECT_EQ(cats[0].manual.size(), 2u);
  EXPECT_EQ(cats[0].manual_ignored, (V{"absent"}));

  cats = tr.select(2, qc::norm_kind::sum, qc::manual_scope::topk, kw, labels, f.vocab);
  EXPECT_EQ(top_words(cats[0], f.vocab), (V{"gpu", "cuda"}));
  EXPECT_EQ(cats[0].norm_value, 6.0);
  EXPECT_EQ(cats[0].manual_ignored, (V{"absent", "slow"}));  // slow is not in the top 2
  EXPECT_EQ(cats[1].manual_ignored, (V{"nan"}));
  cats = tr.select(2, qc::norm_kind::sum, qc::manual_scope::all, kw, labels, f.vocab);
  EXPECT_EQ(cats[0].manual_ignored, (V{"absent"}));  // all: any vocabulary word counts
  EXPECT_EQ(cats[1].manual.size(), 1u);
}

TEST(keyword_trainer, label_without_train_posts_has_empty_top_and_zero_norm) {
  const fixture_data f = make_data();
  const qc::keyword_trainer tr(f.matrix.view(), f.labels, {0, 1}, 2, f.vocab);
  const auto cats =
      tr.select(200, qc::norm_kind::l2, qc::manual_scope::topk, {{}, {}}, {"a", "b"}, f.vocab);
  EXPECT_TRUE(cats[1].top.empty());
  EXPECT_EQ(cats[1].norm_value, 0.0);
  EXPECT_EQ(qc::s0_of(0, 0.0), 0.0);  // N_k = 0 gives s0 = 0, never a division by zero
}

TEST(scoring_functors, definitions_arithmetic_and_ties) {
  // score = s0 + alpha*S1 with two roundings; argmax lowest on ties.
  const double s0[3] = {0.5, 0.25, 0.5};
  const std::int64_t s1[3] = {0, 1, 0};
  EXPECT_EQ(qc::argmax_lowest(s0, s1, 0.0, 3), 0);
  EXPECT_EQ(qc::argmax_all(s0, s1, 0.0, 3), 0b101u);
  EXPECT_EQ(qc::argmax_lowest(s0, s1, 0.25, 3), 0);  // 0.25 + 0.25 == 0.5: tie, lowest wins
  EXPECT_EQ(qc::argmax_all(s0, s1, 0.25, 3), 0b111u);
  EXPECT_EQ(qc::argmax_lowest(s0, s1, 0.26, 3), 1);
  EXPECT_EQ(qc::score_of(0.1, 0.2, 1), 0.1 + 0.2);
  const std::int64_t zero[3] = {0, 0, 0};
  EXPECT_TRUE(qc::no_evidence(zero, zero, 3));
  EXPECT_FALSE(qc::no_evidence(zero, s1, 3));
}

// The CUDA kernel's one-category form gives exactly row_parts().
TEST(scoring_functors, row_part_equals_row_parts) {
  const fixture_data f = make_data();
  const qc::keyword_trainer tr(f.matrix.view(), f.labels, {0, 1, 2, 3, 4}, 2, f.vocab);
  for (auto scope : {qc::manual_scope::topk, qc::manual_scope::all}) {
    const auto w = qc::compile_weights(
        tr.select(3, qc::norm_kind::l2, scope, {{"cuda", "slow"}, {"nan"}}, {"a", "b"}, f.vocab),
        f.vocab.size());
    const qc::csr_view m = f.matrix.view();
    for (std::int64_t r = 0; r < m.n_rows; ++r) {
      std::int64_t d[2], s1[2];
      qc::row_parts(m, r, w.view(), d, s1);
      for (int k = 0; k < 2; ++k) {
        std::int64_t dk = -1, sk = -1;
        qc::row_part(m, r, w.view(), k, &dk, &sk);
        EXPECT_EQ(dk, d[k]) << "row " << r << " k " << k;
        EXPECT_EQ(sk, s1[k]) << "row " << r << " k " << k;
      }
    }
  }
}

// scoring_words flags exactly the words of some T_k or M_k: dropping the
// others from a row changes no part of its score.
TEST(scoring_words, the_top_and_manual_words_of_every_category) {
  const fixture_data f = make_data();
  const qc::keyword_trainer tr(f.matrix.view(), f.labels, {0, 1, 2, 3, 4}, 2, f.vocab);
  for (const std::size_t top_k : {std::size_t{1}, std::size_t{3}}) {
    const auto cats = tr.select(top_k, qc::norm_kind::l2, qc::manual_scope::all,
                                {{"cuda", "slow"}, {"nan"}}, {"a", "b"}, f.vocab);
    std::vector<std::uint8_t> want(f.vocab.size(), 0);
    for (const auto& c : cats) {
      for (const auto& [w, count] : c.top) want[static_cast<std::size_t>(w)] = 1;
      for (const std::int32_t w : c.manual) want[static_cast<std::size_t>(w)] = 1;
    }
    const auto w = qc::compile_weights(cats, f.vocab.size());
    EXPECT_EQ(w.scoring_words(), want) << "top_k " << top_k;
    EXPECT_LT(std::count(want.begin(), want.end(), 1), static_cast<long>(want.size()));
  }
}

TEST(confusion_update, matches_confusion_counts) {
  // Multi-label truth, several predictions: the functor agrees with add_post.
  const std::vector<std::int32_t> offsets = {0, 2, 3, 4};
  const std::vector<std::int32_t> labels = {1, 2, 0, 2};
  const qc::truth_view t{3, offsets.data(), labels.data()};
  const std::vector<std::uint64_t> preds = {0b010, 0b011, 0b100};
  const int K = 3;
  std::vector<std::uint64_t> flat(static_cast<std::size_t>(qc::counts_stride(K)), 0);
  qc::confusion_counts ref(K);
  for (std::int64_t i = 0; i < 3; ++i) {
    qc::add_prediction(t, i, preds[static_cast<std::size_t>(i)], K,
                       [&](std::int64_t idx, int v) { flat[static_cast<std::size_t>(idx)] += v; });
    std::vector<int> y(labels.begin() + offsets[static_cast<std::size_t>(i)],
                       labels.begin() + offsets[static_cast<std::size_t>(i) + 1]);
    std::vector<int> p;
    for (int k = 0; k < K; ++k)
      if ((preds[static_cast<std::size_t>(i)] >> k) & 1u) p.push_back(k);
    ref.add_post(y, p);
  }
  EXPECT_EQ(qc::counts_from_flat(flat.data(), K), ref);
}

// Backends against the reference: every backend this build has (the cpu
// backend at several thread counts, and cuda when a GPU answers) gives the
// plain D, S1 and s0 and the reference backend's sweep counts, exactly.
using backends = qc_test::backend_test;

TEST_P(backends, equal_reference_on_random_data) {
  // 40,000 posts x 41 alphas is enough work for the threaded paths to split.
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 513u, 40000u}) {
    const qc_test::random_posts posts = qc_test::make_random_posts(99 + n, n, 12, 50, 4, false);
    const auto& [labels, vocab, m, rows] = posts;
    const qc::keyword_trainer tr(m.view(), labels, rows, 4, vocab);
    std::vector<std::set<std::string>> kw = {{"w1", "w2"}, {"w3"}, {}, {"w4", "w5"}};
    const auto w = qc::compile_weights(
        tr.select(5, qc::norm_kind::l2, qc::manual_scope::all, kw, {"a", "b", "c", "d"}, vocab),
        vocab.size());
    const auto truth = qc::make_truth(labels, rows);
    std::vector<double> alphas;
    for (int a = 0; a <= 40; ++a) alphas.push_back(a / 40.0);
    const auto n_alphas = static_cast<std::int64_t>(alphas.size());
    const qc::row_scores want = qc_test::plain_scores(m.view(), w.view(), w.norms.data());
    const qc::row_scores got = qc::score_rows(*be_, m, w);
    EXPECT_EQ(got.d, want.d) << "n=" << n;
    EXPECT_EQ(got.s1, want.s1) << "n=" << n;
    EXPECT_EQ(got.s0, want.s0) << "n=" << n;
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      const std::vector<std::uint64_t> want_counts =
          qc_test::plain_counts(m.view(), w.view(), w.norms.data(), truth.view(), alphas, ties);
      std::vector<std::uint64_t> counts(want_counts.size());
      be_->sweep(static_cast<std::int64_t>(n), 4, want.s0.data(), want.s1.data(), truth.view(),
                 alphas.data(), n_alphas, ties, counts.data());
      EXPECT_EQ(counts, want_counts) << "n=" << n;
    }
  }
}

// Hand-made scores full of exact ties, with and without keyword counts: a
// backend's shortcuts must agree with the reference on every alpha.
TEST_P(backends, sweep_agrees_on_exact_ties) {
  const int K = 4;
  const std::vector<double> s0 = {0.5,  0.5,  0.25, 0.5,  // three-way tie, no keywords
                                  0.0,  0.0,  0.0,  0.0,  // no evidence
                                  0.5,  0.25, 0.5,  0.0,  // tie broken by alpha
                                  0.25, 0.25, 0.25, 0.25, 0.1, 0.35, 0.0, 0.35};
  const std::vector<std::int64_t> s1 = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 1, 1, 1, 1, 0, 3, 0};
  const std::vector<std::int32_t> off = {0, 1, 3, 4, 5, 7};
  const std::vector<std::int32_t> lab = {1, 0, 2, 3, 0, 1, 3};
  const qc::truth_view t{5, off.data(), lab.data()};
  std::vector<double> sorted_alphas, shuffled_alphas;
  for (int i = 0; i <= 40; ++i) sorted_alphas.push_back(i / 40.0);
  // Unsorted grids take the per-alpha path of the fast backend.
  for (int i = 0; i <= 40; ++i) shuffled_alphas.push_back(((i * 17) % 41) / 40.0);
  for (const auto& alphas : {sorted_alphas, shuffled_alphas})
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      const auto n_a = static_cast<std::int64_t>(alphas.size());
      std::vector<std::uint64_t> want(static_cast<std::size_t>(qc::counts_stride(K) * n_a));
      std::vector<std::uint64_t> got(want.size());
      qc::make_cpu_backend("reference", 1)
          ->sweep(5, K, s0.data(), s1.data(), t, alphas.data(), n_a, ties, want.data());
      be_->sweep(5, K, s0.data(), s1.data(), t, alphas.data(), n_a, ties, got.data());
      EXPECT_EQ(got, want);
    }
  // At alpha 0 with ties=lowest, by hand: post 0 (truth 1) gets 0, post 1
  // (truth 0, 2) gets 0, post 2 (truth 3) gets 0, post 3 (truth 0) gets 0,
  // post 4 (truth 1, 3) gets 1 (0.35 beats 0.1 + 0 and ties 3, lowest wins).
  std::vector<std::uint64_t> at0(static_cast<std::size_t>(qc::counts_stride(K)));
  const double zero = 0.0;
  be_->sweep(5, K, s0.data(), s1.data(), t, &zero, 1, qc::tie_rule::lowest, at0.data());
  const qc::confusion_counts c = qc::counts_from_flat(at0.data(), K);
  EXPECT_EQ(c.tp, (std::vector<std::uint64_t>{2, 1, 0, 0}));
  EXPECT_EQ(c.fp, (std::vector<std::uint64_t>{2, 0, 0, 0}));
  EXPECT_EQ(c.n_exact, 1u);  // only post 3 has its exact label set
}

// Random scores on a coarse grid (many exact ties and crossings) with a fine
// alpha grid: the fast backend's run-halving must match the reference.
TEST_P(backends, sweep_agrees_on_random_crossings) {
  const int K = 5;
  const std::int64_t n = 2000;
  std::vector<double> s0(static_cast<std::size_t>(n * K));
  std::vector<std::int64_t> s1(s0.size());
  std::vector<std::int32_t> off = {0}, lab;
  std::uint64_t x = 2024;
  auto rnd = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  for (std::size_t i = 0; i < s0.size(); ++i) {
    s0[i] = static_cast<double>(rnd() % 9) / 7.0;  // 0, 1/7, ... : not dyadic
    s1[i] = static_cast<std::int64_t>(rnd() % 4);
  }
  for (std::int64_t i = 0; i < n; ++i) {
    lab.push_back(static_cast<std::int32_t>(rnd() % K));
    off.push_back(static_cast<std::int32_t>(lab.size()));
  }
  const qc::truth_view t{n, off.data(), lab.data()};
  std::vector<double> alphas;
  for (int i = 0; i <= 1000; ++i) alphas.push_back(i / 1000.0);
  const auto n_a = static_cast<std::int64_t>(alphas.size());
  for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
    std::vector<std::uint64_t> want(static_cast<std::size_t>(qc::counts_stride(K) * n_a));
    std::vector<std::uint64_t> got(want.size());
    qc::make_cpu_backend("reference", 1)
        ->sweep(n, K, s0.data(), s1.data(), t, alphas.data(), n_a, ties, want.data());
    be_->sweep(n, K, s0.data(), s1.data(), t, alphas.data(), n_a, ties, got.data());
    EXPECT_EQ(got, want);
    if (GetParam().name != "cpu" || GetParam().threads != 2) continue;
    // With a small memory bound the cpu backend takes the alphas in chunks
    // (of 1, 7 and 400 alphas here); runs end at chunk edges and the counts
    // are the same (one thread count is enough: chunks start threads anew).
    const std::size_t per_alpha = static_cast<std::size_t>(qc::counts_stride(K)) * 8 * 2;
    for (std::size_t bytes : {std::size_t{1}, per_alpha * 8, per_alpha * 401}) {
      std::fill(got.begin(), got.end(), 0);
      qc::make_cpu_backend("cpu", GetParam().threads, bytes)
          ->sweep(n, K, s0.data(), s1.data(), t, alphas.data(), n_a, ties, got.data());
      EXPECT_EQ(got, want) << "sweep_bytes " << bytes;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(all, backends,
                         ::testing::ValuesIn(qc_test::backend_cases({1, 2, 3, 7}, false)),
                         qc_test::backend_case_name);

// auto is cuda exactly when this build has the CUDA backend and a GPU
// answers; a forced cuda without one is a usage error, never a fallback.
TEST(backend_selection, names_and_errors) {
  EXPECT_EQ(qc::make_backend("cpu", 2)->name(), "cpu");
  EXPECT_EQ(qc::make_backend("reference", 2)->name(), "reference");
  const bool gpu = qc_test::gpu_unavailable_reason().empty();
  EXPECT_EQ(qc::make_backend("auto", 2)->name(), gpu ? "cuda" : "cpu");
  if (gpu) {
    EXPECT_EQ(qc::make_backend("cuda", 2)->name(), "cuda");
  } else {
    EXPECT_THROW(qc::make_backend("cuda", 2), qc::usage_error);
  }
  EXPECT_THROW(qc::make_backend("tpu", 2), qc::usage_error);
  EXPECT_THROW(qc::make_cpu_backend("gpu", 1), std::invalid_argument);
}

class model_file_test : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("qc_model_" + std::to_string(::getpid()) + ".json");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

// Keyword and label-map files: invalid UTF-8 and UTF-16 name the file and line.
TEST_F(model_file_test, keyword_and_label_map_files_name_the_bad_line) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"# keywords\ngpu\tcuda,gpu\napi\tcall,\xC3(\n", ":3: invalid UTF-8"},
      {"gpu\tcuda\n# comment \xFF\n", ":2: invalid UTF-8"},
      {std::string("\xFF\xFEg\0p\0u\0", 8), ":1: the file is UTF-16"},
  };
  for (const auto& c : cases) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << c.first;
    for (const bool label_map : {false, true}) {
      try {
        if (label_map) {
          qc::label_map::read(path_.string());
        } else {
          qc::read_keywords_file(path_.string());
        }
        ADD_FAILURE() << "accepted: " << c.second;
      } catch (const qc::parse_error& e) {
        EXPECT_NE(std::string(e.what()).find(path_.string() + c.second), std::string::npos)
            << e.what();
      }
    }
  }
}

// The keywords file is read line by line: a byte-order mark, CRLF ends,
// blank and comment lines, and a last line without an end keep their numbers.
TEST_F(model_file_test, keyword_file_lines_keep_their_numbers) {
  std::ofstream(path_, std::ios::binary | std::ios::trunc)
      << "\xEF\xBB\xBFgpu\tcuda, gpu \r\n\n# comment\r\n  \napi\tcall,,\n" + std::string(100, 'x') +
             "\t" + std::string(70000, 'k') + "\nlast\tone";
  const auto e = qc::read_keywords_file(path_.string());
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].category, "gpu");
  EXPECT_EQ(e[0].keywords, (std::vector<std::string>{"cuda", "gpu"}));
  EXPECT_EQ(e[0].line, 1u);
  EXPECT_EQ(e[1].category, "api");
  EXPECT_EQ(e[1].keywords, std::vector<std::string>{"call"});
  EXPECT_EQ(e[1].line, 5u);
  EXPECT_EQ(e[2].keywords, std::vector<std::string>{std::string(70000, 'k')});
  EXPECT_EQ(e[2].line, 6u);
  EXPECT_EQ(e[3].category, "last");
  EXPECT_EQ(e[3].line, 7u);
}

qc::keyword_model sample_model() {
  const fixture_data f = make_data();
  const qc::keyword_trainer tr(f.matrix.view(), f.labels, {0, 1, 2, 3, 4}, 2, f.vocab);
  qc::keyword_model m;
  m.labels = {"a", "b"};
  m.vocab = f.vocab;
  m.categories = tr.select(3, qc::norm_kind::l2, qc::manual_scope::topk, {{"cuda"}, {"nan"}},
                           m.labels, f.vocab);
  m.keywords_raw = {{"a", {"CUDA"}, 1}};
  m.train_ids = {"1", "\"x\""};
  m.test_ids = {"3"};
  m.alpha = 0.18;
  return m;
}

TEST_F(model_file_test, round_trip) {
  const qc::keyword_model m = sample_model();
  qc::save_model(m, path_.string());
  const qc::keyword_model r = qc::load_model(path_.string());
  EXPECT_EQ(qc::model_to_json(r), qc::model_to_json(m));
  EXPECT_EQ(r.weights().counts, m.weights().counts);
  EXPECT_EQ(r.weights().manual, m.weights().manual);
  EXPECT_EQ(r.weights().norms, m.weights().norms);
}

TEST_F(model_file_test, refuses_damaged_other_version_and_other_files) {
  const std::string text = qc::model_to_json(sample_model());
  auto expect_refused = [&](const std::string& content, const std::string& needle) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc) << content;
    try {
      qc::load_model(path_.string());
      ADD_FAILURE() << "accepted: " << needle;
    } catch (const qc::parse_error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
    }
  };
  std::string edited = text;
  edited.replace(edited.find("\"alpha\": 0.18"), 13, "\"alpha\": 0.19");
  expect_refused(edited, "checksum");
  std::string v2 = text;
  v2.replace(v2.find("\"version\": 1"), 12, "\"version\": 2");
  expect_refused(v2, "version 2");
  expect_refused(text.substr(0, text.size() / 2), "not JSON");
  expect_refused("{\"hello\": 1}", "format");
  expect_refused("", "not JSON");
  EXPECT_THROW(qc::load_model((path_.string() + ".missing")), qc::io_error);
  // A JSON value that is not an object is JSON, but not a model.
  expect_refused("[1, 2, 3]", "the file is JSON, but an array, not a model");
  expect_refused("\"model\"", "but a string, not a model");
  // A folder says so.
  const std::filesystem::path folder = path_.string() + ".d";
  std::filesystem::create_directories(folder);
  try {
    qc::load_model(folder.string());
    ADD_FAILURE() << "a folder accepted as a model";
  } catch (const qc::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("it is a folder"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(folder.string()), std::string::npos) << e.what();
  }
  std::filesystem::remove(folder);
}

}  // namespace

// The optimum of the baseline's problem on the small fixture, computed
// without liblinear: tf-idf rows as tfidf_svm.hpp defines them (raw count
// times ln((1 + n) / (1 + df)) + 1 over the n train posts, unit L2 norm, then
// an intercept feature 1), and the L2-regularized squared-hinge primal
// 0.5 |w|^2 + C sum_i max(0, 1 - y_i w.x_i)^2 (C = 1, class 0 as y = +1)
// minimized by plain gradient descent: the objective is 1-strongly convex with
// a gradient Lipschitz constant of at most 1 + 2 C sum_i |x_i|^2 = 17, so
// steps of 1/17 converge to the unique optimum. Returns w.x of every post.
std::vector<double> svm_decisions_by_gradient_descent(const std::vector<V>& posts,
                                                      const std::vector<std::size_t>& train,
                                                      const std::vector<double>& y) {
  std::map<std::string, int> df;
  for (std::size_t r : train)
    for (const std::string& t : std::set<std::string>(posts[r].begin(), posts[r].end())) ++df[t];
  std::map<std::string, std::size_t> feature;
  for (const auto& [t, n] : df) feature.emplace(t, feature.size());
  const std::size_t dim = feature.size() + 1;
  const double n_train = static_cast<double>(train.size());
  std::vector<std::vector<double>> x;
  for (const V& post : posts) {
    std::vector<double> row(dim, 0.0);
    for (const std::string& t : post)
      if (feature.count(t)) row[feature[t]] += std::log((1.0 + n_train) / (1.0 + df[t])) + 1.0;
    double sq = 0;
    for (double v : row) sq += v * v;
    if (sq > 0)
      for (double& v : row) v /= std::sqrt(sq);
    row[dim - 1] = 1.0;
    x.push_back(std::move(row));
  }
  const auto dot = [](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
  };
  std::vector<double> w(dim, 0.0);
  for (int it = 0; it < 20000; ++it) {
    std::vector<double> grad = w;
    for (std::size_t i = 0; i < train.size(); ++i) {
      const double slack = 1.0 - y[i] * dot(w, x[train[i]]);
      if (slack > 0)
        for (std::size_t j = 0; j < dim; ++j) grad[j] -= 2.0 * slack * y[i] * x[train[i]][j];
    }
    for (std::size_t j = 0; j < dim; ++j) w[j] -= grad[j] / 17.0;
  }
  std::vector<double> out;
  for (const auto& row : x) out.push_back(dot(w, row));
  return out;
}

// The tf-idf + linear SVM baseline on the small fixture: the gpu/cuda posts
// and the loss/nan posts are separable, an empty post still gets a class,
// and training twice gives the same predictions.
TEST(tfidf_svm, separable_fixture_and_determinism) {
  const fixture_data f = make_data();
  std::vector<std::vector<int>> labels = f.labels;
  labels[5] = {0};  // "unrelated": a post of class 0 without any useful word
  const std::vector<std::size_t> train = {0, 1, 2, 3}, test = {0, 1, 2, 3, 4, 5};
  const qc::tfidf_svm_result r = qc::train_tfidf_svm(f.matrix, labels, train, test, 2, {});
  ASSERT_EQ(r.predicted.size(), test.size());
  EXPECT_EQ(r.predicted[0], 0);
  EXPECT_EQ(r.predicted[1], 0);
  EXPECT_EQ(r.predicted[2], 1);
  EXPECT_EQ(r.predicted[3], 1);
  // Post 4 (gpu, loss) and post 5 (no train word: the intercept alone) lie
  // near the boundary; their side is that of the problem's exact optimum.
  // The words are those of make_data().
  const std::vector<V> words = {
      {"gpu", "gpu", "cuda", "memory"}, {"gpu", "cuda", "slow"}, {"loss", "nan", "loss"},
      {"loss", "gradient", "memory"},   {"gpu", "loss"},         {"unrelated"}};
  const std::vector<double> decision =
      svm_decisions_by_gradient_descent(words, train, {1.0, 1.0, -1.0, -1.0});
  for (std::size_t i = 0; i < test.size(); ++i) {
    ASSERT_GT(std::abs(decision[i]), 0.01) << "post " << i << " too close to call";
    EXPECT_EQ(r.predicted[i], decision[i] > 0 ? 0 : 1) << "post " << i;
  }
  EXPECT_EQ(r.counts.n_posts, test.size());
  // gpu, cuda, memory, slow, loss, nan, gradient: the words of the train posts.
  EXPECT_EQ(r.n_features, 7u);
  const qc::tfidf_svm_result again = qc::train_tfidf_svm(f.matrix, labels, train, test, 2, {});
  EXPECT_EQ(again.predicted, r.predicted);
  EXPECT_THROW(qc::train_tfidf_svm(f.matrix, labels, {}, test, 2, {}), qc::usage_error);
  qc::svm_options bad;
  bad.C = -1;
  EXPECT_THROW(qc::train_tfidf_svm(f.matrix, labels, train, test, 2, bad), qc::usage_error);
}
