#include "eval/bootstrap.hpp"

#include <algorithm>

#include "qc/core/error.hpp"
#include "study/quantiles.hpp"
#include "train/split.hpp"

namespace qc {

void check_confidence(double confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw usage_error("--ci must be between 0 and 1 (exclusive)");
}

void for_each_resample(std::size_t n, std::size_t resamples, std::uint64_t seed,
                       const std::function<void(const std::vector<std::size_t>&)>& visit) {
  splitmix64 rng(seed);
  std::vector<std::size_t> draws(n);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (std::size_t& d : draws) d = static_cast<std::size_t>(rng.next() % n);
    visit(draws);
  }
}

bootstrap_estimate percentile_interval(const std::vector<std::optional<double>>& values,
                                       double confidence) {
  check_confidence(confidence);
  bootstrap_estimate e;
  e.resamples = values.size();
  std::vector<double> x;
  x.reserve(values.size());
  for (const std::optional<double>& v : values) {
    if (v)
      x.push_back(*v);
    else
      ++e.left_out;
  }
  if (x.empty()) return e;
  std::sort(x.begin(), x.end());
  e.ci = interval{quantile_sorted(x, (1.0 - confidence) / 2.0),
                  quantile_sorted(x, (1.0 + confidence) / 2.0)};
  return e;
}

bootstrap_estimate bootstrap(
    std::size_t n, const bootstrap_spec& spec,
    const std::function<std::optional<double>(const std::vector<std::size_t>&)>& stat) {
  check_confidence(spec.confidence);
  std::vector<std::optional<double>> values;
  values.reserve(spec.resamples);
  for_each_resample(n, spec.resamples, spec.seed,
                    [&](const std::vector<std::size_t>& draws) { values.push_back(stat(draws)); });
  return percentile_interval(values, spec.confidence);
}

}  // namespace qc
