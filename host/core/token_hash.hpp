// The one hash of short strings (raw tokens, words) for the hash maps of the
// hot text path: for up to 8 bytes a finalizer of the bytes as one word
// (which a table also compares, so a token is loaded once), else XXH3 from
// libxxhash (inlined) when the build found it, else FNV-1a (core/fnv1a).
// Never 0, so a table may use 0 to mark an empty slot.
// Values only place keys in tables: nothing written anywhere depends on them.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(QC_HAVE_XXHASH)
#define XXH_INLINE_ALL
#include <xxhash.h>
#else
#include "core/fnv1a.hpp"
#endif

namespace qc {

// A key of up to 8 bytes as a little-endian word, zero-padded, by loads
// that stay within the key (overlapping when its length is not a power of
// two). Equal to token_word_padded when that may read past the key.
inline std::uint64_t token_word(std::string_view key) noexcept {
  const std::size_t n = key.size();
  const char* p = key.data();
  const auto load32 = [](const char* at) {
    std::uint32_t v;
    std::memcpy(&v, at, sizeof v);
    return std::uint64_t{v};
  };
  if (n >= 4) return load32(p) | (load32(p + n - 4) << (8 * (n - 4)));
  if (n == 0) return 0;
  const auto byte = [p](std::size_t i) {
    return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  };
  return byte(0) | byte(n / 2) | byte(n - 1);
}

// token_word of a key of 1 to 8 bytes by one load and a mask, without a
// branch: 8 bytes from key.data() must be readable.
inline std::uint64_t token_word_padded(std::string_view key) noexcept {
  std::uint64_t v;
  std::memcpy(&v, key.data(), sizeof v);
  return v & (~std::uint64_t{0} >> (64 - 8 * key.size()));
}

// The hash of a key of up to 8 bytes, from its word (a 64-bit finalizer:
// every bit of the word reaches the high bits that place and tag keys).
inline std::uint64_t short_token_hash(std::uint64_t word) noexcept {
  std::uint64_t h = word ^ 0x9E3779B97F4A7C15u;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9u;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBu;
  return (h ^ (h >> 31)) | 1u;
}

inline std::uint64_t token_hash(std::string_view s) noexcept {
  if (s.size() <= 8) return short_token_hash(token_word(s));
#if defined(QC_HAVE_XXHASH)
  return XXH3_64bits(s.data(), s.size()) | 1u;
#else
  return fnv1a64(s) | 1u;
#endif
}

}  // namespace qc
