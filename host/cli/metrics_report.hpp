// Printing evaluation results for people: standard and study metrics side by
// side, the per-category table, and the confusion matrix.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "eval/classifier_uncertainty.hpp"
#include "eval/metrics.hpp"

namespace qc::cli {

enum class metric_view { standard, study, both };
metric_view parse_metric_view(const std::string& s);

void print_metrics(std::ostream& os, const confusion_counts& c,
                   const std::vector<std::string>& labels, metric_view view);

// "[61.25%, 72.50%]", with " (k of B resamples left out)" when some were;
// "n/a" when no resample had a value.
std::string describe_estimate(const bootstrap_estimate& e);

// The intervals of accuracy, macro and micro F1, one line each.
void print_intervals(std::ostream& os, const metric_intervals& iv);

// McNemar's test of two classifiers and, when bootstrapped, the paired
// interval of the difference (keyword - SVM), one line each.
void print_significance(std::ostream& os, const paired_uncertainty& u);

// With spec.resamples > 0: the intervals of the posts, printed and
// returned; otherwise nullopt.
std::optional<metric_intervals> report_intervals(std::ostream& os, const bootstrap_spec& spec,
                                                 const evaluated_posts& posts);

}  // namespace qc::cli
