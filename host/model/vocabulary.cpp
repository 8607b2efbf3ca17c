// Vocabulary selection.
#include "model/vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"

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
  v.index_.reserve(v.words_.size());
  for (std::size_t i = 0; i < v.words_.size(); ++i) {
    if (!v.index_.emplace(v.words_[i], static_cast<std::int32_t>(i)).second)
      throw error("vocabulary has the word '" + v.words_[i] + "' twice");
  }
  return v;
}

std::int32_t vocabulary::id_of(std::string_view w) const {
  const auto it = index_.find(std::string(w));
  return it == index_.end() ? -1 : it->second;
}

std::vector<std::int32_t> vocabulary::columns_for(const term_dictionary& dict) const {
  std::vector<std::int32_t> cols(dict.size());
  for (std::uint32_t id = 0; id < dict.size(); ++id) cols[id] = id_of(dict.word(id));
  return cols;
}

}  // namespace qc
