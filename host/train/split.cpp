#include "train/split.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "qc/core/error.hpp"

namespace qc {
namespace {

void check_fraction(const fraction& f, std::string_view shown) {
  if (sgn(f) < 0 || f > 1) {
    throw usage_error("invalid split fraction '" + std::string(shown) +
                      "': it must lie between 0 and 1");
  }
}

}  // namespace

fraction parse_split_fraction(std::string_view text) {
  fraction f;
  try {
    f = parse_decimal(text);
  } catch (const usage_error& e) {
    throw usage_error(std::string("invalid split fraction: ") + e.what());
  }
  check_fraction(f, text);
  return f;
}

split_result stratified_split(const std::vector<std::vector<std::string>>& labels_per_post,
                              const fraction& f, std::uint64_t seed) {
  check_fraction(f, to_string(f));
  const mpz_class& p = f.get_num();
  const mpz_class& q = f.get_den();

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
    const mpz_class n_train = (2 * mpz_class(static_cast<unsigned long>(n)) * p + q) / (2 * q);
    const auto cut = static_cast<std::size_t>(n_train.get_ui());  // <= n since p <= q
    out.train.insert(out.train.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(cut));
    out.test.insert(out.test.end(), a.begin() + static_cast<std::ptrdiff_t>(cut), a.end());
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

}  // namespace qc
