// The keyword classifier against the tf-idf + linear SVM baseline, as
// `qclass baseline --metrics-json` (and `qclass study`) write it:
// {"keyword": metrics, "tfidf_svm": metrics}.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/classifier_uncertainty.hpp"
#include "eval/metrics.hpp"

namespace qc {

struct baseline_row {
  std::string classifier;  // "keyword", "tfidf_svm"
  std::uint64_t test_posts = 0;
  // Macro precision, recall, F1, then accuracy; empty when undefined.
  std::optional<double> precision, recall, f1, accuracy;
};

struct baseline_table {
  std::vector<baseline_row> rows;  // keyword first, then tfidf_svm
};

// Throws io_error, or parse_error (file:1) for invalid JSON, a missing
// classifier or metric, or a metric that is not a number or null.
baseline_table read_baseline(const std::string& path);

// {"keyword": metrics, "tfidf_svm": metrics} (metrics_json of each).
std::string baseline_json(const confusion_counts& keyword, const confusion_counts& svm,
                          const std::vector<std::string>& labels);

// The same with the comparison's uncertainty (DEFINITIONS.md 11): each
// classifier's metrics carry their "bootstrap" member (metrics_json) when
// u has intervals, and a third member follows:
//   "comparison":{"first":"keyword","second":"tfidf_svm",
//     "mcnemar":{"b":B,"c":C,"p_value":P},
//     "difference":{"objective":"macro_f1","resamples":..,"ci":..,"seed":..,
//                   "low":..,"high":..,"left_out":..}}
// ("difference" only with a bootstrap). b: posts only the keyword
// classifier gets exactly right, c: only the SVM.
std::string baseline_json(const confusion_counts& keyword, const confusion_counts& svm,
                          const std::vector<std::string>& labels, const paired_uncertainty& u);

// baseline_comparison.csv: classifier,test_posts,precision,recall,f1,accuracy.
std::string baseline_table_csv(const baseline_table& t);

}  // namespace qc
