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

namespace {

// Steps 1-3 of DEFINITIONS 3: the labeled posts' positions grouped by first
// label, the groups in bytewise label order, each Fisher-Yates shuffled by
// one stream. `positions` (ascending) limits the posts to some of them;
// nullptr: every post.
std::vector<std::vector<std::size_t>> shuffled_groups(
    const std::vector<std::vector<std::string>>& labels_per_post,
    const std::vector<std::size_t>* positions, splitmix64& rng) {
  // std::map orders std::string keys bytewise (char_traits<char> compares as
  // unsigned char), which is code-point order for UTF-8.
  std::map<std::string_view, std::vector<std::size_t>> groups;
  const auto add = [&](std::size_t i) {
    if (!labels_per_post[i].empty()) groups[labels_per_post[i].front()].push_back(i);
  };
  if (positions) {
    for (std::size_t i : *positions) add(i);
  } else {
    for (std::size_t i = 0; i < labels_per_post.size(); ++i) add(i);
  }
  std::vector<std::vector<std::size_t>> out;
  for (auto& [label, a] : groups) {
    for (std::size_t i = a.size() - 1; i >= 1; --i) {
      const auto j = static_cast<std::size_t>(rng.next() % (static_cast<std::uint64_t>(i) + 1));
      std::swap(a[i], a[j]);
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace

split_result stratified_split(const std::vector<std::vector<std::string>>& labels_per_post,
                              const fraction& f, std::uint64_t seed) {
  check_fraction(f, to_string(f));
  const mpz_class& p = f.get_num();
  const mpz_class& q = f.get_den();
  split_result out;
  splitmix64 rng(seed);
  for (const auto& a : shuffled_groups(labels_per_post, nullptr, rng)) {
    const std::size_t n = a.size();
    const mpz_class n_train = (2 * mpz_class(static_cast<unsigned long>(n)) * p + q) / (2 * q);
    const auto cut = static_cast<std::size_t>(n_train.get_ui());  // <= n since p <= q
    out.train.insert(out.train.end(), a.begin(), a.begin() + static_cast<std::ptrdiff_t>(cut));
    out.test.insert(out.test.end(), a.begin() + static_cast<std::ptrdiff_t>(cut), a.end());
  }
  std::sort(out.train.begin(), out.train.end());
  std::sort(out.test.begin(), out.test.end());
  return out;
}

std::vector<split_result> stratified_folds(
    const std::vector<std::vector<std::string>>& labels_per_post,
    const std::vector<std::size_t>* positions, std::size_t k, std::uint64_t seed) {
  splitmix64 rng(seed);
  const auto groups = shuffled_groups(labels_per_post, positions, rng);
  std::size_t n = 0;
  for (const auto& a : groups) n += a.size();
  if (k < 2 || k > n)
    throw usage_error("--folds " + std::to_string(k) + ": it must lie between 2 and the " +
                      std::to_string(n) + " labeled posts" +
                      (positions ? " of an outer train part" : ""));
  // Deal the shuffled entries, group after group, to fold c mod k.
  std::vector<std::vector<std::size_t>> dealt(k);
  std::size_t c = 0;
  for (const auto& a : groups)
    for (std::size_t pos : a) dealt[c++ % k].push_back(pos);
  std::vector<split_result> folds(k);
  for (std::size_t f = 0; f < k; ++f) {
    for (std::size_t g = 0; g < k; ++g) {
      std::vector<std::size_t>& part = g == f ? folds[f].test : folds[f].train;
      part.insert(part.end(), dealt[g].begin(), dealt[g].end());
    }
    std::sort(folds[f].test.begin(), folds[f].test.end());
    std::sort(folds[f].train.begin(), folds[f].train.end());
  }
  return folds;
}

std::vector<cv_fold> cross_validation_folds(
    const std::vector<std::vector<std::string>>& labels_per_post, std::size_t k,
    std::size_t repeats, std::uint64_t seed) {
  if (repeats < 1) throw usage_error("--repeats must be at least 1");
  std::vector<cv_fold> out;
  for (std::size_t r = 0; r < repeats; ++r) {
    auto folds = stratified_folds(labels_per_post, nullptr, k, seed + r);
    for (std::size_t f = 0; f < k; ++f) out.push_back(cv_fold{r, f, std::move(folds[f])});
  }
  return out;
}

std::uint64_t inner_fold_seed(std::uint64_t seed, std::size_t repeat, std::size_t fold) {
  return seed + repeat + 1000003ULL * (static_cast<std::uint64_t>(fold) + 1);
}

}  // namespace qc
