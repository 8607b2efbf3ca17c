// Generated labeled posts for the backend tests: short posts of words
// "w0".."w{n_words-1}" (many empty ones, so many exact score ties), one label
// each and sometimes a second one, with the vocabulary (min_df 1) and the
// term matrix built from them. The same state gives the same posts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "train/training.hpp"

namespace qc_test {

struct random_posts {
  std::vector<std::vector<int>> labels;
  qc::vocabulary vocab;
  qc::term_matrix matrix;
  std::vector<std::size_t> rows;  // 0 .. n-1
};

// state: the generator's starting state; each post has rnd() % max_len
// words; with second_labels, one post in four also gets the next label.
inline random_posts make_random_posts(std::uint64_t state, std::size_t n, std::uint64_t max_len,
                                      std::uint64_t n_words, int n_labels, bool second_labels) {
  auto rnd = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  qc::tokenized_corpus c;
  random_posts r;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<std::string> toks;
    const std::uint64_t len = rnd() % max_len;
    for (std::uint64_t k = 0; k < len; ++k) toks.push_back("w" + std::to_string(rnd() % n_words));
    c.add_post(toks);
    r.labels.push_back({static_cast<int>(rnd() % static_cast<std::uint64_t>(n_labels))});
    if (second_labels && rnd() % 4 == 0)
      r.labels.back().push_back((r.labels.back()[0] + 1) % n_labels);
  }
  qc::vocab_options o;
  o.min_df = 1;
  r.vocab = qc::vocabulary::build(c, o);
  r.matrix = qc::term_matrix::build(c, r.vocab, 1);
  r.rows.resize(n);
  for (std::size_t i = 0; i < n; ++i) r.rows[i] = i;
  return r;
}

}  // namespace qc_test
