// The cross-validation metrics file (`train --folds ... --metrics-json`,
// `baseline --folds ... --metrics-json`):
//   {"k":5,"repeats":1,"seed":0,
//    "folds":[{"repeat":0,"fold":0,"n_train":480,"n_test":120,
//              "test_ids":[...],"metrics":{...}},...],
//    "mean":{...},"std":{...}}
// Each fold's "metrics" is the single-split file's object (metrics_json,
// or baseline_json's pair); "mean" and "std" use the same metric names
// (kSummaryMetrics), nested per classifier for the baseline.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "eval/cross_validation.hpp"

namespace qc {

struct cv_fold_record {
  std::size_t repeat = 0, fold = 0, n_train = 0, n_test = 0;
  std::vector<std::string> test_ids;  // id JSON text, input order
  std::string metrics;                // JSON text
};

// The records of trained folds; metrics_of(i) gives fold i's metrics JSON.
template <class MetricsOf>
std::vector<cv_fold_record> cv_fold_records(const std::vector<trained_fold>& folds,
                                            MetricsOf&& metrics_of) {
  std::vector<cv_fold_record> out;
  for (std::size_t i = 0; i < folds.size(); ++i) {
    const trained_fold& f = folds[i];
    out.push_back(cv_fold_record{f.repeat, f.fold, f.t.train_rows.size(), f.t.test_rows.size(),
                                 f.t.model.test_ids, metrics_of(i)});
  }
  return out;
}

// One line of JSON (no trailing newline). `summaries` holds one unnamed
// summary (its name empty: "mean" and "std" are metric objects) or several
// named ones ("mean": {"keyword": {...}, "tfidf_svm": {...}}).
std::string cv_metrics_json(const cv_spec& cv, const std::vector<cv_fold_record>& folds,
                            const std::vector<std::pair<std::string, metric_summary>>& summaries);

// A summary's values as one JSON object of kSummaryMetrics.
std::string metric_values_json(const metric_values& v);

}  // namespace qc
