// The vocabulary (DEFINITIONS.md 4): words with df >= min_df and
// df <= floor(N * max_df_frac), sorted by (df descending, token bytewise
// ascending), the first max_vocab kept. A word's id is its rank.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_view_map.hpp"
#include "model/tokenized_corpus.hpp"

namespace qc {

struct vocab_options {
  std::uint32_t min_df = 5;
  std::size_t max_vocab = 20000;
  double max_df_frac = 1.0;  // 1 disables the upper limit
};

class vocabulary {
 public:
  vocabulary() = default;
  // The index holds views of words_: a copy builds its own, a move keeps
  // the strings where they are.
  vocabulary(const vocabulary& o);
  vocabulary& operator=(const vocabulary& o);
  vocabulary(vocabulary&&) noexcept = default;
  vocabulary& operator=(vocabulary&&) noexcept = default;
  ~vocabulary() = default;
  // Throws usage_error on invalid options (max_df_frac outside (0, 1]).
  static vocabulary build(const tokenized_corpus& corpus, const vocab_options& opts);
  // A vocabulary stored elsewhere (a model file): words in id order.
  static vocabulary from_words(std::vector<std::string> words, std::vector<std::uint32_t> df);

  std::size_t size() const { return words_.size(); }
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<std::uint32_t>& df() const { return df_; }
  // -1 when absent.
  std::int32_t id_of(std::string_view w) const;
  std::size_t n_docs() const { return n_docs_; }

  // Maps each dictionary id of `dict` to its column, or -1.
  std::vector<std::int32_t> columns_for(const term_dictionary& dict) const;

 private:
  std::vector<std::string> words_;
  std::vector<std::uint32_t> df_;
  void build_index();  // throws error when a word appears twice
  string_view_map<std::int32_t> index_;
  std::size_t n_docs_ = 0;
};

}  // namespace qc
