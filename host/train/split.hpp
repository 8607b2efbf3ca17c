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

}  // namespace qc
