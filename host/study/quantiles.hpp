// Summary statistics of durations: mean, extremes and quartiles.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace qc {

// The p-quantile (0 <= p <= 1) of ascending values (at least one), by linear
// interpolation between closest ranks: numpy's default method, Hyndman and
// Fan's type 7. With h = p (n - 1) and j = floor(h):
//   q = x[j] + (h - j) (x[j+1] - x[j])   (q = x[j] when j = n - 1).
// So the median of an even count is the mean of the two middle values.
double quantile_sorted(const std::vector<double>& sorted, double p);

struct hours_summary {
  std::size_t n = 0;
  double mean = 0, min = 0, q1 = 0, median = 0, q3 = 0, max = 0;  // hours
};

// Durations given in whole seconds, summarized in hours. The quantiles are
// taken over the seconds (as doubles) and divided by 3600; the mean is the
// exact integer sum over n, rounded once, divided by 3600. nullopt for none.
std::optional<hours_summary> summarize_hours(std::vector<std::int64_t> seconds);

}  // namespace qc
