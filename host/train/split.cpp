#include "train/split.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/error.hpp"

namespace qc {
namespace {

__extension__ typedef unsigned __int128 u128;

void check_fraction(const rational& f, std::string_view shown) {
  if (f < rational(0) || rational(1) < f) {
    throw usage_error("invalid split fraction '" + std::string(shown) +
                      "': it must lie between 0 and 1");
  }
}

}  // namespace

rational parse_split_fraction(std::string_view text) {
  rational f;
  try {
    f = rational::parse(text);
  } catch (const usage_error& e) {
    throw usage_error(std::string("invalid split fraction: ") + e.what());
  }
  check_fraction(f, text);
  return f;
}

split_result stratified_split(const std::vector<std::vector<std::string>>& labels_per_post,
                              const rational& fraction, std::uint64_t seed) {
  check_fraction(fraction, fraction.str());
  const auto p = static_cast<u128>(fraction.num());
  const auto q = static_cast<u128>(fraction.den());

  // std::map orders std::string keys bytewise (char_traits<char> compares as
  // unsigned char), which is code-point order for UTF-8.
  std::map<std::string_view, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < labels_per_post.size(); ++i) {
    if (!labels_per_post[i].empty()) groups[labels_per_post[i].front()].push_back(i);
  }

  split_result out;
  splitmix64 rng(seed);
  for (auto& [label, a] : groups) {
    const std::size_t n = a.size();
    for (std::size_t i = n - 1; i >= 1; --i) {
      const auto j = static_cast<std::size_t>(rng.next() % (static_cast<std::uint64_t>(i) + 1));
      std::swap(a[i], a[j]);
    }
    const u128 n_train = (2 * static_cast<u128>(n) * p + q) / (2 * q);  // <= n since p <= q
    const auto cut = static_cast<std::size_t>(n_train);
    out.train.insert(out.train.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(cut));
    out.test.insert(out.test.end(), a.begin() + static_cast<std::ptrdiff_t>(cut), a.end());
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

}  // namespace qc
