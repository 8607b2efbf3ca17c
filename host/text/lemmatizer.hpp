// WordNet lemmatizer that agrees exactly with NLTK 3.8's WordNetLemmatizer
// over the WordNet 3.0 files (DEFINITIONS.md 2.2).
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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

  // morphy(w) exactly as DEFINITIONS.md 2.2 (exposed for tests).
  std::vector<std::string> morphy(std::string_view word, wn_pos pos) const;

private:
  struct table {
    std::unordered_set<std::string> db;
    std::unordered_map<std::string, std::vector<std::string>> exc;
  };
  const table& of(wn_pos pos) const { return pos == wn_pos::noun ? noun_ : verb_; }
  table noun_;
  table verb_;
};

}  // namespace qc
