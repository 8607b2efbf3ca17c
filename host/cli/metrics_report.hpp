// Printing evaluation results for people: standard and study metrics side by
// side, the per-category table, and the confusion matrix.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "eval/metrics.hpp"

namespace qc::cli {

enum class metric_view { standard, study, both };
metric_view parse_metric_view(const std::string& s);

void print_metrics(std::ostream& os, const confusion_counts& c,
                   const std::vector<std::string>& labels, metric_view view);

}  // namespace qc::cli
