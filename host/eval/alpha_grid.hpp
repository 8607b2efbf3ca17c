// The sweep grid of DEFINITIONS.md 8: alpha_i = START + i*STEP for
// i = 0, 1, ... while alpha_i <= STOP, computed exactly, each value rounded
// once to the nearest double.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/fraction.hpp"

namespace qc {

struct alpha_grid {
  fraction start;
  fraction stop;
  fraction step;
  std::vector<double> values;  // alpha_0, alpha_1, ... as doubles

  std::size_t size() const noexcept { return values.size(); }
  // alpha_i exactly. Throws std::out_of_range past the last point.
  fraction exact(std::size_t i) const;
};

// Most points a grid may have; a larger grid is refused with qc::usage_error.
inline constexpr std::size_t kMaxAlphaGridPoints = 1000000;

// Parses "START:STOP:STEP" (three parse_decimal decimals). Throws
// qc::usage_error, naming the text, when a part is malformed, STEP <= 0,
// START > STOP, or the grid would exceed kMaxAlphaGridPoints points.
// "0:1:0.01" gives 101 points with values[18] == 0.18.
alpha_grid make_alpha_grid(std::string_view text);

// make_alpha_grid(text).values.
std::vector<double> parse_alpha_grid(std::string_view text);

}  // namespace qc
