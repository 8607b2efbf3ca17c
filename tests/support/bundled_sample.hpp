// The bundled labeled posts (data/dl_bug_classification.jsonl) read with the
// default text settings, and their keywords: for tests that train on real posts.
#pragma once
#include <string>
#include <vector>

#include "model/keywords.hpp"
#include "train/training.hpp"

namespace qc_test {

struct bundled_sample {
  qc::text_resources res;
  qc::labeled_data data;
  std::vector<qc::keyword_entry> keywords;
};

inline bundled_sample load_bundled_sample() {
  const std::string root = QC_SOURCE_DIR;
  bundled_sample s;
  s.res = qc::load_text_resources(qc::text_options{});
  s.data = qc::load_labeled({root + "/data/dl_bug_classification.jsonl"}, qc::pipeline_options{},
                            qc::normalize_options{}, s.res, nullptr);
  s.keywords = qc::read_keywords_file(root + "/data/keywords/dl_bug_classification.tsv");
  return s;
}

}  // namespace qc_test
