// Post text to ASCII text and raw tokens, exactly as DEFINITIONS.md 1.2-1.4:
//
// Plain text (1.2): delete every code point above U+007F, then ASCII-lowercase.
// HTML (1.3), in this order:
//   1. ASCII-lowercase the whole body.
//   2. Unless keep_code: delete every match of <code[^>]*>[^<]+</code>, left to
//      right, without overlaps (so <code></code> and <code>a<b>c</b></code> stay).
//   3. Keep only text between tags: the runs of characters other than < and >
//      directly preceded by > and directly followed by <, joined with one space
//      (Python: ' '.join(re.findall(r'>([^<>]*)<', s))). Text before the first
//      tag and after the last is lost.
//   4. Decode entities in one pass, never rescanning decoded text: &lt; &gt;
//      &amp; &quot; &apos; -> < > & " '; &nbsp; -> space; &#DIGITS; and
//      &#xHEX; -> that code point when <= 127, else nothing (numbers saturate).
//      Anything else (&eacute;, &#x;, &amp without ;) stays literally.
//   5. Delete every code point above U+007F.
//   6. ASCII-lowercase again (numeric references may have produced A-Z).
// Raw tokens (1.4): the maximal runs of [a-z0-9_], in order.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qc {

// 1.2. Input must be valid UTF-8 (bytes >= 0x80 are dropped as whole code points).
std::string plain_to_text(std::string_view text);
// The same into `out` (cleared first), reusing its capacity.
void plain_to_text(std::string_view text, std::string& out);

// 1.3. Input must be valid UTF-8.
std::string html_to_text(std::string_view html, bool keep_code);
// The same into `out`, with `scratch` as working space; both keep their
// capacity between calls, so a caller that reuses them allocates nothing.
void html_to_text(std::string_view html, bool keep_code, std::string& out, std::string& scratch);

namespace detail {
struct token_char_table {
  bool is[256] = {};
  constexpr token_char_table() {
    for (int c = 'a'; c <= 'z'; ++c) is[c] = true;
    for (int c = '0'; c <= '9'; ++c) is[c] = true;
    is[static_cast<unsigned char>('_')] = true;
  }
};
inline constexpr token_char_table kTokenChars{};
}  // namespace detail

// [a-z0-9_], by table lookup (one load instead of three range checks).
inline bool is_token_char(char c) noexcept {
  return detail::kTokenChars.is[static_cast<unsigned char>(c)];
}

namespace detail {
#if defined(__SSE2__)
// Bit j set when p[j] is in [a-z0-9_], for 16 bytes (SSE2: every x86-64).
// Bytes >= 0x80 compare as negative, so they are never token characters.
inline std::uint32_t token_char_mask16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto in = [&](char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  const __m128i tok =
      _mm_or_si128(_mm_or_si128(in('a', 'z'), in('0', '9')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  return static_cast<std::uint32_t>(_mm_movemask_epi8(tok));
}
#endif

// Bit j set when p[j] is a token character, for 64 bytes.
inline std::uint64_t token_char_mask64(const char* p) noexcept {
#if defined(__SSE2__)
  return std::uint64_t{token_char_mask16(p)} | std::uint64_t{token_char_mask16(p + 16)} << 16 |
         std::uint64_t{token_char_mask16(p + 32)} << 32 |
         std::uint64_t{token_char_mask16(p + 48)} << 48;
#else
  std::uint64_t m = 0;
  for (unsigned j = 0; j < 64; ++j) m |= std::uint64_t{is_token_char(p[j])} << j;
  return m;
#endif
}

// Set bits of x (no POPCNT instruction is assumed: the build targets every x86-64).
inline unsigned popcount64(std::uint64_t x) noexcept {
  x = x - ((x >> 1) & 0x5555555555555555ULL);
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<unsigned>((x * 0x0101010101010101ULL) >> 56);
}

// Appends at + the index of each set bit of `bits`, ascending, to out[n...],
// 8 at a time with no branch per bit; writes up to 16 entries past the new n.
inline void append_bit_positions(std::uint32_t* out, std::size_t& n, std::uint32_t at,
                                 std::uint64_t bits) noexcept {
  const unsigned count = popcount64(bits);
  std::uint32_t* o = out + n;
  constexpr std::uint64_t kTop = std::uint64_t{1} << 63;  // ctz of 0 is undefined
  const auto next = [&] {
    const auto i = at + static_cast<std::uint32_t>(__builtin_ctzll(bits | kTop));
    bits &= bits - 1;
    return i;
  };
  for (unsigned j = 0; j < 8; ++j) o[j] = next();
  if (count > 8) {
    for (unsigned j = 8; j < 16; ++j) o[j] = next();
    for (unsigned j = 16; j < count; ++j) o[j] = next();
  }
  n += count;
}

// The token boundaries of one segment of a text: starts[k] and ends[k] are
// offsets from the segment's first byte.
struct token_bounds {
  static constexpr std::size_t kSegment = 2048;  // bytes; a multiple of 64
  static constexpr std::size_t kRoom = kSegment / 2 + 16;
  std::uint32_t starts[kRoom], ends[kRoom];
  std::size_t n_starts = 0, n_ends = 0;
  std::uint64_t carry = 0;  // 1 when the byte before the next block is a token character

  void add_block(std::uint64_t m, std::uint32_t at) noexcept {
    const std::uint64_t before = (m << 1) | carry;
    carry = m >> 63;
    append_bit_positions(starts, n_starts, at, m & ~before);
    append_bit_positions(ends, n_ends, at, ~m & before);
  }
};
}  // namespace detail

// 1.4: calls f(std::string_view) for each raw token of an already-normalized
// text, in order. The text goes 64 bytes at a time: character classes by
// SSE2, then the bits where a token starts and ends, turned into offsets
// without a branch per token; then f runs over the tokens of each 2 KiB
// segment. A token may span segments.
template <class F>
void for_each_raw_token(std::string_view text, F&& f) {
  using detail::token_bounds;
  const char* const p = text.data();
  const std::size_t n = text.size();
  token_bounds b;
  std::size_t open_start = 0;  // where a token open across segments started
  bool open = false;
  for (std::size_t seg = 0; seg < n; seg += token_bounds::kSegment) {
    const std::size_t end = std::min(n, seg + token_bounds::kSegment);
    b.n_starts = b.n_ends = 0;
    std::size_t i = seg;
    for (; i + 64 <= end; i += 64)
      b.add_block(detail::token_char_mask64(p + i), static_cast<std::uint32_t>(i - seg));
    if (i < end) {  // the text's last bytes, zero-padded: an open token ends at n
      alignas(16) char tail[64] = {};
      std::memcpy(tail, p + i, end - i);
      b.add_block(detail::token_char_mask64(tail), static_cast<std::uint32_t>(i - seg));
    } else if (end == n && b.carry) {
      b.ends[b.n_ends++] = static_cast<std::uint32_t>(n - seg);
    }
    if (open && b.n_ends == 0) continue;  // the open token spans this whole segment
    // The first end closes a token carried from an earlier segment.
    const std::size_t d = open ? 1 : 0;
    if (open) f(std::string_view(p + open_start, seg + b.ends[0] - open_start));
    for (std::size_t k = d; k < b.n_ends; ++k)
      f(std::string_view(p + seg + b.starts[k - d], b.ends[k] - b.starts[k - d]));
    open = b.n_starts + d > b.n_ends;  // the last token runs on into the next segment
    if (open) open_start = seg + b.starts[b.n_starts - 1];
  }
}

}  // namespace qc
