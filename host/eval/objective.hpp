// The value a sweep maximises (`--objective`): its names and where it is
// read from a set of metrics.
#pragma once
#include <optional>
#include <string_view>

#include "eval/metrics.hpp"

namespace qc {

enum class sweep_objective {
  macro_f1,  // the default
  macro_precision,
  macro_recall,
  micro_f1,
  accuracy,
  study_f1,
};

// "macro_f1", "macro_precision", "macro_recall", "micro_f1", "accuracy",
// "study_f1". Throws qc::usage_error naming the text and the valid names.
sweep_objective parse_objective(std::string_view name);
// The name parse_objective reads.
const char* to_string(sweep_objective objective) noexcept;

// The objective's value in a set of metrics (null when undefined).
std::optional<double> objective_value(const metrics& m, sweep_objective o);
// The member of metrics that objective_value reads.
std::optional<double> metrics::*objective_member(sweep_objective o) noexcept;

}  // namespace qc
