// Byte ranges: a range's first and last records are found by reading a few
// bytes around its two ends, never by parsing the file from its start; only
// the line count before the range's first record needs the bytes before it.
#include "io/byte_range.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

#include "io/int_text.hpp"
#include "io/tag_text.hpp"
#include "qc/core/error.hpp"

namespace qc {
namespace {

constexpr std::size_t scan_block = std::size_t{64} << 10;  // around a range's ends
constexpr std::size_t count_block = std::size_t{1} << 20;  // counting lines
constexpr std::size_t max_tiles = std::size_t{1} << 24;

// The first JSON Lines record start at or after `from` (0 < from < size):
// just past the first '\n' at or after from - 1, or `size`.
std::uint64_t next_line_start(const std::string& path, std::uint64_t from, std::uint64_t size) {
  const std::unique_ptr<byte_source> src = open_byte_window(path, from - 1, size);
  std::vector<char> buf(scan_block);
  std::uint64_t at = from - 1;  // the file offset of buf[0]
  for (;;) {
    const std::size_t n = src->read(buf.data(), buf.size());
    if (n == 0) return size;
    const auto* nl = static_cast<const char*>(std::memchr(buf.data(), '\n', n));
    if (nl != nullptr) return at + static_cast<std::uint64_t>(nl - buf.data()) + 1;
    at += n;
  }
}

// "<row" followed by white space, '/' or '>' at buf[p] (p + 4 < size).
bool row_start_at(std::string_view buf, std::size_t p) {
  const char c = buf[p + 4];
  return is_text_space(c) || c == '/' || c == '>';
}

// The first Posts.xml row start ('<' of "<row") at or after `from`
// (0 < from < size), or `size`.
std::uint64_t next_row_start(const std::string& path, std::uint64_t from, std::uint64_t size) {
  const std::unique_ptr<byte_source> src = open_byte_window(path, from, size);
  std::vector<char> block(scan_block);
  std::string buf;
  std::uint64_t base = from;  // the file offset of buf[0]
  for (;;) {
    const std::size_t n = src->read(block.data(), block.size());
    buf.append(block.data(), n);
    for (std::size_t p = buf.find("<row"); p != std::string::npos; p = buf.find("<row", p + 1)) {
      if (p + 4 >= buf.size()) break;  // its next byte is still to come
      if (row_start_at(buf, p)) return base + p;
    }
    if (n == 0) return size;
    const std::size_t keep = std::min<std::size_t>(buf.size(), 4);  // a "<row" cut by the block
    base += buf.size() - keep;
    buf.erase(0, buf.size() - keep);
  }
}

// Where the first record at or after `at` starts (`size` when none does).
std::uint64_t record_start(const std::string& path, post_format format, std::uint64_t at,
                           std::uint64_t size) {
  if (at == 0) return 0;
  if (at >= size) return size;
  return format == post_format::posts_xml ? next_row_start(path, at, size)
                                          : next_line_start(path, at, size);
}

// The '\n' bytes among the file's first `n` bytes.
std::uint64_t count_newlines(const std::string& path, std::uint64_t n) {
  const std::unique_ptr<byte_source> src = open_byte_window(path, 0, n);
  std::vector<char> buf(count_block);
  std::uint64_t lines = 0;
  for (;;) {
    const std::size_t got = src->read(buf.data(), buf.size());
    if (got == 0) return lines;
    lines += static_cast<std::uint64_t>(std::count(buf.data(), buf.data() + got, '\n'));
  }
}

std::uint64_t parse_offset(std::string_view s, std::string_view whole) {
  const std::optional<std::int64_t> v = parse_int64_text(s);
  if (!v || *v < 0 || s[0] == '+') {
    throw usage_error("byte range '" + std::string(whole) +
                      "': expected START:END, two byte offsets (non-negative integers)");
  }
  return static_cast<std::uint64_t>(*v);
}

}  // namespace

byte_range parse_byte_range(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    throw usage_error("byte range '" + std::string(text) + "': expected START:END");
  }
  byte_range r;
  r.begin = parse_offset(text.substr(0, colon), text);
  const std::string_view end = text.substr(colon + 1);
  r.end = end.empty() ? UINT64_MAX : parse_offset(end, text);
  if (r.begin > r.end) {
    throw usage_error("byte range '" + std::string(text) + "': START is past END");
  }
  return r;
}

std::string format_byte_range(const byte_range& r) {
  return std::to_string(r.begin) + ":" + (r.end == UINT64_MAX ? "" : std::to_string(r.end));
}

range_span resolve_byte_range(const std::string& path, post_format format, byte_range range) {
  if (range.begin > range.end) {
    throw usage_error("byte range " + format_byte_range(range) + ": START is past END");
  }
  range_span s;
  open_byte_window(path, 0, 0, &s.file_size);  // a plain regular file, and its size
  s.begin = record_start(path, format, range.begin, s.file_size);
  s.end = std::max(s.begin, record_start(path, format, range.end, s.file_size));
  if (!s.empty() && s.begin > 0) s.first_line = 1 + count_newlines(path, s.begin);
  return s;
}

std::unique_ptr<byte_source> open_span(const std::string& path, const range_span& span,
                                       post_format format) {
  return open_byte_window(path, span.begin,
                          format == post_format::posts_xml ? span.file_size : span.end);
}

std::vector<byte_range> tile_byte_ranges(std::uint64_t file_size, std::size_t n) {
  if (n == 0 || n > max_tiles) {
    throw usage_error("the number of byte ranges must be 1 to " + std::to_string(max_tiles));
  }
  const std::uint64_t q = file_size / n;
  const std::uint64_t r = file_size % n;  // r * i < n * n fits: n <= 2^24
  std::vector<byte_range> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i].begin = q * i + r * i / n;
    out[i].end = i + 1 < n ? q * (i + 1) + r * (i + 1) / n : UINT64_MAX;
  }
  return out;
}

std::vector<byte_range> tile_file_byte_ranges(const std::string& path, std::size_t n) {
  std::uint64_t size = 0;
  open_byte_window(path, 0, 0, &size);
  return tile_byte_ranges(size, n);
}

std::vector<byte_range> plan_file_splits(const std::string& path, std::size_t n) {
  if (file_compression(path) != compression::none) {
    tile_byte_ranges(0, n);  // the same check of n
    return {byte_range{}};
  }
  return tile_file_byte_ranges(path, n);
}

}  // namespace qc
