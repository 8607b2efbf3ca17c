// Exact decimals and rationals (qc::fraction): parsing, range, rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/fraction.hpp"
#include "qc/core/error.hpp"
#include "train/split.hpp"  // splitmix64, for random decimals

namespace {

using qc::fraction;

double strtod_of(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

TEST(Fraction, ParsesPlainDecimals) {
  EXPECT_EQ(qc::parse_decimal("0.6"), fraction(3, 5));
  EXPECT_EQ(qc::parse_decimal("1"), fraction(1));
  EXPECT_EQ(qc::parse_decimal("0"), fraction());
  EXPECT_EQ(qc::parse_decimal(".5"), fraction(1, 2));
  EXPECT_EQ(qc::parse_decimal("0.010"), fraction(1, 100));
  EXPECT_EQ(qc::parse_decimal("5."), fraction(5));
  EXPECT_EQ(qc::parse_decimal("007.2500"), fraction(29, 4));
  EXPECT_EQ(qc::parse_decimal("-0.25"), fraction(-1, 4));
  EXPECT_EQ(qc::parse_decimal("+1.0"), fraction(1));
  EXPECT_EQ(qc::parse_decimal("-0"), fraction());
  EXPECT_EQ(qc::parse_decimal("1e-2"), fraction(1, 100));
  EXPECT_EQ(qc::parse_decimal("2.5E+3"), fraction(2500));
  EXPECT_EQ(qc::parse_decimal("0e999999999999"), fraction());
  EXPECT_EQ(qc::parse_decimal("0.1000000000000000000000000"), fraction(1, 10));
  EXPECT_EQ(qc::parse_decimal("0.000000000000000001"), fraction(1, 1000000000000000000));
  EXPECT_EQ(qc::parse_decimal("9223372036854775807"), fraction(INT64_MAX));
  EXPECT_EQ(qc::to_string(qc::parse_decimal("0.6")), "3/5");
  EXPECT_EQ(qc::to_string(qc::parse_decimal("-3")), "-3");
}

TEST(Fraction, RejectsOtherTextNamingIt) {
  for (const char* bad : {"", ".", "+", "-", "abc", "0.6x", " 0.6", "0.6 ", "1/2", "1e", "1e+",
                          "--1", "0x10", "1,5", "1.2.3", "inf", "nan", "e5", ".e1"}) {
    try {
      (void)qc::parse_decimal(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const qc::usage_error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos)
          << e.what();
    }
  }
}

TEST(Fraction, RejectsValuesBeyondItsRange) {
  EXPECT_THROW(qc::parse_decimal("0.0000000000000000001"), qc::usage_error);  // 19 places
  EXPECT_THROW(qc::parse_decimal("9223372036854775808"), qc::usage_error);    // 2^63
  EXPECT_THROW(qc::parse_decimal("1e19"), qc::usage_error);
  EXPECT_THROW(qc::parse_decimal("1.5e-18"), qc::usage_error);
}

TEST(Fraction, ToDoubleIsCorrectlyRounded) {
  EXPECT_EQ(qc::parse_decimal_double("0.18"), 0.18);
  EXPECT_EQ(qc::to_double(fraction(18, 100)), 0.18);
  EXPECT_EQ(qc::to_double(fraction(1, 3)), 1.0 / 3.0);
  EXPECT_EQ(qc::to_double(fraction(-2, 3)), -2.0 / 3.0);
  EXPECT_EQ(qc::to_double(fraction()), 0.0);
  EXPECT_FALSE(std::signbit(qc::to_double(fraction())));
  EXPECT_EQ(qc::to_double(fraction(INT64_MAX)), 9223372036854775808.0);
  EXPECT_EQ(qc::to_double(fraction(1, INT64_MAX)), 1.0 / 9223372036854775807.0);
  // 2^53 + 1 is halfway between two doubles: ties to even.
  EXPECT_EQ(qc::to_double(fraction(9007199254740993)), 9007199254740992.0);
  EXPECT_EQ(qc::to_double(fraction(9007199254740995)), 9007199254740996.0);
  // Every k/1000 and k/10^7 for a range of k agrees with strtod.
  for (int k = 0; k <= 20000; ++k) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%d.%03d", k / 1000, k % 1000);
    ASSERT_EQ(qc::parse_decimal_double(buf), strtod_of(buf)) << buf;
    std::snprintf(buf, sizeof buf, "0.%07d", k * 37 + 11);
    ASSERT_EQ(qc::parse_decimal_double(buf), strtod_of(buf)) << buf;
  }
  // Pseudo-random decimals with up to 18 significant digits and up to 18
  // places.
  qc::splitmix64 rng(7);
  for (int t = 0; t < 40000; ++t) {
    const bool small = t % 2 == 0;
    const std::uint64_t ip = small ? 0 : rng.next() % 1000000;
    const auto places = static_cast<int>(rng.next() % (small ? 19 : 13));
    std::string frac;
    for (int d = 0; d < places; ++d) frac.push_back(static_cast<char>('0' + rng.next() % 10));
    const std::string text = std::to_string(ip) + (places ? "." + frac : "");
    ASSERT_EQ(qc::parse_decimal_double(text), strtod_of(text)) << text;
    ASSERT_EQ(qc::parse_decimal_double("-" + text), strtod_of("-" + text)) << text;
  }
  // Non-decimal denominators against the division of two exact doubles.
  for (std::int64_t n = 1; n < 300; ++n) {
    for (std::int64_t d = 1; d < 300; ++d) {
      fraction q(n, d);
      q.canonicalize();  // gmpxx's two-argument constructor does not reduce
      ASSERT_EQ(qc::to_double(q), static_cast<double>(n) / static_cast<double>(d));
    }
  }
}
}  // namespace
