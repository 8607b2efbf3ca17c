// A table-driven loop (16 bytes at a time where SSE2 is there) copies runs of
// ordinary bytes; only '&' and literal white space take the slow path. UTF-8
// is checked with simdjson's validator.
#include "io/xml_attribute.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace qc {
namespace {

// 1: '&', 2: tab / LF / CR, 3: '<'.
struct special_table {
  unsigned char kind[256] = {};
  constexpr special_table() {
    kind[static_cast<unsigned char>('&')] = 1;
    kind[static_cast<unsigned char>('\t')] = 2;
    kind[static_cast<unsigned char>('\n')] = 2;
    kind[static_cast<unsigned char>('\r')] = 2;
    kind[static_cast<unsigned char>('<')] = 3;
  }
};
constexpr special_table specials{};

// The first special byte (specials.kind != 0) in [p, e), or e; 16 bytes at
// a time (SSE2, every x86-64), then byte by byte.
const char* next_special(const char* p, const char* e) noexcept {
#if defined(__SSE2__)
  for (; e - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto is = [&v](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    const __m128i hit = _mm_or_si128(_mm_or_si128(is('&'), is('<')),
                                     _mm_or_si128(_mm_or_si128(is('\t'), is('\n')), is('\r')));
    const int m = _mm_movemask_epi8(hit);
    if (m != 0) return p + __builtin_ctz(static_cast<unsigned>(m));
  }
#endif
  while (p < e && specials.kind[static_cast<unsigned char>(*p)] == 0) ++p;
  return p;
}

char* put_utf8(char* o, std::uint32_t cp) {
  if (cp < 0x80) {
    *o++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *o++ = static_cast<char>(0xC0 | (cp >> 6));
    *o++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *o++ = static_cast<char>(0xE0 | (cp >> 12));
    *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *o++ = static_cast<char>(0xF0 | (cp >> 18));
    *o++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *o++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return o;
}

std::string shown(std::string_view s) {
  constexpr std::size_t max_shown = 20;
  std::string out(s.substr(0, max_shown));
  if (s.size() > max_shown) out += "...";
  return out;
}

// Decodes the reference `ref` (between '&' and ';', exclusive) at `o`.
// Returns the new output end, or nullptr with `reason` set.
char* decode_reference(std::string_view ref, char* o, std::string& reason) {
  if (!ref.empty() && ref[0] == '#') {
    std::uint32_t cp = 0;
    std::size_t i = 1;
    const bool hex = ref.size() > 1 && ref[1] == 'x';
    if (hex) i = 2;
    if (i == ref.size()) {
      reason = "empty character reference '&" + shown(ref) + ";'";
      return nullptr;
    }
    for (; i < ref.size(); ++i) {
      const char c = ref[i];
      std::uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<std::uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        d = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        d = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        reason = "bad character reference '&" + shown(ref) + ";'";
        return nullptr;
      }
      cp = cp * (hex ? 16U : 10U) + d;
      if (cp > 0x10FFFF) break;
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      reason = "character reference '&" + shown(ref) + ";' is not a valid character";
      return nullptr;
    }
    return put_utf8(o, cp);
  }
  char c = 0;
  switch (ref.size()) {
    case 2:
      if (ref == "lt") c = '<';
      if (ref == "gt") c = '>';
      break;
    case 3:
      if (ref == "amp") c = '&';
      break;
    case 4:
      if (ref == "quot") c = '"';
      if (ref == "apos") c = '\'';
      break;
    default:
      break;
  }
  if (c == 0) {
    reason = "unknown entity '&" + shown(ref) + ";'";
    return nullptr;
  }
  *o++ = c;
  return o;
}

// For the one-pass JSON path: 1 '&', 2 literal white space, 3 '<',
// 4 a byte JSON escapes ('"', '\\', other C0 controls).
struct json_special_table {
  unsigned char kind[256] = {};
  constexpr json_special_table() {
    for (int c = 0; c < 0x20; ++c) kind[c] = 4;
    kind[static_cast<unsigned char>('"')] = 4;
    kind[static_cast<unsigned char>('\\')] = 4;
    kind[static_cast<unsigned char>('&')] = 1;
    kind[static_cast<unsigned char>('\t')] = 2;
    kind[static_cast<unsigned char>('\n')] = 2;
    kind[static_cast<unsigned char>('\r')] = 2;
    kind[static_cast<unsigned char>('<')] = 3;
  }
};
constexpr json_special_table json_specials{};

// The ';' that ends the reference whose '&' is at p (text up to e), or
// nullptr with `reason` set. References are short: a ';' missing from the
// next few bytes is an error.
const char* reference_end(const char* p, const char* e, std::string& reason) {
  constexpr std::size_t max_ref = 32;
  const std::size_t look = std::min<std::size_t>(static_cast<std::size_t>(e - p), max_ref);
  const void* semi = std::memchr(p + 1, ';', look > 0 ? look - 1 : 0);
  if (semi == nullptr) {
    reason = "'&' not followed by an entity or character reference ('" +
             shown(std::string_view(p, static_cast<std::size_t>(e - p))) + "')";
  }
  return static_cast<const char*>(semi);
}

// One byte as JSON string content (the rules of append_json_string).
void append_json_byte(std::string& out, char ch) {
  static constexpr char hex[] = "0123456789abcdef";
  const auto c = static_cast<unsigned char>(ch);
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    default:
      if (c < 0x20) {
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
      } else {
        out.push_back(ch);
      }
  }
}

}  // namespace

std::string append_xml_attribute_as_json(std::string& out, std::string_view raw) {
  if (!simdjson::validate_utf8(raw.data(), raw.size())) return "invalid UTF-8";
  out.reserve(out.size() + raw.size() + 2);
  out.push_back('"');
  const char* p = raw.data();
  const char* const e = p + raw.size();
  std::string reason;
  while (p < e) {
    const char* run = p;
    while (p < e && json_specials.kind[static_cast<unsigned char>(*p)] == 0) ++p;
    out.append(run, static_cast<std::size_t>(p - run));
    if (p == e) break;
    switch (json_specials.kind[static_cast<unsigned char>(*p)]) {
      case 1: {
        const char* s = reference_end(p, e, reason);
        if (s == nullptr) return reason;
        char decoded[4];
        const char* end = decode_reference(
            std::string_view(p + 1, static_cast<std::size_t>(s - p - 1)), decoded, reason);
        if (end == nullptr) return reason;
        if (end - decoded == 1) {
          append_json_byte(out, decoded[0]);
        } else {
          out.append(decoded, static_cast<std::size_t>(end - decoded));
        }
        p = s + 1;
        break;
      }
      case 2:
        out.push_back(' ');
        if (*p == '\r' && p + 1 < e && p[1] == '\n') ++p;
        ++p;
        break;
      case 3:
        return "'<' in an attribute value";
      default:
        append_json_byte(out, *p++);
        break;
    }
  }
  out.push_back('"');
  return {};
}

std::string decode_xml_attribute(std::string_view raw, std::string& out) {
  if (!simdjson::validate_utf8(raw.data(), raw.size())) return "invalid UTF-8";
  // Every reference and CR LF is at least as long as what it decodes to.
  out.resize(raw.size());
  char* const base = out.data();
  char* o = base;
  const char* p = raw.data();
  const char* const e = p + raw.size();
  std::string reason;
  while (p < e) {
    const char* run = p;
    p = next_special(p, e);
    std::memcpy(o, run, static_cast<std::size_t>(p - run));
    o += p - run;
    if (p == e) break;
    switch (specials.kind[static_cast<unsigned char>(*p)]) {
      case 1: {
        const char* s = reference_end(p, e, reason);
        if (s == nullptr) return reason;
        o = decode_reference(std::string_view(p + 1, static_cast<std::size_t>(s - p - 1)), o,
                             reason);
        if (o == nullptr) return reason;
        p = s + 1;
        break;
      }
      case 2:
        *o++ = ' ';
        if (*p == '\r' && p + 1 < e && p[1] == '\n') ++p;
        ++p;
        break;
      default:
        return "'<' in an attribute value";
    }
  }
  out.resize(static_cast<std::size_t>(o - base));
  return {};
}

}  // namespace qc
