#include "core/fraction.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "qc/core/error.hpp"

namespace qc {
namespace {

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

// A decimal's parts: sign, significant digits (no leading zeros) and the
// power of ten they are scaled by.
struct decimal_parts {
  bool negative = false;
  std::string digits;
  long long exp10 = 0;
};

// The exponent after 'e' or 'E' at text[i], saturated far beyond any valid one.
long long read_exponent(std::string_view text, std::size_t& i) {
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size() || !is_digit(text[i])) bad_number(text);
  long long e = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    if (e < 1000000) e = e * 10 + (text[i] - '0');
  }
  return negative ? -e : e;
}

decimal_parts split_decimal(std::string_view text) {
  decimal_parts d;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) d.negative = text[i++] == '-';
  long long frac_digits = 0;
  while (i < n && is_digit(text[i])) d.digits.push_back(text[i++]);
  if (i < n && text[i] == '.') {
    for (++i; i < n && is_digit(text[i]); ++frac_digits) d.digits.push_back(text[i++]);
  }
  if (d.digits.empty()) bad_number(text);
  d.exp10 = -frac_digits;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) d.exp10 += read_exponent(text, ++i);
  if (i != n) bad_number(text);
  d.digits.erase(0, std::min(d.digits.find_first_not_of('0'), d.digits.size()));
  while (!d.digits.empty() && d.digits.back() == '0') {
    d.digits.pop_back();
    ++d.exp10;
  }
  return d;
}

bool mantissa_even(double x) noexcept {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return (bits & 1) == 0;
}

}  // namespace

fraction parse_decimal(std::string_view text) {
  const decimal_parts d = split_decimal(text);
  if (d.digits.empty()) return fraction(0);
  if (d.digits.size() > 19 || d.exp10 < -18 || d.exp10 > 18) number_out_of_range(text);
  mpz_class scale;
  mpz_ui_pow_ui(scale.get_mpz_t(), 10, static_cast<unsigned long>(std::llabs(d.exp10)));
  const mpz_class digits(d.digits, 10);
  fraction q = d.exp10 >= 0 ? fraction(digits * scale) : fraction(digits, scale);
  q.canonicalize();
  if (q >= fraction(mpz_class(1) << 63)) number_out_of_range(text);
  return d.negative ? fraction(-q) : q;
}

double to_double(const fraction& q) {
  const bool negative = sgn(q) < 0;
  const double inf = std::numeric_limits<double>::infinity();
  // |q| >= 2^1024 rounds to infinity (and mpq_get_d must not see it).
  const mpz_class whole = q.get_num() / q.get_den();
  if (mpz_sizeinbase(whole.get_mpz_t(), 2) > 1024) return negative ? -inf : inf;
  // mpq_get_d truncates towards zero, so q lies in [d, next) where next is
  // d's neighbour away from zero; the exact midpoint of the two decides.
  const double d = q.get_d();
  const fraction exact_d(d);
  if (q == exact_d) return d;
  const double next = std::nextafter(d, negative ? -inf : inf);
  fraction mid;
  if (std::isinf(next)) {
    // The neighbour would be ±2^1024: the midpoint is d + (d - prev)/2.
    const double prev = std::nextafter(d, 0.0);
    mid = exact_d + fraction(d - prev) / 2;
  } else {
    mid = (exact_d + fraction(next)) / 2;
  }
  int c = cmp(q, mid);
  if (negative) c = -c;  // now > 0: q is further from zero than mid
  const double r = c < 0 ? d : c > 0 ? next : mantissa_even(d) ? d : next;
  return r == 0.0 && negative ? -0.0 : r;
}

double parse_decimal_double(std::string_view text) { return to_double(parse_decimal(text)); }

std::string to_string(const fraction& q) { return q.get_str(10); }

}  // namespace qc
