// Scoring's path from posts straight to term matrices (post_matrix_builder,
// term_id_normalizer) gives exactly the matrix of the general path: the
// normalizer's token lists looked up in the vocabulary (from_token_lists),
// for every thread count, batch after batch, with every text option. The
// token batches of tokenize_files (interned per batch) give the same tokens.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "bundled_posts.hpp"
#include "io/post_source.hpp"
#include "matrix/post_matrix_builder.hpp"
#include "model/tokenized_corpus.hpp"
#include "text/token_pipeline.hpp"

namespace {

using qc_test::bundled_posts;
using qc_test::every_text_option;
using qc_test::have_wordnet;

// The general path: token lists, then the vocabulary's ids.
qc::term_matrix via_token_lists(const std::vector<qc::post>& posts, const qc::vocabulary& v,
                                const qc::normalize_options& o, const qc::text_resources& res) {
  qc::normalizer n(o, res);
  std::vector<std::vector<std::string>> lists;
  for (const auto& p : posts) {
    const auto& t = n.tokens(p);
    lists.emplace_back(t.begin(), t.end());
  }
  return qc::term_matrix::from_token_lists(lists, v, 1);
}

// A vocabulary of the posts' words with df >= 3, at most `size` words (so
// many tokens fall outside it).
qc::vocabulary vocabulary_of(const std::vector<qc::post>& posts, const qc::normalize_options& o,
                             const qc::text_resources& res, std::size_t size) {
  qc::normalizer n(o, res);
  qc::tokenized_corpus c;
  for (const auto& p : posts) {
    const auto& t = n.tokens(p);
    c.add_post(std::vector<std::string>(t.begin(), t.end()));
  }
  qc::vocab_options vo;
  vo.min_df = 3;
  vo.max_vocab = size;
  return qc::vocabulary::build(c, vo);
}

void expect_same(const qc::term_matrix& a, const qc::term_matrix& b) {
  ASSERT_EQ(a.n_cols(), b.n_cols());
  ASSERT_EQ(a.row_ptr(), b.row_ptr());
  ASSERT_EQ(a.col_idx(), b.col_idx());
  ASSERT_EQ(a.values(), b.values());
}

class post_matrix_builder_test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_wordnet()) GTEST_SKIP() << "WordNet not found at " << qc::lemmatizer::default_dir();
    res_ = qc::load_text_resources(qc::text_options{});
    posts_ = bundled_posts();
  }
  qc::text_resources res_;
  std::vector<qc::post> posts_;
};

TEST_F(post_matrix_builder_test, same_matrix_as_token_lists_for_every_thread_count) {
  ASSERT_GT(posts_.size(), 3600u);
  const qc::normalize_options o;
  for (const std::size_t size : {std::size_t{200}, std::size_t{20000}}) {
    const qc::vocabulary v = vocabulary_of(posts_, o, res_, size);
    const qc::term_matrix want = via_token_lists(posts_, v, o, res_);
    ASSERT_GT(want.nnz(), 1000);
    for (const unsigned threads : {1u, 2u, 3u}) {
      qc::post_matrix_builder b(o, res_, v, threads);
      expect_same(b.build(posts_), want);
      expect_same(b.build(posts_), want);  // warm caches, reused buffers
    }
  }
}

// Rows made ahead by prepare() (on the parsing threads, when scoring) give
// the matrix build() makes itself: every post prepared, some of them, or
// none.
TEST_F(post_matrix_builder_test, prepared_rows_give_the_same_matrix) {
  const qc::normalize_options o;
  const qc::vocabulary v = vocabulary_of(posts_, o, res_, 2000);
  const qc::term_matrix want = via_token_lists(posts_, v, o, res_);
  for (const unsigned threads : {1u, 3u}) {
    qc::post_matrix_builder b(o, res_, v, threads);
    ASSERT_EQ(b.threads(), threads);
    for (const std::size_t every : {std::size_t{1}, std::size_t{2}, std::size_t{7}}) {
      std::vector<qc::post> posts = posts_;
      for (std::size_t i = 0; i < posts.size(); i += every) {
        b.prepare(posts[i], static_cast<unsigned>(i % threads));
        ASSERT_TRUE(posts[i].prepared);
        ASSERT_TRUE(posts[i].row.ints) << i;
      }
      expect_same(b.build(posts), want);
    }
  }
  // A post over kPrepareBytes is left to build() (memory: README, Limits).
  std::vector<qc::post> huge{posts_[0], posts_[1]};
  while (huge[1].body.size() <= qc::post_matrix_builder::kPrepareBytes)
    huge[1].body += posts_[huge[1].body.size() % 97].body;
  qc::post_matrix_builder b(o, res_, v, 2);
  b.prepare(huge[0], 0);
  b.prepare(huge[1], 1);
  EXPECT_TRUE(huge[0].prepared);
  EXPECT_FALSE(huge[1].prepared);
  EXPECT_FALSE(huge[1].body.empty());
  std::vector<qc::post> plain{posts_[0], huge[1]};
  expect_same(b.build(huge), via_token_lists(plain, v, o, res_));
}

// `m` with only the flagged columns of each row (what scoring keeps).
qc::term_matrix only_kept(const qc::term_matrix& m, const std::vector<std::uint8_t>& kept) {
  std::vector<std::int64_t> row_ptr{0};
  std::vector<std::int32_t> cols, vals;
  for (std::size_t r = 0; r + 1 < m.row_ptr().size(); ++r) {
    for (auto i = m.row_ptr()[r]; i < m.row_ptr()[r + 1]; ++i) {
      const auto at = static_cast<std::size_t>(i);
      if (!kept[static_cast<std::size_t>(m.col_idx()[at])]) continue;
      cols.push_back(m.col_idx()[at]);
      vals.push_back(m.values()[at]);
    }
    row_ptr.push_back(static_cast<std::int64_t>(cols.size()));
  }
  return qc::term_matrix::from_parts(m.n_cols(), std::move(row_ptr), std::move(cols),
                                     std::move(vals));
}

// With kept flags, rows hold only the flagged columns, with their counts,
// whether prepared or built, on any thread count; the rest are dropped like
// words outside the vocabulary.
TEST_F(post_matrix_builder_test, kept_columns_only) {
  const qc::normalize_options o;
  const qc::vocabulary v = vocabulary_of(posts_, o, res_, 2000);
  std::vector<std::uint8_t> kept(v.size(), 0);
  for (std::size_t c = 0; c < kept.size(); c += 3) kept[c] = 1;  // a third, common and rare
  const qc::term_matrix all = via_token_lists(posts_, v, o, res_);
  const qc::term_matrix want = only_kept(all, kept);
  ASSERT_GT(want.nnz(), 1000);
  ASSERT_LT(want.nnz(), all.nnz());
  for (const unsigned threads : {1u, 2u, 3u}) {
    qc::post_matrix_builder b(o, res_, v, threads, kept);
    expect_same(b.build(posts_), want);
    std::vector<qc::post> posts = posts_;
    for (std::size_t i = 0; i < posts.size(); i += 2)
      b.prepare(posts[i], static_cast<unsigned>(i % threads));
    expect_same(b.build(posts), want);
  }
  EXPECT_THROW(qc::post_matrix_builder(o, res_, v, 1, std::vector<std::uint8_t>(v.size() + 1, 1)),
               qc::error);
}

TEST_F(post_matrix_builder_test, same_in_batches_of_every_size) {
  const qc::normalize_options o;
  const qc::vocabulary v = vocabulary_of(posts_, o, res_, 1000);
  qc::post_matrix_builder b(o, res_, v, 2);
  for (const std::size_t batch :
       {std::size_t{1}, std::size_t{63}, std::size_t{64}, std::size_t{65}, std::size_t{1000}}) {
    for (std::size_t at = 0; at < posts_.size(); at += batch * 7) {
      const std::vector<qc::post> part(
          posts_.begin() + static_cast<std::ptrdiff_t>(at),
          posts_.begin() + static_cast<std::ptrdiff_t>(std::min(posts_.size(), at + batch)));
      expect_same(b.build(part), via_token_lists(part, v, o, res_));
    }
  }
  EXPECT_EQ(b.build({}).n_rows(), 0);
}

TEST_F(post_matrix_builder_test, same_under_every_text_option) {
  const std::vector<qc::normalize_options> opts = every_text_option();
  for (const auto& o : opts) {
    const qc::vocabulary v = vocabulary_of(posts_, o, res_, 3000);
    qc::post_matrix_builder b(o, res_, v, 2);
    expect_same(b.build(posts_), via_token_lists(posts_, v, o, res_));
  }
}

// tokenize_files interns each batch's words: every post's tokens are the
// normalizer's, and a corpus built from the batches' indices equals one built
// token by token, for every thread count and batch size.
TEST_F(post_matrix_builder_test, token_batches_interned_per_batch) {
  const qc::normalize_options o;
  qc::normalizer n(o, res_);
  qc::tokenized_corpus want;
  for (const auto& p : posts_) want.add_post(n.tokens(p));
  std::vector<std::string> files;
  for (const char* f : {"/data/dl_bug_classification.jsonl", "/data/pytorch_sample.jsonl",
                        "/tests/data/normalizer_edge_cases.jsonl"})
    files.push_back(std::string(QC_SOURCE_DIR) + f);
  for (const unsigned threads : {1u, 2u, 3u}) {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{100}, std::size_t{4096}}) {
      qc::pipeline_options po;
      po.threads = threads;
      po.batch_posts = batch;
      qc::tokenized_corpus got;
      std::size_t row = 0;
      qc::tokenize_files(files, po, o, res_, [&](qc::token_batch& b) {
        ASSERT_EQ(b.offsets.size(), b.posts.size() + 1);
        for (std::size_t i = 0; i < b.posts.size(); ++i, ++row) {
          const auto& t = n.tokens(posts_[row]);
          ASSERT_EQ(b.tokens_of(i), std::vector<std::string>(t.begin(), t.end())) << row;
        }
        got.add_posts(b.words, b.ids, b.offsets);
      });
      ASSERT_EQ(row, posts_.size());
      ASSERT_EQ(got.ids(), want.ids());
      ASSERT_EQ(got.offsets(), want.offsets());
      ASSERT_EQ(got.df(), want.df());
      ASSERT_EQ(got.dictionary().size(), want.dictionary().size());
      for (std::uint32_t w = 0; w < want.dictionary().size(); ++w)
        ASSERT_EQ(got.dictionary().word(w), want.dictionary().word(w));
    }
  }
}

}  // namespace
