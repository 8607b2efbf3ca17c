// Posts to word ids, for training: one per thread, a cache maps each
// distinct raw token to the id of its normalized word in this object's own
// word list (or to "dropped"), so a post becomes a list of 4-byte ids rather
// than a string per token, and the corpus then interns the words in input
// order. The words come out exactly as normalizer::tokens() gives them.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/token_id_map.hpp"
#include "model/tokenized_corpus.hpp"
#include "text/normalizer.hpp"

namespace qc {

class word_id_normalizer {
 public:
  word_id_normalizer(const normalize_options& opts, const text_resources& res);

  // Appends the ids of p's normalized tokens, in token order.
  void append_words(const post& p, std::vector<std::uint32_t>& out);
  std::string_view word(std::uint32_t id) const { return words_.word(id); }
  // Forgets the cache and the words once they are large. Ids given out
  // before die with it: call it only when none is still needed.
  void trim();

 private:
  std::int32_t word_of_new(std::string_view raw, std::uint64_t h);  // a cache miss
  normalizer norm_;
  token_id_map cache_;  // raw token -> word id, or -1 (dropped)
  term_dictionary words_;
};

// The words of one post's ids, as a range of string views (for
// tokenized_corpus::add_post) that makes no list of them.
class word_id_range {
 public:
  word_id_range(const word_id_normalizer& n, const std::vector<std::uint32_t>& ids)
      : n_(&n), ids_(&ids) {}
  class iterator {
   public:
    iterator(const word_id_normalizer* n, const std::uint32_t* p) : n_(n), p_(p) {}
    std::string_view operator*() const { return n_->word(*p_); }
    iterator& operator++() {
      ++p_;
      return *this;
    }
    bool operator!=(const iterator& o) const { return p_ != o.p_; }

   private:
    const word_id_normalizer* n_;
    const std::uint32_t* p_;
  };
  iterator begin() const { return {n_, ids_->data()}; }
  iterator end() const { return {n_, ids_->data() + ids_->size()}; }

 private:
  const word_id_normalizer* n_;
  const std::vector<std::uint32_t>* ids_;
};

}  // namespace qc
