// Exact fractions (GMP's mpq_class) for the decimals a user types
// (DEFINITIONS.md 3 and 8: `--split F`, `--alpha`, the sweep grid) and for
// the exact best alpha of a sweep. Values cross the API as fractions, never
// as text; text is for output only (to_string).
#pragma once
#include <gmpxx.h>

#include <string>
#include <string_view>

namespace qc {

// Always canonical (lowest terms, positive denominator): the functions here
// return canonical values, and gmpxx arithmetic keeps them so; a fraction
// built from a numerator and a denominator needs canonicalize().
using fraction = mpq_class;

// Parses a plain decimal:  [+-] ( DIGITS [ "." [DIGITS] ] | "." DIGITS ) [ (e|E) [+-] DIGITS ]
// such as "0.6" (= 3/5), "1", "0", ".5", "0.010", "5.", "-0.25", "1e-2".
// No spaces, no fractions like "1/2", no hex, no inf or nan. Leading zeros
// and trailing fractional zeros are free; after removing them the value
// must be D·10^E with D < 2^63 and -18 <= E and D·10^E < 2^63. Throws
// qc::usage_error naming the text otherwise.
fraction parse_decimal(std::string_view text);

// The double nearest to q, ties to even, rounded once (±infinity beyond the
// largest double, as IEEE 754 rounding gives): to_double(parse_decimal("0.18"))
// == 0.18, and in general it equals strtod() of the exact decimal.
double to_double(const fraction& q);

// The decimal a user typed as the nearest double: to_double(parse_decimal(text)).
double parse_decimal_double(std::string_view text);

// "3/5", "3" when the denominator is 1, "-1/4".
std::string to_string(const fraction& q);

}  // namespace qc
