#include "eval/rational.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/error.hpp"

namespace qc {
namespace {

// 128-bit integers (a GNU extension; __extension__ keeps -Wpedantic quiet).
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

constexpr i128 kI64Max = std::numeric_limits<std::int64_t>::max();

u128 uabs(i128 v) { return v < 0 ? u128(0) - static_cast<u128>(v) : static_cast<u128>(v); }

u128 gcd128(u128 a, u128 b) {
  while (b != 0) {
    const u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int bit_length(u128 v) {
  int n = 0;
  while (v != 0) {
    v >>= 1;
    ++n;
  }
  return n;
}

// The nearest double to n/d (n >= 0, 0 < d < 2^64), ties to even, negated
// when `negative`. Binary long division yields the leading 54 quotient bits
// and a sticky bit for the rest; the 54th bit and the sticky bit decide the
// single rounding. The result is always in the normal range here (n < 2^128,
// d < 2^64), so the final ldexp is exact.
double to_double_128(u128 n, std::uint64_t d, bool negative) noexcept {
  if (n == 0) return 0.0;
  const u128 den = d;
  u128 q = n / den;
  u128 r = n % den;
  std::uint64_t mant = 0;  // ends with exactly 54 bits
  int exp2 = 0;            // value = (mant + r/den) * 2^exp2, plus `sticky`
  bool sticky = false;
  const int nb = bit_length(q);
  if (nb >= 54) {
    const int sh = nb - 54;
    mant = static_cast<std::uint64_t>(q >> sh);
    sticky = (q & ((u128(1) << sh) - 1)) != 0 || r != 0;
    exp2 = sh;
  } else {
    mant = static_cast<std::uint64_t>(q);
    while (mant < (std::uint64_t{1} << 53)) {
      r <<= 1;  // r < den < 2^64, so no overflow
      std::uint64_t bit = 0;
      if (r >= den) {
        r -= den;
        bit = 1;
      }
      mant = (mant << 1) | bit;
      --exp2;
    }
    sticky = r != 0;
  }
  const bool half = (mant & 1) != 0;
  std::uint64_t m = mant >> 1;
  exp2 += 1;
  if (half && (sticky || (m & 1) != 0)) {
    ++m;
    if (m == (std::uint64_t{1} << 53)) {
      m >>= 1;
      ++exp2;
    }
  }
  const double v = std::ldexp(static_cast<double>(m), exp2);
  return negative ? -v : v;
}

// num/den in lowest terms, checked to fit rational's 64-bit parts.
rational make_reduced(i128 num, i128 den) {
  if (den == 0) throw usage_error("rational with a zero denominator");
  bool neg = (num < 0) != (den < 0);
  u128 n = uabs(num);
  u128 d = uabs(den);
  const u128 g = gcd128(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  if (n > static_cast<u128>(kI64Max) || d > static_cast<u128>(kI64Max)) {
    throw usage_error("number out of range: exact arithmetic needs more than 64 bits");
  }
  if (n == 0) neg = false;
  const auto sn = static_cast<std::int64_t>(n);
  return rational(neg ? -sn : sn, static_cast<std::int64_t>(d));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

[[noreturn]] void bad_number(std::string_view text) {
  throw usage_error("invalid number '" + std::string(text) +
                    "': expected a plain decimal such as 0.6, 1 or .25");
}

[[noreturn]] void number_out_of_range(std::string_view text) {
  throw usage_error("number '" + std::string(text) +
                    "' is out of range: at most 18 decimal places and a magnitude below 2^63 "
                    "are supported");
}

}  // namespace

rational::rational(std::int64_t num, std::int64_t den) {
  if (den == 0) throw usage_error("rational with a zero denominator");
  constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  if (num == kMin || den == kMin) {
    // Reduce in 128 bits; the result must still fit.
    *this = make_reduced(num, den);
    return;
  }
  if (den < 0) {
    num = -num;
    den = -den;
  }
  const auto g = static_cast<std::int64_t>(gcd128(uabs(num), static_cast<u128>(den)));
  num_ = num / g;
  den_ = den / g;
}

rational rational::parse(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  bool neg = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    neg = text[i] == '-';
    ++i;
  }
  std::string digits;
  long long mantissa_digits = 0;
  long long frac_digits = 0;
  while (i < n && is_digit(text[i])) {
    digits.push_back(text[i++]);
    ++mantissa_digits;
  }
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && is_digit(text[i])) {
      digits.push_back(text[i++]);
      ++mantissa_digits;
      ++frac_digits;
    }
  }
  if (mantissa_digits == 0) bad_number(text);
  long long exp10 = -frac_digits;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_neg = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) {
      exp_neg = text[i] == '-';
      ++i;
    }
    if (i == n || !is_digit(text[i])) bad_number(text);
    long long e = 0;
    while (i < n && is_digit(text[i])) {
      if (e < 1000000) e = e * 10 + (text[i] - '0');  // saturate
      ++i;
    }
    exp10 += exp_neg ? -e : e;
  }
  if (i != n) bad_number(text);

  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return rational();
  digits.erase(0, first);
  while (digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  if (digits.size() > 19 || exp10 < -18 || exp10 > 18) number_out_of_range(text);
  u128 value = 0;
  for (char c : digits) value = value * 10 + static_cast<unsigned>(c - '0');
  u128 den = 1;
  for (long long k = 0; k < exp10; ++k) value *= 10;
  for (long long k = 0; k < -exp10; ++k) den *= 10;
  if (value > static_cast<u128>(kI64Max)) number_out_of_range(text);
  const auto v = static_cast<i128>(value);
  return make_reduced(neg ? -v : v, static_cast<i128>(den));
}

double rational::to_double() const noexcept {
  return to_double_128(uabs(num_), static_cast<std::uint64_t>(den_), num_ < 0);
}

std::string rational::str() const {
  if (den_ == 1) return std::to_string(num_);
  return std::to_string(num_) + "/" + std::to_string(den_);
}

bool operator<(const rational& a, const rational& b) noexcept {
  return static_cast<i128>(a.num_) * b.den_ < static_cast<i128>(b.num_) * a.den_;
}

rational operator+(const rational& a, const rational& b) {
  return make_reduced(static_cast<i128>(a.num_) * b.den_ + static_cast<i128>(b.num_) * a.den_,
                      static_cast<i128>(a.den_) * b.den_);
}

rational operator-(const rational& a, const rational& b) {
  return make_reduced(static_cast<i128>(a.num_) * b.den_ - static_cast<i128>(b.num_) * a.den_,
                      static_cast<i128>(a.den_) * b.den_);
}

rational operator*(const rational& a, std::int64_t k) {
  return make_reduced(static_cast<i128>(a.num_) * k, a.den_);
}

namespace {

// The grid over one common denominator D: alpha_i = (a + i*c) / D, and the
// last point satisfies a + i*c <= e. Each parsed denominator divides 10^18,
// so D does too; the products stay below 2^124.
struct grid_ints {
  i128 a = 0, c = 0, e = 0;
  std::uint64_t d = 1;
};

grid_ints grid_integers(const rational& start, const rational& stop, const rational& step) {
  u128 d = static_cast<u128>(start.den());
  for (std::int64_t other : {stop.den(), step.den()}) {
    const u128 o = static_cast<u128>(other);
    d = d / gcd128(d, o) * o;
  }
  if (d > static_cast<u128>(kI64Max)) {
    throw usage_error("alpha grid needs a common denominator above 2^63");
  }
  grid_ints g;
  g.d = static_cast<std::uint64_t>(d);
  const auto scale = [&](const rational& r) {
    return static_cast<i128>(r.num()) * static_cast<i128>(d / static_cast<u128>(r.den()));
  };
  g.a = scale(start);
  g.e = scale(stop);
  g.c = scale(step);
  return g;
}

}  // namespace

rational alpha_grid::exact(std::size_t i) const {
  if (i >= values.size()) throw std::out_of_range("alpha_grid::exact: index out of range");
  const grid_ints g = grid_integers(start, stop, step);
  return make_reduced(g.a + static_cast<i128>(i) * g.c, static_cast<i128>(g.d));
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
    grid.start = rational::parse(text.substr(0, c1));
    grid.stop = rational::parse(text.substr(c1 + 1, c2 - c1 - 1));
    grid.step = rational::parse(text.substr(c2 + 1));
  } catch (const usage_error& e) {
    throw usage_error("invalid alpha grid '" + shown + "': " + e.what());
  }
  if (grid.step <= rational()) {
    throw usage_error("invalid alpha grid '" + shown + "': STEP must be greater than 0");
  }
  if (grid.stop < grid.start) {
    throw usage_error("invalid alpha grid '" + shown + "': START must not exceed STOP");
  }
  const grid_ints g = grid_integers(grid.start, grid.stop, grid.step);
  const u128 last = static_cast<u128>(g.e - g.a) / static_cast<u128>(g.c);  // i of the last point
  if (last >= kMaxAlphaGridPoints) {
    throw usage_error("invalid alpha grid '" + shown + "': more than " +
                      std::to_string(kMaxAlphaGridPoints) + " points");
  }
  const auto count = static_cast<std::size_t>(last) + 1;
  grid.values.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const i128 num = g.a + static_cast<i128>(i) * g.c;
    grid.values.push_back(to_double_128(uabs(num), g.d, num < 0));
  }
  return grid;
}

std::vector<double> parse_alpha_grid(std::string_view text) { return make_alpha_grid(text).values; }

}  // namespace qc
