// Recognising UTF-16 text at the start of an input, so that readers can say
// so instead of reporting the zero bytes as bad characters.
#pragma once
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace qc {

// True when `head` (the first bytes of a file) starts with a UTF-16 byte
// order mark (FF FE or FE FF), or has the zero-byte pattern of UTF-16 text:
// in most of its first byte pairs exactly one byte, always the same one, is 0.
inline bool looks_like_utf16(std::string_view head) noexcept {
  if (head.size() >= 2) {
    const auto a = static_cast<unsigned char>(head[0]), b = static_cast<unsigned char>(head[1]);
    if ((a == 0xFF && b == 0xFE) || (a == 0xFE && b == 0xFF)) return true;
  }
  const std::size_t pairs = std::min<std::size_t>(head.size(), 64) / 2;
  if (pairs < 2) return false;
  std::size_t high_zero = 0, low_zero = 0;
  for (std::size_t i = 0; i < pairs; ++i) {
    const char x = head[2 * i], y = head[2 * i + 1];
    high_zero += x == '\0' && y != '\0';
    low_zero += y == '\0' && x != '\0';
  }
  return std::max(high_zero, low_zero) * 4 >= pairs * 3;
}

constexpr const char* utf16_message =
    "the file is UTF-16 text, qclass reads UTF-8: convert it first (e.g. iconv -f UTF-16 -t "
    "UTF-8)";

}  // namespace qc
