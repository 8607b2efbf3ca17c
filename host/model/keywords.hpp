// User files that steer training: manual keywords per category and an
// optional map from fine labels to categories (DEFINITIONS.md 5).
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "text/normalizer.hpp"

namespace qc {

// Keywords TSV: `category<TAB>kw1,kw2,...`; blank lines and lines whose first
// non-blank character is '#' are skipped; categories and keywords are
// stripped; empty keywords skipped; repeated lines add to the category's set.
struct keyword_entry {
  std::string category;
  std::vector<std::string> keywords;  // raw, as written
  std::size_t line = 0;
};
// Throws parse_error (file:line) for a line without a TAB or with an empty
// category, and io_error when the file cannot be read; invalid UTF-8 is a parse_error.
std::vector<keyword_entry> read_keywords_file(const std::string& path);

// Each keyword normalized as plain text with the model's settings; every
// resulting token becomes a keyword of the category (a set per category).
// The normalizer's cache starts over every 65,536 keywords, so a file of
// millions of distinct keywords costs the sets, not a cache of them all.
std::map<std::string, std::set<std::string>> normalize_keywords(
    const std::vector<keyword_entry>& entries, const normalize_options& opts,
    const text_resources& res);

// Label map TSV: `fine_label<TAB>category`. An empty category (or `-`) drops
// the label. Same comment and blank-line rules as the keywords file.
class label_map {
 public:
  static label_map read(const std::string& path);  // throws parse_error / io_error
  // Maps a post's labels (deduplicated, first kept). Throws parse_error naming
  // the map file when a label is not in the map.
  std::vector<std::string> apply(const std::vector<std::string>& labels,
                                 const std::string& post_file, std::size_t post_line) const;
  bool empty() const { return map_.empty(); }

 private:
  std::string path_;
  std::map<std::string, std::string> map_;
};

}  // namespace qc
