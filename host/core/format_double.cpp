#include "core/format_double.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string_view>
#include <system_error>

namespace qc {

void append_double(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "nan";
    return;
  }
  if (std::isinf(x)) {
    out += x < 0 ? "-inf" : "inf";
    return;
  }
  // Shortest round-trip digits in scientific form: [-]d[.ddd]e(+|-)XX.
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
  if (s.front() == '-') {
    out.push_back('-');
    s.remove_prefix(1);
  }
  const std::size_t epos = s.find('e');
  char digit_buf[sizeof buf];  // the significand's digits (no heap: a row writes two doubles)
  std::size_t n_digits = 0;
  for (char c : s.substr(0, epos)) {
    if (c != '.') digit_buf[n_digits++] = c;
  }
  const std::string_view digits(digit_buf, n_digits);
  int exp = 0;
  for (char c : s.substr(epos + 2)) exp = exp * 10 + (c - '0');
  if (s[epos + 1] == '-') exp = -exp;

  const auto nd = static_cast<int>(digits.size());
  if (exp >= -4 && exp < 16) {
    if (exp >= 0) {
      if (nd <= exp + 1) {
        out += digits;
        out.append(static_cast<std::size_t>(exp + 1 - nd), '0');
        out += ".0";
      } else {
        out.append(digits, 0, static_cast<std::size_t>(exp + 1));
        out.push_back('.');
        out.append(digits, static_cast<std::size_t>(exp + 1), std::string::npos);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    }
  } else {
    out.push_back(digits[0]);
    if (nd > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(exp < 0 ? '-' : '+');
    const int a = exp < 0 ? -exp : exp;
    if (a < 10) out.push_back('0');
    out += std::to_string(a);
  }
}

std::string format_double(double x) {
  std::string out;
  append_double(out, x);
  return out;
}

std::string with_thousands(std::size_t n) {
  std::string s = std::to_string(n);
  for (std::size_t i = s.size(); i > 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

}  // namespace qc
