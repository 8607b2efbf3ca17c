// The one hash of short strings (raw tokens, words) for the hash maps of the
// hot text path: XXH3 from libxxhash (inlined) when the build found it, else
// FNV-1a. Never 0, so a table may use 0 to mark an empty slot. Values only
// place keys in tables: nothing written anywhere depends on them.
#pragma once
#include <cstdint>
#include <string_view>

#if defined(QC_HAVE_XXHASH)
#define XXH_INLINE_ALL
#include <xxhash.h>
#endif

namespace qc {

inline std::uint64_t token_hash(std::string_view s) noexcept {
#if defined(QC_HAVE_XXHASH)
  return XXH3_64bits(s.data(), s.size()) | 1u;
#else
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h | 1u;
#endif
}

}  // namespace qc
