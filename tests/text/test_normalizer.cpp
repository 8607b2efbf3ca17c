// DEFINITIONS.md 2: lemma, stop words, one-character drop, <dim>/<mem>/<digit>.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bundled_posts.hpp"
#include "qc/core/error.hpp"
#include "text/normalizer.hpp"
#include "text/token_pipeline.hpp"

namespace {

using V = std::vector<std::string>;

V tokens_of(qc::normalizer& n, const qc::post& p) {
  const auto& t = n.tokens(p);
  return V(t.begin(), t.end());
}

qc::post make_post(std::string title, std::string body, bool html = true) {
  qc::post p;
  p.id_json = "1";
  p.title = std::move(title);
  p.body = std::move(body);
  p.body_is_html = html;
  return p;
}

class normalizer_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!qc_test::have_wordnet())
      GTEST_SKIP() << "WordNet not found at " << qc::lemmatizer::default_dir();
    res_ = qc::load_text_resources(qc::text_options{});
  }
  qc::text_resources res_;
};

TEST_F(normalizer_test, definitions_example) {
  qc::normalizer n({}, res_);
  // DEFINITIONS 2: `5 42 3d 8GB 3ds 2gbs 1e _ __ the using`
  EXPECT_EQ(tokens_of(n, make_post("5 42 3d 8GB 3ds 2gbs 1e _ __ the using", "")),
            (V{"<digit>", "<dim>", "<mem>", "<dim>", "2gbs", "1e", "__", "use"}));
}

TEST_F(normalizer_test, vn_lemmas) {
  qc::normalizer n({}, res_);
  EXPECT_EQ(tokens_of(n, make_post("classes boss tensors keras was running", "")),
            (V{"class", "boss", "tensor", "kera", "run"}));
}

TEST_F(normalizer_test, title_then_body_never_concatenated) {
  qc::normalizer n({}, res_);
  // "model" ends the title and "loss" starts the body: two tokens, not "modelloss".
  EXPECT_EQ(tokens_of(n, make_post("GPU model", "<p>loss</p>")), (V{"gpu", "model", "loss"}));
}

TEST_F(normalizer_test, options_title_only_keep_code_body_format) {
  qc::normalize_options o;
  o.title_only = true;
  qc::normalizer title_only(o, res_);
  EXPECT_EQ(tokens_of(title_only, make_post("tensor", "<p>gradient</p>")), (V{"tensor"}));

  qc::normalize_options k;
  k.keep_code = true;
  qc::normalizer keep(k, res_);
  EXPECT_EQ(tokens_of(keep, make_post("", "<p>x <code>torch</code></p>")), (V{"torch"}));
  qc::normalizer drop({}, res_);
  EXPECT_EQ(tokens_of(drop, make_post("", "<p>x <code>torch</code></p>")), V{});

  // Plain-text body: no tag stripping, no entity decoding.
  EXPECT_EQ(tokens_of(drop, make_post("", "tensor &amp; graph", false)),
            (V{"tensor", "amp", "graph"}));
  qc::normalize_options h;
  h.body = qc::body_format::html;  // forced: the plain body has no tags, so no text
  qc::normalizer forced(h, res_);
  EXPECT_EQ(tokens_of(forced, make_post("", "tensor graph", false)), V{});
}

TEST_F(normalizer_test, lemma_modes) {
  qc::normalize_options v;
  v.lemma = qc::lemma_mode::v;
  qc::normalizer verb(v, res_);
  EXPECT_EQ(tokens_of(verb, make_post("tensors classes using", "")),
            (V{"tensors", "class", "use"}));  // "class" is also a verb in WordNet
  qc::normalize_options none;
  none.lemma = qc::lemma_mode::none;
  qc::normalizer raw(none, qc::text_resources{nullptr, res_.stopwords});
  // Without lemmas "using" stays "using", which is a gensim stop word.
  EXPECT_EQ(tokens_of(raw, make_post("tensors using the models", "")), (V{"tensors", "models"}));
}

TEST_F(normalizer_test, stopword_choice) {
  qc::text_options t;
  t.stopwords = "none";
  qc::normalizer n({}, qc::load_text_resources(t));
  EXPECT_EQ(tokens_of(n, make_post("the model", "")), (V{"the", "model"}));

  const auto path = std::filesystem::temp_directory_path() / "qc_test_stopwords.txt";
  std::ofstream(path) << "# custom list\nmodel\n\n";
  t.stopwords = path.string();
  qc::normalizer custom({}, qc::load_text_resources(t));
  EXPECT_EQ(tokens_of(custom, make_post("the model", "")), (V{"the"}));
  std::filesystem::remove(path);

  t.stopwords = "/nonexistent/stopwords.txt";
  EXPECT_THROW(qc::load_text_resources(t), qc::io_error);
}

TEST_F(normalizer_test, empty_and_non_ascii_posts) {
  qc::normalizer n({}, res_);
  EXPECT_EQ(tokens_of(n, make_post("", "")), V{});
  EXPECT_EQ(tokens_of(n, make_post("\xE6\xB7\xB1\xE5\xBA\xA6 caf\xC3\xA9", "")), (V{"caf"}));
}

TEST_F(normalizer_test, cache_gives_same_result_as_uncached) {
  qc::normalizer n({}, res_);
  const qc::post p = make_post("Running models running Models", "<p>classes &amp; classes</p>");
  const V first = tokens_of(n, p);
  const V second = tokens_of(n, p);
  EXPECT_EQ(first, second);
  for (const auto& t : first) EXPECT_FALSE(t.empty());
  EXPECT_EQ(n.normalize_token("running"), "run");
  EXPECT_EQ(n.normalize_token("the"), "");
  EXPECT_EQ(n.normalize_token("7"), "");
}

V streamed(qc::normalizer& n, const qc::post& p) {
  V out;
  n.for_each_token(p, [&](std::string_view t) { out.emplace_back(t); });
  return out;
}

// for_each_token streams exactly tokens(): every bundled post under every
// text option, on one normalizer each way (their caches fill alike).
TEST_F(normalizer_test, streamed_tokens_equal_the_token_list) {
  const auto posts = qc_test::bundled_posts();
  ASSERT_GT(posts.size(), 1000u);
  for (const auto& o : qc_test::every_text_option()) {
    qc::normalizer listed(o, res_), streaming(o, res_);
    for (const auto& p : posts)
      ASSERT_EQ(streamed(streaming, p), tokens_of(listed, p)) << p.id_json;
  }
}

// A post whose text is over the normalizer's kept buffer size (its text
// buffers are given back after it) normalizes like its parts, and the
// normalizer goes on normally.
TEST_F(normalizer_test, huge_post_then_small_post) {
  const std::string unit = "<p>Running models &amp; classes</p>";
  std::string body;
  while (body.size() <= 3 * qc::kKeepTextBytes) body += unit;
  const std::size_t copies = body.size() / unit.size();
  qc::normalizer n({}, res_);
  const V one = tokens_of(n, make_post("", unit));
  V want;
  for (std::size_t i = 0; i < copies; ++i) want.insert(want.end(), one.begin(), one.end());
  EXPECT_EQ(streamed(n, make_post("", body)), want);
  EXPECT_EQ(tokens_of(n, make_post("", body)), want);
  EXPECT_EQ(streamed(n, make_post("Running", unit)), (V{"run", "run", "model", "class"}));
}

TEST(normalizer_options, parse_and_errors) {
  EXPECT_EQ(qc::parse_lemma_mode("v"), qc::lemma_mode::v);
  EXPECT_THROW(qc::parse_lemma_mode("x"), qc::usage_error);
  EXPECT_EQ(qc::parse_body_format("text"), qc::body_format::text);
  EXPECT_THROW(qc::parse_body_format("markdown"), qc::usage_error);
  EXPECT_THROW(qc::normalizer({}, qc::text_resources{}), qc::usage_error);  // vn without WordNet
}

TEST(wordnet_missing, clear_error) {
  qc::text_options t;
  t.wordnet_dir = "/nonexistent/wordnet";
  try {
    qc::load_text_resources(t);
    FAIL() << "expected io_error";
  } catch (const qc::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/wordnet"), std::string::npos) << e.what();
  }
}

}  // namespace

// The normalizer's cache (and the vocabulary's index): every key inserted is found with its own
// value (through growth and probing), absent keys are not, clear() empties it.
TEST(string_view_map, finds_what_was_inserted) {
  qc::string_view_map<std::string_view> c;
  std::vector<std::string> keys;
  for (int i = 0; i < 5000; ++i) keys.push_back("w" + std::to_string(i * 7919));
  keys.push_back("");
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t h = c.hash(keys[i]);
    ASSERT_NE(h, 0u);
    ASSERT_EQ(c.find(keys[i], h), nullptr);
    EXPECT_EQ(*c.insert(keys[i], keys[(i + 1) % keys.size()], h), keys[(i + 1) % keys.size()]);
  }
  EXPECT_EQ(c.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view* v = c.find(keys[i], c.hash(keys[i]));
    ASSERT_NE(v, nullptr) << keys[i];
    EXPECT_EQ(*v, keys[(i + 1) % keys.size()]);
  }
  EXPECT_EQ(c.find("w1", c.hash("w1")), nullptr);
  // The same hash with another key is a miss, not a false hit.
  EXPECT_EQ(c.find("zz", c.hash(keys[3])), nullptr);
  c.clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.find(keys[0], c.hash(keys[0])), nullptr);
}
