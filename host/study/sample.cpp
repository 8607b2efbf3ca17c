#include "study/sample.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "eval/bootstrap.hpp"
#include "qc/core/error.hpp"
#include "train/split.hpp"

namespace qc {

const char* to_string(draw_how h) { return h == draw_how::top_viewed ? "top_viewed" : "random"; }

sample_result draw_sample(const std::vector<post>& posts, const framework_set& frameworks,
                          const sample_options& opts) {
  sample_result res;
  splitmix64 rng(opts.seed);
  std::vector<std::uint32_t> bits(posts.size());
  for (std::size_t i = 0; i < posts.size(); ++i) bits[i] = frameworks.match(posts[i].tags);
  std::vector<bool> drawn(posts.size(), false);
  const std::vector<std::string>& names = frameworks.names();
  for (std::size_t f = 0; f < names.size(); ++f) {
    framework_draw fd;
    fd.name = names[f];
    const std::uint32_t bit = std::uint32_t{1} << f;
    std::vector<std::size_t> cand;  // input order
    for (std::size_t i = 0; i < posts.size(); ++i) {
      if (!(bits[i] & bit)) continue;
      ++fd.questions;
      if (!drawn[i]) cand.push_back(i);
    }
    fd.candidates = cand.size();

    // Top-viewed: largest view_count first (null as -1), ties by position.
    std::vector<std::size_t> by_views = cand;
    const auto views = [&](std::size_t i) { return posts[i].view_count.value_or(-1); };
    std::stable_sort(by_views.begin(), by_views.end(),
                     [&](std::size_t x, std::size_t y) { return views(x) > views(y); });
    fd.top_viewed = std::min(opts.top_viewed, by_views.size());
    fd.top_viewed_shortfall = opts.top_viewed - fd.top_viewed;
    for (std::size_t r = 0; r < fd.top_viewed; ++r) {
      drawn[by_views[r]] = true;
      res.entries.push_back({by_views[r], f, draw_how::top_viewed, r});
    }

    // Random: partial Fisher-Yates over the candidates left, in input order.
    std::vector<std::size_t> left;
    for (std::size_t i : cand)
      if (!drawn[i]) left.push_back(i);
    const std::size_t len = left.size();
    fd.random = std::min(opts.random, len);
    fd.random_shortfall = opts.random - fd.random;
    for (std::size_t i = 0; i < fd.random; ++i) {
      const std::size_t j = i + static_cast<std::size_t>(rng.next() % (len - i));
      std::swap(left[i], left[j]);
      drawn[left[i]] = true;
      res.entries.push_back({left[i], f, draw_how::random, i});
    }
    res.frameworks.push_back(std::move(fd));
  }
  return res;
}

namespace {

// Acklam's rational approximation of the standard normal quantile.
double acklam(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425, hi = 1 - lo;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > hi) {
    const double q = std::sqrt(-2 * std::log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double confidence_z(double confidence) {
  check_confidence(confidence);
  if (confidence == 0.95) return 1.959963984540054;
  const double p = (1.0 + confidence) / 2.0;
  double x = acklam(p);
  // One Halley step on Phi(x) - p, with Phi(x) = erfc(-x/sqrt 2)/2.
  const double kSqrt2 = 1.4142135623730951;
  const double kSqrt2Pi = 2.5066282746310002;
  const double e = 0.5 * std::erfc(-x / kSqrt2) - p;
  const double u = e * kSqrt2Pi * std::exp(x * x / 2);
  x = x - u / (1 + x * u / 2);
  return x;
}

std::optional<sample_size> cochran_sample_size(std::uint64_t population, double confidence,
                                               double margin) {
  const double z = confidence_z(confidence);
  if (!(margin > 0 && margin < 1))
    throw usage_error("--margin must be between 0 and 1 (exclusive)");
  if (population == 0) return std::nullopt;
  const double n0 = z * z * 0.25 / (margin * margin);
  const double n = n0 / (1 + (n0 - 1) / static_cast<double>(population));
  sample_size s;
  s.exact = n;
  s.rounded_up = static_cast<std::uint64_t>(std::ceil(n));
  return s;
}

}  // namespace qc
