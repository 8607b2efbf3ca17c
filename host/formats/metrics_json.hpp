// The metrics file (`train/eval --metrics-json`, study's metrics.json), and
// the metrics inside baseline.json.
#pragma once
#include <string>
#include <vector>

#include "eval/classifier_uncertainty.hpp"
#include "eval/metrics.hpp"

namespace qc {

// The metrics as one JSON object (one line, no trailing newline):
//   {"n_posts":N,"n_labels":L,
//    "precision":..,"recall":..,"f1":..,            standard macro
//    "micro_precision":..,"micro_recall":..,"micro_f1":..,
//    "accuracy":..,
//    "study_precision":..,"study_recall":..,"study_f1":..,
//    "categories":[{"label":"..","support":TP+FN,"tp":..,"fp":..,"fn":..,
//                   "precision":..,"recall":..,"f1":..,
//                   "study_precision":sp,"study_recall":sr},...]}
// Doubles are written as the shortest round-trip decimal (format_double);
// absent values as null. `labels` must have L entries.
std::string metrics_json(const confusion_counts& counts, const metrics& m,
                         const std::vector<std::string>& labels);

// The same object with one more member last, when `intervals` is given
// (--bootstrap B; DEFINITIONS.md 11):
//   "bootstrap":{"resamples":B,"ci":C,"seed":S,
//                "accuracy":estimate,"f1":estimate,"micro_f1":estimate}
// where an estimate is {"low":..,"high":..,"left_out":k} (low and high null
// when every resample's value was null).
std::string metrics_json(const confusion_counts& counts, const metrics& m,
                         const std::vector<std::string>& labels, const metric_intervals* intervals);

// One estimate as above.
std::string estimate_json(const bootstrap_estimate& e);

}  // namespace qc
