#include "study/quantiles.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace qc {

double quantile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("quantile_sorted: no values");
  const double h = p * static_cast<double>(sorted.size() - 1);
  const double j = std::floor(h);
  const auto lo = static_cast<std::size_t>(j);
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - j) * (sorted[lo + 1] - sorted[lo]);
}

std::optional<hours_summary> summarize_hours(std::vector<std::int64_t> seconds) {
  if (seconds.empty()) return std::nullopt;
  std::sort(seconds.begin(), seconds.end());
  std::vector<double> x(seconds.size());
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < seconds.size(); ++i) {
    x[i] = static_cast<double>(seconds[i]);
    sum += seconds[i];
  }
  hours_summary s;
  s.n = seconds.size();
  s.mean = static_cast<double>(sum) / static_cast<double>(s.n) / 3600.0;
  s.min = x.front() / 3600.0;
  s.max = x.back() / 3600.0;
  s.q1 = quantile_sorted(x, 0.25) / 3600.0;
  s.median = quantile_sorted(x, 0.5) / 3600.0;
  s.q3 = quantile_sorted(x, 0.75) / 3600.0;
  return s;
}

}  // namespace qc
