// HTML and plain text to ASCII text (DEFINITIONS.md 1.2, 1.3).
#include "text/html_text.hpp"

#include <cstdint>

namespace qc {
namespace {

inline char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c + 32) : c; }

#if defined(__SSE2__)
// 16 bytes with A-Z lowercased (bytes >= 0x80 compare as negative: unchanged).
inline __m128i lower16(__m128i v) noexcept {
  const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                      _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
  return _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
}
#endif

// Appends s without its bytes >= 0x80, ASCII-lowercased; 16 bytes at a time
// where they are all ASCII. Writes into room made once (s.size() bytes at
// most), then cuts out to what was written.
void append_ascii_lower(std::string& out, std::string_view s) {
  const std::size_t at = out.size();
  out.resize(at + s.size());
  char* const first = &out[0];
  char* o = first + at;
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    if (_mm_movemask_epi8(v) != 0) {
      for (std::size_t j = i; j < i + 16; ++j)
        if (static_cast<unsigned char>(s[j]) < 0x80) *o++ = ascii_lower(s[j]);
      continue;
    }
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), lower16(v));
    o += 16;
  }
#endif
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) < 0x80) *o++ = ascii_lower(s[i]);
  out.resize(static_cast<std::size_t>(o - first));
}

// True when s[i..] starts with `lower` once ASCII-lowercased: the texts are
// not lowercased first (step 1), so every literal of steps 2 and 4 is
// matched this way, which is what matching on the lowercased text does.
bool starts_with_lowered(std::string_view s, std::size_t i, std::string_view lower) {
  if (i > s.size() || s.size() - i < lower.size()) return false;
  for (std::size_t k = 0; k < lower.size(); ++k)
    if (ascii_lower(s[i + k]) != lower[k]) return false;
  return true;
}

// The first '<' or '>' in s from i on, or s.size().
std::size_t find_angle(std::string_view s, std::size_t i) {
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const int m = _mm_movemask_epi8(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('>'))));
    if (m != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
  }
#endif
  while (i < s.size() && s[i] != '<' && s[i] != '>') ++i;
  return i;
}

// Step 2: length of a <code[^>]*>[^<]+</code> match starting at i, or 0.
std::size_t code_element_length(std::string_view s, std::size_t i) {
  static constexpr std::string_view open = "<code";
  static constexpr std::string_view close = "</code>";
  if (!starts_with_lowered(s, i, open)) return 0;
  const std::size_t gt = s.find('>', i + open.size());
  if (gt == std::string_view::npos) return 0;
  const std::size_t text_begin = gt + 1;
  const std::size_t lt = s.find('<', text_begin);
  if (lt == std::string_view::npos || lt == text_begin) return 0;
  if (!starts_with_lowered(s, lt, close)) return 0;
  return lt + close.size() - i;
}

// Steps 2 and 3 in one scan: ' '.join(re.findall(r'>([^<>]*)<', r)), where
// r is s without its code elements (unless keep_code). A code element is
// skipped where its '<' is met, in either state, exactly as step 2 removes
// it before step 3 looks; a run between '>' and '<' may span one. A run is
// appended as it is read (after its separator) and cut back when a '>' or
// the end comes before its '<'.
void text_between_tags(std::string_view s, bool keep_code, std::string& out) {
  out.clear();
  bool first = true, open = false;
  std::size_t mark = 0;  // out's size before the open run's separator
  std::size_t i = 0;
  while (true) {
    // find_first_of("<>") would call memchr once per character.
    const std::size_t e = find_angle(s, i);
    if (open) out.append(s.data() + i, e - i);
    if (e == s.size()) break;
    i = e + 1;
    if (s[e] == '>') {  // a run starts here (an open one is dropped)
      if (open) out.resize(mark);
      mark = out.size();
      if (!first) out.push_back(' ');
      open = true;
      continue;
    }
    const std::size_t code = keep_code ? 0 : code_element_length(s, e);
    if (code) {
      i = e + code;
    } else if (open) {  // the run is kept
      first = false;
      open = false;
    }
  }
  if (open) out.resize(mark);
}

constexpr std::uint32_t kSaturated = 0x110000;  // above any code point

// Parses the number of a numeric reference starting at s[i] (just after "&#").
// Returns the index just past ';' and the value, or npos when the text does not
// have the form DIGITS; or xHEX; (at least one digit).
std::size_t numeric_reference(std::string_view s, std::size_t i, std::uint32_t& value) {
  const bool hex = i < s.size() && ascii_lower(s[i]) == 'x';
  if (hex) ++i;
  const std::size_t start = i;
  std::uint32_t v = 0;
  for (; i < s.size(); ++i) {
    const char c = ascii_lower(s[i]);
    std::uint32_t d;
    if (c >= '0' && c <= '9') {
      d = std::uint32_t(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = std::uint32_t(c - 'a' + 10);
    } else {
      break;
    }
    const std::uint32_t base = hex ? 16 : 10;
    v = v >= kSaturated ? kSaturated : v * base + d;
    if (v > kSaturated) v = kSaturated;
  }
  if (i == start || i >= s.size() || s[i] != ';') return std::string_view::npos;
  value = v;
  return i + 1;
}

// Step 4 followed by steps 5 and 6 (drop non-ASCII, lowercase), fused, on
// text that step 1 has not lowercased (entity names match in any case).
void decode_entities_ascii(std::string_view s, std::string& out) {
  struct named {
    std::string_view name;
    char ch;
  };
  static constexpr named kNamed[] = {{"&lt;", '<'},   {"&gt;", '>'},    {"&amp;", '&'},
                                     {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", ' '}};
  out.clear();
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      append_ascii_lower(out, s.substr(i));
      break;
    }
    append_ascii_lower(out, s.substr(i, amp - i));
    i = amp;
    bool done = false;
    for (const named& e : kNamed) {
      if (starts_with_lowered(s, i, e.name)) {
        out.push_back(e.ch);
        i += e.name.size();
        done = true;
        break;
      }
    }
    if (!done && i + 1 < s.size() && s[i + 1] == '#') {
      std::uint32_t v = 0;
      const std::size_t end = numeric_reference(s, i + 2, v);
      if (end != std::string_view::npos) {
        if (v <= 127) out.push_back(ascii_lower(static_cast<char>(v)));
        i = end;
        done = true;
      }
    }
    if (!done) {
      out.push_back('&');
      ++i;
    }
  }
}

}  // namespace

void plain_to_text(std::string_view text, std::string& out) {
  out.clear();
  append_ascii_lower(out, text);
}

std::string plain_to_text(std::string_view text) {
  std::string out;
  plain_to_text(text, out);
  return out;
}

void html_to_text(std::string_view html, bool keep_code, std::string& out, std::string& scratch) {
  // Steps 2-3 into `scratch` straight from the body (step 1 is folded into
  // every literal match), then steps 4-6 into `out`: the body is read once
  // and only the text between tags is copied. No allocation once the
  // buffers have grown.
  text_between_tags(html, keep_code, scratch);
  decode_entities_ascii(scratch, out);
}

std::string html_to_text(std::string_view html, bool keep_code) {
  std::string out, scratch;
  html_to_text(html, keep_code, out, scratch);
  return out;
}

}  // namespace qc
