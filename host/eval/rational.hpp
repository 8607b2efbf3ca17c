// Exact rationals for the decimals a user types (DEFINITIONS.md 3 and 8):
// the split fraction `--split F` and the sweep grid `--alpha START:STOP:STEP`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace qc {

// num/den in lowest terms with den > 0. Every operation is exact: one whose
// result does not fit in 64-bit numerator and denominator throws
// qc::usage_error (the operands always come from user text).
class rational {
 public:
  // Zero.
  constexpr rational() noexcept = default;
  // num/den reduced. Throws qc::usage_error when den == 0 or when the value
  // cannot be held (num == INT64_MIN after reduction, or den < 0 with either
  // part at INT64_MIN).
  rational(std::int64_t num, std::int64_t den = 1);

  // Parses a plain decimal:  [+-] ( DIGITS [ "." [DIGITS] ] | "." DIGITS ) [ (e|E) [+-] DIGITS ]
  // such as "0.6" (= 3/5), "1", "0", ".5", "0.010", "5.", "-0.25", "1e-2".
  // No spaces, no fractions like "1/2", no hex, no inf or nan. Leading zeros
  // and trailing fractional zeros are free; after removing them the value
  // must be D·10^E with D < 2^63 and -18 <= E and D·10^E < 2^63. Throws
  // qc::usage_error naming the text otherwise.
  static rational parse(std::string_view text);

  std::int64_t num() const noexcept { return num_; }
  std::int64_t den() const noexcept { return den_; }
  bool is_zero() const noexcept { return num_ == 0; }
  bool is_negative() const noexcept { return num_ < 0; }

  // The double nearest to num/den (ties to even), rounded once. Computed by
  // exact binary long division of the integers (54 quotient bits plus a
  // sticky bit, then round-half-even), so it equals strtod() of the exact
  // decimal: rational::parse("0.18").to_double() == 0.18.
  double to_double() const noexcept;

  // "3/5", or "3" when den == 1, or "-1/4".
  std::string str() const;

  friend bool operator==(const rational& a, const rational& b) noexcept {
    return a.num_ == b.num_ && a.den_ == b.den_;
  }
  friend bool operator!=(const rational& a, const rational& b) noexcept { return !(a == b); }
  friend bool operator<(const rational& a, const rational& b) noexcept;
  friend bool operator>(const rational& a, const rational& b) noexcept { return b < a; }
  friend bool operator<=(const rational& a, const rational& b) noexcept { return !(b < a); }
  friend bool operator>=(const rational& a, const rational& b) noexcept { return !(a < b); }

  friend rational operator+(const rational& a, const rational& b);
  friend rational operator-(const rational& a, const rational& b);
  friend rational operator*(const rational& a, std::int64_t k);
  friend rational operator*(std::int64_t k, const rational& a) { return a * k; }

 private:
  std::int64_t num_ = 0;
  std::int64_t den_ = 1;
};

// The sweep grid of DEFINITIONS.md 8: alpha_i = START + i*STEP for
// i = 0, 1, ... while alpha_i <= STOP, computed exactly, each value rounded
// once to the nearest double.
struct alpha_grid {
  rational start;
  rational stop;
  rational step;
  std::vector<double> values;  // alpha_0, alpha_1, ... as doubles

  std::size_t size() const noexcept { return values.size(); }
  // alpha_i exactly. Throws qc::usage_error if it does not fit a rational.
  rational exact(std::size_t i) const;
};

// Most points a grid may have; a larger grid is refused with qc::usage_error.
inline constexpr std::size_t kMaxAlphaGridPoints = 1000000;

// Parses "START:STOP:STEP" (three rational::parse decimals). Throws
// qc::usage_error, naming the text, when a part is malformed, STEP <= 0,
// START > STOP, or the grid would exceed kMaxAlphaGridPoints points.
// "0:1:0.01" gives 101 points with values[18] == 0.18.
alpha_grid make_alpha_grid(std::string_view text);

// make_alpha_grid(text).values.
std::vector<double> parse_alpha_grid(std::string_view text);

}  // namespace qc
