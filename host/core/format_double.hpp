// Numbers as text: doubles as the shortest decimal that reads back as the
// same double, laid out like Python's repr(float), e.g. 0.18, 1.0, 1e-05,
// 1e+16; counts with thousands separators for people.
#pragma once
#include <cstddef>
#include <string>

namespace qc {

// Appends x to `out`. Finite values: the shortest round-trip digits
// (std::to_chars), in fixed notation when the decimal exponent e of
// d.ddd x 10^e satisfies -4 <= e < 16 (always with a fractional part, so
// integral values end in ".0"), otherwise as d.ddde+XX / d.ddde-XX with at
// least two exponent digits. -0.0 gives "-0.0". Non-finite values give
// "nan", "inf" and "-inf" as Python does; JSON writers must not pass them.
void append_double(std::string& out, double x);

// The same, as a new string.
std::string format_double(double x);

// 12,345
std::string with_thousands(std::size_t n);

}  // namespace qc
