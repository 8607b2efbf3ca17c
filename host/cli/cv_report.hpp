// Printing cross-validation results for people: one row per fold and the
// mean and standard deviation of every summary metric, and the nested
// estimate beside the figure tuned on the test folds.
#pragma once
#include <ostream>
#include <string>
#include <vector>

#include "eval/cross_validation.hpp"

namespace qc::cli {

// "5 folds x 2 repeats (seeds 0..1)"
std::string describe_cv(const cv_spec& cv);

// The per-fold rows (labels such as "r0 f3") and the summary rows.
void print_cv_table(std::ostream& os, const std::vector<std::string>& row_labels,
                    const std::vector<metric_values>& rows, const metric_summary& s);

// Nested estimate, tuned-on-test figure and (when given) the single split's,
// side by side for the objective's metric and accuracy.
void print_nested(std::ostream& os, const nested_result& r, const std::vector<double>& alphas,
                  sweep_objective objective, const metric_values* single_split,
                  double single_alpha);

}  // namespace qc::cli
