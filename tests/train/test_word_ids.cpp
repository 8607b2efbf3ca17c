// Training's path from posts to the tokenized corpus (word_id_normalizer,
// load_labeled) gives exactly the words of normalizer::tokens(), in input
// order, for every thread count, batch size and text option, without a
// string per token.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bundled_posts.hpp"
#include "io/post_source.hpp"
#include "text/token_pipeline.hpp"
#include "train/training.hpp"
#include "train/word_ids.hpp"

namespace {

const std::string kLabeled = std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl";

using qc_test::bundled_posts;
using qc_test::every_text_option;
using qc_test::have_wordnet;

std::vector<std::string> words_of(const qc::word_id_normalizer& n,
                                  const std::vector<std::uint32_t>& ids) {
  std::vector<std::string> out;
  for (std::string_view w : qc::word_id_range(n, ids)) out.emplace_back(w);
  return out;
}

// The corpus as plain lists: each post's words, in order.
std::vector<std::vector<std::string>> posts_words(const qc::tokenized_corpus& c) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t p = 0; p < c.n_posts(); ++p) {
    out.emplace_back();
    for (std::uint64_t i = c.offsets()[p]; i < c.offsets()[p + 1]; ++i)
      out.back().push_back(c.dictionary().word(c.ids()[i]));
  }
  return out;
}

class word_ids_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_wordnet()) GTEST_SKIP() << "WordNet not found at " << qc::lemmatizer::default_dir();
    res_ = qc::load_text_resources(qc::text_options{});
  }
  qc::text_resources res_;
};

TEST_F(word_ids_test, same_words_as_the_normalizer_under_every_text_option) {
  const std::vector<qc::post> posts = bundled_posts();
  ASSERT_GT(posts.size(), 3600u);
  const std::vector<qc::normalize_options> opts = every_text_option();
  std::size_t words = 0;
  for (const auto& o : opts) {
    qc::normalizer want(o, res_);
    qc::word_id_normalizer got(o, res_);
    for (int pass = 0; pass < 2; ++pass) {  // the second with warm caches
      for (const auto& p : posts) {
        std::vector<std::uint32_t> ids;
        got.append_words(p, ids);
        const auto& t = want.tokens(p);
        ASSERT_EQ(words_of(got, ids), std::vector<std::string>(t.begin(), t.end())) << p.id_json;
        words += ids.size();
      }
      got.trim();
    }
  }
  EXPECT_GT(words, 100000u);
}

TEST_F(word_ids_test, load_labeled_is_the_same_for_every_thread_count_and_batch) {
  const qc::normalize_options o;
  qc::normalizer n(o, res_);
  std::vector<std::vector<std::string>> want;
  for (const auto& p : qc::read_all_posts(kLabeled, {})) {
    const auto& t = n.tokens(p);
    want.emplace_back(t.begin(), t.end());
  }
  ASSERT_EQ(want.size(), 600u);
  for (const unsigned threads : {1u, 2u, 3u}) {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{4096}}) {
      qc::pipeline_options po;
      po.threads = threads;
      po.batch_posts = batch;
      const qc::labeled_data d = qc::load_labeled({kLabeled}, po, o, res_, nullptr);
      ASSERT_EQ(posts_words(d.corpus), want) << threads << " threads, batch " << batch;
      ASSERT_EQ(d.ids.size(), 600u);
      EXPECT_EQ(d.where[599], kLabeled + ":600");
      // Words are numbered in order of first appearance, whatever the threads.
      EXPECT_EQ(d.corpus.dictionary().word(0), want[0][0]);
    }
  }
}

}  // namespace
