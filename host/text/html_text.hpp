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
#include <string>
#include <string_view>

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

inline bool is_token_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// 1.4: calls f(std::string_view) for each raw token of an already-normalized text.
template <class F>
void for_each_raw_token(std::string_view text, F&& f) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !is_token_char(text[i])) ++i;
    const std::size_t b = i;
    while (i < n && is_token_char(text[i])) ++i;
    if (i > b) f(text.substr(b, i - b));
  }
}

}  // namespace qc
