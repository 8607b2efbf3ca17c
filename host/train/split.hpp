// The stratified train/test split of DEFINITIONS.md 3.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/fraction.hpp"

namespace qc {

// SplitMix64 on state s (all arithmetic mod 2^64). From seed 0 the first
// outputs are 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F.
struct splitmix64 {
  std::uint64_t state;

  explicit constexpr splitmix64(std::uint64_t seed) noexcept : state(seed) {}

  constexpr std::uint64_t next() noexcept {
    state += 0x9E3779B97F4A7C15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

// Positions (0-based, into the input) of the two parts, each ascending.
struct split_result {
  std::vector<std::size_t> train;
  std::vector<std::size_t> test;
};

// Parses the `--split` fraction F as an exact fraction and checks
// 0 <= F <= 1. Throws qc::usage_error naming the text otherwise.
fraction parse_split_fraction(std::string_view text);

// DEFINITIONS.md 3. `labels_per_post[i]` is post i's label list, already
// deduplicated (first occurrence kept), in input order. Posts with no labels
// are in neither part. Groups by first label, visits the groups in bytewise
// order of that label with one SplitMix64 stream seeded with `seed`,
// Fisher-Yates shuffles each group (j = next() % (i+1) for i = n-1 .. 1) and
// puts its first floor(n*F + 1/2) = (2*n*p + q) div (2*q) entries (F = p/q)
// in train. Throws qc::usage_error unless 0 <= F <= 1.
split_result stratified_split(const std::vector<std::vector<std::string>>& labels_per_post,
                              const fraction& f, std::uint64_t seed);

// The stratified k-fold of DEFINITIONS.md 11 for one stream seeded with
// `seed`: the labeled posts (only those in `positions`, ascending, when it is
// not null) grouped and shuffled as in section 3, then dealt in turn, group
// after group, to folds 0, 1, ..., k-1, 0, ... Fold f's test part is what was
// dealt to f, its train part every other dealt post; both ascending. Throws
// qc::usage_error unless 2 <= k <= the number of labeled posts.
std::vector<split_result> stratified_folds(
    const std::vector<std::vector<std::string>>& labels_per_post,
    const std::vector<std::size_t>* positions, std::size_t k, std::uint64_t seed);

// One fold of a repeated k-fold.
struct cv_fold {
  std::size_t repeat = 0;
  std::size_t fold = 0;
  split_result parts;
};

// Every fold of `repeats` k-folds, repeat by repeat: repeat r is seeded with
// seed + r (mod 2^64). Throws qc::usage_error for repeats < 1 or a bad k.
std::vector<cv_fold> cross_validation_folds(
    const std::vector<std::vector<std::string>>& labels_per_post, std::size_t k,
    std::size_t repeats, std::uint64_t seed);

// The seed of the inner k-fold of outer fold `fold` of repeat `repeat`
// (nested cross-validation): seed + repeat + 1000003 * (fold + 1) mod 2^64.
std::uint64_t inner_fold_seed(std::uint64_t seed, std::size_t repeat, std::size_t fold);

}  // namespace qc
