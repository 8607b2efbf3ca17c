// The bootstrap of DEFINITIONS.md 11, in one place: the resamples (one
// SplitMix64 stream, n draws of next() mod n per resample) and the
// percentile interval (type 7) of a statistic's values over them. Kappa,
// the classifiers' metrics, their paired difference and the report's
// median and mean hours all take their intervals from here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace qc {

struct interval {
  double low = 0;
  double high = 0;
};

// --bootstrap B, --ci C, --seed S.
struct bootstrap_spec {
  std::size_t resamples = 0;
  double confidence = 0.95;
  std::uint64_t seed = 0;
};

// Throws usage_error unless 0 < C < 1.
void check_confidence(double confidence);

// Calls visit(draws) for b = 0 ... B-1 in order: one SplitMix64 stream
// seeded with `seed`; resample b's draws are n indices into the n posts,
// each next() mod n (none when n == 0). `draws` is reused between calls.
void for_each_resample(std::size_t n, std::size_t resamples, std::uint64_t seed,
                       const std::function<void(const std::vector<std::size_t>&)>& visit);

// A statistic's interval over the resamples.
struct bootstrap_estimate {
  std::size_t resamples = 0;   // B
  std::size_t left_out = 0;    // resamples whose value is null
  std::optional<interval> ci;  // nullopt when no value is left (or B == 0)
};

// The percentile interval of the non-null values, sorted: the type 7
// quantiles (quantile_sorted) at (1 - C)/2 and (1 + C)/2, in doubles as
// written. Null values are left out and counted.
bootstrap_estimate percentile_interval(const std::vector<std::optional<double>>& values,
                                       double confidence);

// One statistic: stat(draws) on each resample of n posts, then its interval.
bootstrap_estimate bootstrap(
    std::size_t n, const bootstrap_spec& spec,
    const std::function<std::optional<double>(const std::vector<std::size_t>&)>& stat);

}  // namespace qc
