// FNV-1a, 64 bits: a short, stable hash of bytes (model checksums, the hash
// map of text processing, the labeling page's storage key), and its text.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace qc {

inline std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// Sixteen lowercase hex digits.
inline std::string hex64(std::uint64_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = kHex[v & 15];
  return s;
}

}  // namespace qc
