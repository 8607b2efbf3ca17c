// Vocabulary selection.
#include "model/vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "qc/core/error.hpp"

namespace qc {

vocabulary vocabulary::build(const tokenized_corpus& corpus, const vocab_options& opts) {
  if (!(opts.max_df_frac > 0.0 && opts.max_df_frac <= 1.0))
    throw usage_error("--max-df-frac must be in (0, 1]");
  const std::size_t n = corpus.n_posts();
  const double upper = std::floor(static_cast<double>(n) * opts.max_df_frac);
  const auto& df = corpus.df();
  const auto& dict = corpus.dictionary();
  std::vector<std::uint32_t> keep;
  for (std::uint32_t id = 0; id < df.size(); ++id) {
    if (df[id] >= opts.min_df && static_cast<double>(df[id]) <= upper) keep.push_back(id);
  }
  std::sort(keep.begin(), keep.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (df[a] != df[b]) return df[a] > df[b];
    return dict.word(a) < dict.word(b);
  });
  if (keep.size() > opts.max_vocab) keep.resize(opts.max_vocab);
  std::vector<std::string> words;
  std::vector<std::uint32_t> dfs;
  words.reserve(keep.size());
  dfs.reserve(keep.size());
  for (std::uint32_t id : keep) {
    words.push_back(dict.word(id));
    dfs.push_back(df[id]);
  }
  vocabulary v = from_words(std::move(words), std::move(dfs));
  v.n_docs_ = n;
  return v;
}

vocabulary vocabulary::from_words(std::vector<std::string> words, std::vector<std::uint32_t> df) {
  vocabulary v;
  v.words_ = std::move(words);
  v.df_ = std::move(df);
  v.df_.resize(v.words_.size(), 0);
  v.build_index();
  return v;
}

vocabulary::vocabulary(const vocabulary& o) : words_(o.words_), df_(o.df_), n_docs_(o.n_docs_) {
  build_index();
}

vocabulary& vocabulary::operator=(const vocabulary& o) {
  if (this != &o) {
    words_ = o.words_;
    df_ = o.df_;
    n_docs_ = o.n_docs_;
    build_index();
  }
  return *this;
}

void vocabulary::build_index() {
  index_.clear();
  index_.reserve(words_.size());
  for (std::size_t i = 0; i < words_.size(); ++i) {
    const std::uint64_t h = index_.hash(words_[i]);
    if (index_.find(words_[i], h)) throw error("vocabulary has the word '" + words_[i] + "' twice");
    index_.insert(words_[i], static_cast<std::int32_t>(i), h);
  }
}

std::int32_t vocabulary::id_of(std::string_view w) const {
  const std::int32_t* id = index_.find(w);
  return id ? *id : -1;
}

std::vector<std::int32_t> vocabulary::columns_for(const term_dictionary& dict) const {
  std::vector<std::int32_t> cols(dict.size());
  for (std::uint32_t id = 0; id < dict.size(); ++id) cols[id] = id_of(dict.word(id));
  return cols;
}

}  // namespace qc
