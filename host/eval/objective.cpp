#include "eval/objective.hpp"

#include <string>

#include "qc/core/error.hpp"

namespace qc {
namespace {

struct objective_entry {
  sweep_objective objective;
  const char* name;
  std::optional<double> metrics::*value;
};

constexpr objective_entry kObjectives[] = {
    {sweep_objective::macro_f1, "macro_f1", &metrics::macro_f1},
    {sweep_objective::macro_precision, "macro_precision", &metrics::macro_precision},
    {sweep_objective::macro_recall, "macro_recall", &metrics::macro_recall},
    {sweep_objective::micro_f1, "micro_f1", &metrics::micro_f1},
    {sweep_objective::accuracy, "accuracy", &metrics::accuracy},
    {sweep_objective::study_f1, "study_f1", &metrics::study_f1},
};

const objective_entry& entry_of(sweep_objective o) noexcept {
  for (const objective_entry& e : kObjectives)
    if (e.objective == o) return e;
  return kObjectives[0];
}

}  // namespace

sweep_objective parse_objective(std::string_view name) {
  for (const objective_entry& e : kObjectives)
    if (name == e.name) return e.objective;
  throw usage_error("unknown objective '" + std::string(name) +
                    "' (expected macro_f1, macro_precision, macro_recall, micro_f1, accuracy or "
                    "study_f1)");
}

const char* to_string(sweep_objective objective) noexcept { return entry_of(objective).name; }

std::optional<double> objective_value(const metrics& m, sweep_objective o) {
  return m.*(entry_of(o).value);
}

std::optional<double> metrics::*objective_member(sweep_objective o) noexcept {
  return entry_of(o).value;
}

}  // namespace qc
