// Posts as lists of interned token ids, with document frequencies: the input
// of vocabulary building (DEFINITIONS.md 4) and of the term matrix.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qc {

// Interns token strings to dense ids in first-seen order.
class term_dictionary {
 public:
  std::uint32_t intern(std::string_view w);
  // -1 when absent.
  std::int64_t find(std::string_view w) const;
  const std::string& word(std::uint32_t id) const { return words_[id]; }
  std::size_t size() const { return words_.size(); }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> words_;
};

class tokenized_corpus {
 public:
  tokenized_corpus() { offsets_.push_back(0); }
  // Appends one post (its normalized tokens in order).
  template <class Range>
  void add_post(const Range& tokens) {
    for (const auto& t : tokens) add_token(dict_.intern(t));
    offsets_.push_back(ids_.size());
  }
  // Appends posts whose tokens are indices into `words`: post i's are
  // words[ids[k]] for k in [offsets[i], offsets[i + 1]). Each word is
  // interned once, not once per token.
  void add_posts(const std::vector<std::string>& words, const std::vector<std::uint32_t>& ids,
                 const std::vector<std::size_t>& offsets);

  std::size_t n_posts() const { return offsets_.size() - 1; }
  std::size_t n_tokens() const { return ids_.size(); }
  const term_dictionary& dictionary() const { return dict_; }
  // Document frequency of each dictionary id.
  const std::vector<std::uint32_t>& df() const { return df_; }
  const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  const std::vector<std::uint32_t>& ids() const { return ids_; }

 private:
  // The current post's next token, by dictionary id.
  void add_token(std::uint32_t id) {
    const auto doc = static_cast<std::uint32_t>(offsets_.size() - 1);
    if (id >= df_.size()) {
      df_.push_back(0);
      last_doc_.push_back(UINT32_MAX);
    }
    if (last_doc_[id] != doc) {
      last_doc_[id] = doc;
      ++df_[id];
    }
    ids_.push_back(id);
  }

  term_dictionary dict_;
  std::vector<std::uint64_t> offsets_;
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint32_t> df_;
  std::vector<std::uint32_t> last_doc_;
};

}  // namespace qc
