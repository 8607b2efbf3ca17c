// Every bundled post (the labeled sample, the pytorch sample and the
// normalizer's edge cases) as posts, whether WordNet is installed, and the
// text options to try: for tests that compare two paths from posts to tokens.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "text/lemmatizer.hpp"
#include "text/normalizer.hpp"

namespace qc_test {

inline bool have_wordnet() {
  return std::filesystem::exists(qc::lemmatizer::default_dir() + "/index.verb");
}

inline std::vector<qc::post> bundled_posts() {
  std::vector<qc::post> all;
  for (const char* f : {"/data/dl_bug_classification.jsonl", "/data/pytorch_sample.jsonl",
                        "/tests/data/normalizer_edge_cases.jsonl"}) {
    const auto posts = qc::read_all_posts(std::string(QC_SOURCE_DIR) + f, {});
    all.insert(all.end(), posts.begin(), posts.end());
  }
  return all;
}

// The default text options and one variation of each.
inline std::vector<qc::normalize_options> every_text_option() {
  std::vector<qc::normalize_options> opts(5);
  opts[1].title_only = true;
  opts[2].keep_code = true;
  opts[3].lemma = qc::lemma_mode::none;
  opts[4].lemma = qc::lemma_mode::v;
  opts[4].body = qc::body_format::text;
  return opts;
}

}  // namespace qc_test
