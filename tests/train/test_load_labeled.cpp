// Training's path from posts to the tokenized corpus (load_labeled) gives
// exactly the words of normalizer::tokens(), in input order, for every
// thread count and batch size.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bundled_posts.hpp"
#include "io/post_source.hpp"
#include "text/token_pipeline.hpp"
#include "train/training.hpp"

namespace {

const std::string kLabeled = std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl";

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

TEST(load_labeled, is_the_same_for_every_thread_count_and_batch) {
  if (!qc_test::have_wordnet())
    GTEST_SKIP() << "WordNet not found at " << qc::lemmatizer::default_dir();
  const qc::text_resources res = qc::load_text_resources(qc::text_options{});
  const qc::normalize_options o;
  qc::normalizer n(o, res);
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
      const qc::labeled_data d = qc::load_labeled({kLabeled}, po, o, res, nullptr);
      ASSERT_EQ(posts_words(d.corpus), want) << threads << " threads, batch " << batch;
      ASSERT_EQ(d.ids.size(), 600u);
      EXPECT_EQ(d.where[599], kLabeled + ":600");
      // Words are numbered in order of first appearance, whatever the threads.
      EXPECT_EQ(d.corpus.dictionary().word(0), want[0][0]);
    }
  }
}

}  // namespace
