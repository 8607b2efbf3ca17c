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
#include <cstdint>
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

// The runs of a 16-byte block's token mask `m` (block at `at`): a run that
// is open on entry (open == true, from `start`) may close here; a run still
// open at the block's end stays open.
template <class F>
void token_runs16(std::string_view text, std::size_t at, std::uint32_t m, bool& open,
                  std::size_t& start, F& f) {
  unsigned cur = 0;
  while (cur < 16) {
    const std::uint32_t rest = (open ? ~m & 0xFFFFu : m) >> cur;
    if (!rest) return;
    cur += static_cast<unsigned>(__builtin_ctz(rest));
    if (open)
      f(text.substr(start, at + cur - start));
    else
      start = at + cur;
    open = !open;
  }
}
}  // namespace detail

// 1.4: calls f(std::string_view) for each raw token of an already-normalized
// text, 16 bytes at a time (SSE2 character classes), then byte by byte.
template <class F>
void for_each_raw_token(std::string_view text, F&& f) {
  const std::size_t n = text.size();
  std::size_t i = 0, start = 0;
  bool open = false;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16)
    detail::token_runs16(text, i, detail::token_char_mask16(text.data() + i), open, start, f);
#endif
  for (; i < n; ++i) {
    if (is_token_char(text[i]) == open) continue;
    if (open)
      f(text.substr(start, i - start));
    else
      start = i;
    open = !open;
  }
  if (open) f(text.substr(start, n - start));
}

}  // namespace qc
