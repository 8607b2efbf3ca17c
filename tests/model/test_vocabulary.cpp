// DEFINITIONS.md 4: document frequencies, thresholds, order, cap.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "corpus_of.hpp"
#include "model/vocabulary.hpp"
#include "qc/core/error.hpp"

namespace {

using V = std::vector<std::string>;

TEST(tokenized_corpus, document_frequency_counts_posts_not_occurrences) {
  const auto c = corpus_of({{"a", "a", "b"}, {"b"}, {}, {"c", "a"}});
  EXPECT_EQ(c.n_posts(), 4u);
  EXPECT_EQ(c.n_tokens(), 6u);
  const auto& d = c.dictionary();
  EXPECT_EQ(c.df()[static_cast<std::size_t>(d.find("a"))], 2u);
  EXPECT_EQ(c.df()[static_cast<std::size_t>(d.find("b"))], 2u);
  EXPECT_EQ(c.df()[static_cast<std::size_t>(d.find("c"))], 1u);
  EXPECT_EQ(d.find("zzz"), -1);
}

TEST(vocabulary, min_df_sort_and_cap) {
  std::vector<V> posts(6);
  for (int i = 0; i < 6; ++i) posts[i] = {"common", "zeta"};
  for (int i = 0; i < 5; ++i) posts[i].push_back("alpha");
  for (int i = 0; i < 5; ++i) posts[i].push_back("beta");
  for (int i = 0; i < 4; ++i) posts[i].push_back("rare");
  const auto c = corpus_of(posts);
  qc::vocab_options o;
  auto v = qc::vocabulary::build(c, o);
  // df desc, then token bytewise asc; "rare" (df 4) is below min_df 5.
  EXPECT_EQ(v.words(), (V{"common", "zeta", "alpha", "beta"}));
  EXPECT_EQ(v.df(), (std::vector<std::uint32_t>{6, 6, 5, 5}));
  EXPECT_EQ(v.id_of("alpha"), 2);
  EXPECT_EQ(v.id_of("rare"), -1);
  o.max_vocab = 3;
  EXPECT_EQ(qc::vocabulary::build(c, o).words(), (V{"common", "zeta", "alpha"}));
  o.max_vocab = 0;
  EXPECT_EQ(qc::vocabulary::build(c, o).size(), 0u);
  o = {};
  o.min_df = 1;
  EXPECT_EQ(qc::vocabulary::build(c, o).size(), 5u);
}

TEST(vocabulary, max_df_fraction_uses_floor) {
  // N = 6, M = 0.5: keep df <= 3.
  std::vector<V> posts(6);
  for (int i = 0; i < 3; ++i) posts[i].push_back("three");
  for (int i = 0; i < 4; ++i) posts[i].push_back("four");
  const auto c = corpus_of(posts);
  qc::vocab_options o;
  o.min_df = 1;
  o.max_df_frac = 0.5;
  EXPECT_EQ(qc::vocabulary::build(c, o).words(), (V{"three"}));
  o.max_df_frac = 0.0;
  EXPECT_THROW(qc::vocabulary::build(c, o), qc::usage_error);
}

TEST(vocabulary, empty_corpus_and_bytewise_order) {
  EXPECT_EQ(qc::vocabulary::build(corpus_of({}), {}).size(), 0u);
  qc::vocab_options o;
  o.min_df = 1;
  // '<' (0x3C) sorts before digits and letters, '_' (0x5F) before lowercase.
  const auto v = qc::vocabulary::build(corpus_of({{"b", "_x", "<digit>", "a1", "B"}}), o);
  EXPECT_EQ(v.words(), (V{"<digit>", "B", "_x", "a1", "b"}));
}

TEST(vocabulary, from_words_rejects_duplicates) {
  EXPECT_THROW(qc::vocabulary::from_words({"a", "a"}, {1, 1}), qc::error);
  const auto v = qc::vocabulary::from_words({"x", "y"}, {2, 1});
  EXPECT_EQ(v.id_of("y"), 1);
}

}  // namespace

// The index holds views of the words: copies and moves keep working after
// the original is gone (long words too, beyond the small-string buffer).
TEST(vocabulary, copies_and_moves_outlive_the_original) {
  std::vector<std::string> words;
  for (int i = 0; i < 300; ++i)
    words.push_back("word_" + std::string(i % 40, 'x') + std::to_string(i));
  qc::vocabulary copy, moved;
  {
    auto v = std::make_unique<qc::vocabulary>(qc::vocabulary::from_words(words, {}));
    copy = *v;
    const qc::vocabulary copy2(*v);
    moved = std::move(*v);
    v.reset();
    EXPECT_EQ(copy2.id_of(words[7]), 7);
  }
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(copy.id_of(words[static_cast<std::size_t>(i)]), i);
    EXPECT_EQ(moved.id_of(words[static_cast<std::size_t>(i)]), i);
  }
  EXPECT_EQ(copy.id_of("absent"), -1);
  EXPECT_EQ(copy.id_of(""), -1);
}
