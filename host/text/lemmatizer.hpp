// WordNet lemmatizer that agrees exactly with NLTK 3.8's WordNetLemmatizer
// over the WordNet 3.0 files (DEFINITIONS.md 2.2).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace qc {

enum class wn_pos { noun, verb };

class lemmatizer {
 public:
  // Loads index.noun, index.verb, noun.exc and verb.exc from `dir`.
  // Throws qc::io_error naming the missing or unreadable file.
  static lemmatizer load(const std::string& dir);

  // The folder used when the user names none: $QC_WORDNET_DIR, else the
  // build's default (/usr/share/wordnet).
  static std::string default_dir();

  // L(w, pos): the first of the shortest elements of morphy(w), or w.
  std::string lemmatize(std::string_view word, wn_pos pos) const;

  // The `vn` rule of DEFINITIONS.md 2.1: v = L(w, verb); unless v is
  // "prosses" or "acsses", n = L(v, noun); the result is n when n != v and v
  // does not end in "ss", else v.
  std::string lemmatize_vn(std::string_view word) const;

  // morphy(w) exactly as DEFINITIONS.md 2.2 (exposed for tests).
  std::vector<std::string> morphy(std::string_view word, wn_pos pos) const;

  // A default-constructed lemmatizer has empty tables: every word is its
  // own lemma. Copies share the (immutable) loaded tables.
  lemmatizer() = default;

  // True when this and `other` use the same loaded tables: copies do, a
  // separate load() and a default-constructed lemmatizer do not.
  bool shares_tables_with(const lemmatizer& other) const noexcept {
    return data_ != nullptr && data_ == other.data_;
  }

 private:
  struct tables;
  struct table;
  const table* of(wn_pos pos) const;
  // L(w, pos) as a view into the tables, or `w` itself.
  static std::string_view lemma_view(const table* t, std::string_view w);
  std::shared_ptr<const tables> data_;
};

}  // namespace qc
