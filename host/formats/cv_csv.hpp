// Cross-validation tables as CSV. Every metric of kSummaryMetrics is two
// columns, NAME_mean and NAME_std (empty: null).
// - `sweep --folds -o`: top_k,norm,manual_scope,alpha and the metrics per
//   grid point, then `#best {json}` (the point with the largest mean
//   objective; with --nested also the nested estimate and the tuned-on-test
//   figure).
// - study's cross_validation.csv: estimate,alpha,folds and the metrics, one
//   row per estimate (single_split, cross_validation, nested,
//   tuned_on_test), which the report reads back (read_cv_table).
#pragma once
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "eval/cross_validation.hpp"

namespace qc {

void write_cv_sweep_csv(std::ostream& out, const cv_sweep_result& r, const sweep_spec& spec,
                        const cv_spec& cv, const nested_result* nested);

struct cv_estimate {
  std::string estimate;   // single_split, cross_validation, nested, tuned_on_test
  std::string alpha;      // as written; empty where each fold chose its own
  std::size_t folds = 0;  // results averaged
  metric_values mean, std;
};

struct cv_table {
  std::vector<cv_estimate> rows;
};

std::string cv_table_csv(const cv_table& t);
// Throws io_error, or parse_error (file:line) for a missing column or a bad number.
cv_table read_cv_table(const std::string& path);

}  // namespace qc
