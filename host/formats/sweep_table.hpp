// The alpha curve of one configuration of a `qclass sweep` table: the
// metrics against alpha for the best configuration (`#best` line).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace qc {

struct sweep_curve {
  std::string top_k, norm, manual_scope;  // the configuration shown
  std::size_t configurations = 0;         // distinct configurations in the file
  std::vector<double> alpha;              // ascending as in the file
  // precision, recall, f1, accuracy, study_precision, study_recall
  std::vector<std::string> metric_names;
  std::vector<std::vector<std::optional<double>>> metrics;  // [metric][row]; empty: undefined
  std::string objective;                                    // from #best, e.g. macro_f1
  std::optional<double> best_alpha;       // exact best alpha, else the grid's best
  std::optional<std::size_t> test_posts;  // posts the sweep evaluated (#best metrics)
};

// Reads a sweep CSV. Without a #best line the configuration of the row with
// the highest f1 is shown. Throws io_error, or parse_error (file:line) for a
// missing column, a bad number, or no row of the #best configuration.
sweep_curve read_sweep_curve(const std::string& path);

// alpha_sweep.csv: top_k,norm,manual_scope,alpha and the metrics.
std::string sweep_curve_csv(const sweep_curve& c);

}  // namespace qc
