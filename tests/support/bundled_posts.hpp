// Every bundled post (the labeled sample, the pytorch sample and the
// normalizer's edge cases) as posts, and whether WordNet is installed: for
// tests that compare two paths from posts to tokens.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "text/lemmatizer.hpp"

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

}  // namespace qc_test
