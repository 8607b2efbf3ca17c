#include "eval/alpha_grid.hpp"

#include <stdexcept>
#include <string>

#include "qc/core/error.hpp"

namespace qc {

fraction alpha_grid::exact(std::size_t i) const {
  if (i >= values.size()) throw std::out_of_range("alpha_grid::exact: index out of range");
  return fraction(start + mpz_class(static_cast<unsigned long>(i)) * step);
}

alpha_grid make_alpha_grid(std::string_view text) {
  const std::string shown(text);
  const std::size_t c1 = text.find(':');
  const std::size_t c2 = c1 == std::string_view::npos ? c1 : text.find(':', c1 + 1);
  if (c2 == std::string_view::npos || text.find(':', c2 + 1) != std::string_view::npos) {
    throw usage_error("invalid alpha grid '" + shown +
                      "': expected START:STOP:STEP, e.g. 0:1:0.01");
  }
  alpha_grid grid;
  try {
    grid.start = parse_decimal(text.substr(0, c1));
    grid.stop = parse_decimal(text.substr(c1 + 1, c2 - c1 - 1));
    grid.step = parse_decimal(text.substr(c2 + 1));
  } catch (const usage_error& e) {
    throw usage_error("invalid alpha grid '" + shown + "': " + e.what());
  }
  if (sgn(grid.step) <= 0) {
    throw usage_error("invalid alpha grid '" + shown + "': STEP must be greater than 0");
  }
  if (grid.stop < grid.start) {
    throw usage_error("invalid alpha grid '" + shown + "': START must not exceed STOP");
  }
  // The index of the last point: floor((STOP - START) / STEP).
  const fraction span = (grid.stop - grid.start) / grid.step;
  const mpz_class last = span.get_num() / span.get_den();
  if (last >= kMaxAlphaGridPoints) {
    throw usage_error("invalid alpha grid '" + shown + "': more than " +
                      std::to_string(kMaxAlphaGridPoints) + " points");
  }
  const std::size_t count = last.get_ui() + 1;
  grid.values.reserve(count);
  fraction alpha = grid.start;
  for (std::size_t i = 0; i < count; ++i, alpha += grid.step)
    grid.values.push_back(to_double(alpha));
  return grid;
}

std::vector<double> parse_alpha_grid(std::string_view text) { return make_alpha_grid(text).values; }

}  // namespace qc
