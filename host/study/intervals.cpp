#include "study/intervals.hpp"

#include <cmath>

#include "study/quantiles.hpp"
#include "study/sample.hpp"

namespace qc {

std::optional<interval> wilson_interval(std::size_t k, std::size_t n, double confidence) {
  if (n == 0) return std::nullopt;
  const double z = confidence_z(confidence);
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double denominator = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denominator;
  return interval{centre - half, centre + half};
}

hours_intervals bootstrap_hours(const std::vector<std::int64_t>& seconds,
                                const bootstrap_spec& spec) {
  check_confidence(spec.confidence);
  std::vector<std::optional<double>> means, medians;
  std::vector<std::int64_t> drawn(seconds.size());
  for_each_resample(seconds.size(), spec.resamples, spec.seed,
                    [&](const std::vector<std::size_t>& draws) {
                      for (std::size_t j = 0; j < draws.size(); ++j) drawn[j] = seconds[draws[j]];
                      const std::optional<hours_summary> h = summarize_hours(drawn);
                      means.push_back(h ? std::optional<double>(h->mean) : std::nullopt);
                      medians.push_back(h ? std::optional<double>(h->median) : std::nullopt);
                    });
  return hours_intervals{percentile_interval(means, spec.confidence),
                         percentile_interval(medians, spec.confidence)};
}

}  // namespace qc
