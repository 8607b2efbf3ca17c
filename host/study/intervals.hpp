// The report's uncertainty (DEFINITIONS.md 11): Wilson score intervals of
// shares, and bootstrap intervals of the mean and median hours to an
// accepted answer (resampling the questions with a time).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "eval/bootstrap.hpp"

namespace qc {

// The Wilson score interval of k successes in n at confidence C, with
// z = confidence_z(C) and p = k/n, in doubles as written:
//   centre = (p + z^2/(2n)) / (1 + z^2/n)
//   half = z sqrt(p(1 - p)/n + z^2/(4n^2)) / (1 + z^2/n)
// [centre - half, centre + half]; nullopt when n == 0.
std::optional<interval> wilson_interval(std::size_t k, std::size_t n, double confidence);

struct hours_intervals {
  bootstrap_estimate mean, median;
};

// The percentile intervals (eval/bootstrap) of the mean and median hours of
// durations in whole seconds (summarize_hours of each resample, drawn from
// the durations in the order given), on the same resamples.
hours_intervals bootstrap_hours(const std::vector<std::int64_t>& seconds,
                                const bootstrap_spec& spec);

}  // namespace qc
