// Stop-word lists: the built-in gensim 4.2 list (DEFINITIONS.md 2.3), none,
// or a user file with one word per line ('#' comments and blank lines skipped).
#pragma once
#include <string>
#include <string_view>
#include <unordered_set>

namespace qc {

class stopword_set {
 public:
  stopword_set() = default;
  // `spec` is "gensim" (default), "none", or a path to a word-per-line file.
  // Throws io_error if the file cannot be read.
  static stopword_set from_spec(const std::string& spec);
  static stopword_set gensim();

  bool contains(std::string_view w) const { return words_.count(std::string(w)) != 0; }
  std::size_t size() const { return words_.size(); }
  const std::string& name() const { return name_; }

 private:
  void add_lines(std::string_view text);
  std::unordered_set<std::string> words_;
  std::string name_ = "none";
};

// The embedded gensim 4.2 list, one word per line.
std::string_view gensim_stopwords_text();

}  // namespace qc
