// The one hash of short strings (raw tokens, words) for the hash maps of the
// hot text path: XXH3 from libxxhash (inlined) when the build found it, else
// FNV-1a (core/fnv1a). Never 0, so a table may use 0 to mark an empty slot.
// Values only place keys in tables: nothing written anywhere depends on them.
#pragma once
#include <cstdint>
#include <string_view>

#if defined(QC_HAVE_XXHASH)
#define XXH_INLINE_ALL
#include <xxhash.h>
#else
#include "core/fnv1a.hpp"
#endif

namespace qc {

inline std::uint64_t token_hash(std::string_view s) noexcept {
#if defined(QC_HAVE_XXHASH)
  return XXH3_64bits(s.data(), s.size()) | 1u;
#else
  return fnv1a64(s) | 1u;
#endif
}

}  // namespace qc
