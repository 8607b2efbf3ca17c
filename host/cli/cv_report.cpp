#include "cli/cv_report.hpp"

#include <iomanip>
#include <sstream>

#include "core/format_double.hpp"

namespace qc::cli {
namespace {

// Short column titles, in kSummaryMetrics order.
constexpr const char* kTitles[] = {"P",        "R",        "F1",      "micro P", "micro R",
                                   "micro F1", "accuracy", "study P", "study R", "study F1"};
static_assert(sizeof(kTitles) / sizeof(kTitles[0]) == kSummaryMetrics.size());

void print_row(std::ostream& os, const std::string& label, const metric_values& v) {
  os << std::left << std::setw(10) << label << std::right;
  for (const auto& x : v) {
    os << std::setw(10);
    if (x) {
      os << std::fixed << std::setprecision(4) << *x;
    } else {
      os << "-";
    }
  }
  os << std::defaultfloat << "\n";
}

std::string cell(const std::optional<double>& v) {
  if (!v) return "-";
  std::ostringstream os;
  os << std::fixed << std::setprecision(4) << *v;
  return os.str();
}

}  // namespace

std::string describe_cv(const cv_spec& cv) {
  std::string s = std::to_string(cv.folds) + " folds x " + std::to_string(cv.repeats) +
                  (cv.repeats == 1 ? " repeat" : " repeats") + " (seed " + std::to_string(cv.seed);
  if (cv.repeats > 1) s += ".." + std::to_string(cv.seed + cv.repeats - 1);
  return s + ")";
}

void print_cv_table(std::ostream& os, const std::vector<std::string>& row_labels,
                    const std::vector<metric_values>& rows, const metric_summary& s) {
  os << std::left << std::setw(10) << "fold" << std::right;
  for (const char* t : kTitles) os << std::setw(10) << t;
  os << "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) print_row(os, row_labels[i], rows[i]);
  print_row(os, "mean", s.mean);
  print_row(os, "std", s.std);
}

void print_nested(std::ostream& os, const nested_result& r, const std::vector<double>& alphas,
                  sweep_objective objective, const metric_values* single_split,
                  double single_alpha) {
  const std::size_t oi = objective_index(objective);
  const std::size_t acc = objective_index(sweep_objective::accuracy);
  os << "nested cross-validation of alpha (" << to_string(objective) << "), mean +- std over "
     << r.outer.size() << " outer folds:\n";
  os << "  nested estimate:        " << kSummaryMetrics[oi] << " " << cell(r.estimate.mean[oi])
     << " +- " << cell(r.estimate.std[oi]) << ", accuracy " << cell(r.estimate.mean[acc]) << " +- "
     << cell(r.estimate.std[acc]) << "\n";
  os << "  tuned on test (alpha " << format_double(alphas[r.tuned_best])
     << "): " << kSummaryMetrics[oi] << " " << cell(r.tuned.mean[oi]) << " +- "
     << cell(r.tuned.std[oi]) << ", accuracy " << cell(r.tuned.mean[acc]) << " +- "
     << cell(r.tuned.std[acc]) << "\n";
  if (single_split)
    os << "  single split (alpha " << format_double(single_alpha) << "): " << kSummaryMetrics[oi]
       << " " << cell((*single_split)[oi]) << ", accuracy " << cell((*single_split)[acc]) << "\n";
  os << "  alphas chosen by the inner folds:";
  for (std::size_t a : r.chosen) os << " " << format_double(alphas[a]);
  os << "\n";
}

}  // namespace qc::cli
