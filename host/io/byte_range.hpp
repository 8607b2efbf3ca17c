// Byte-range input splits: reading the records of one part of a plain file,
// so that the parts of a file can be read by separate processes or machines.
//
// The rule: a record belongs to the range in which its first byte falls. A
// JSON Lines record starts at byte 0 or right after a '\n'; a Posts.xml
// record is a <row .../> element and its first byte is its '<'. Any set of
// ranges that tiles a file ([0,a), [a,b), ..., [z, size or more)) therefore
// reads every record exactly once, in file order. Ranges are over the file's
// bytes, so only plain (uncompressed) regular files can be split.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/byte_source.hpp"
#include "io/post_source.hpp"

namespace qc {

// Where a range's records lie in their file.
struct range_span {
  std::uint64_t begin = 0;      // the first record's first byte (or `end`)
  std::uint64_t end = 0;        // just past the last record (the next range's `begin`)
  std::uint64_t file_size = 0;  // the whole file's size
  std::size_t first_line = 1;   // the file's 1-based line number at `begin`

  bool empty() const noexcept { return begin == end; }
  bool at_file_start() const noexcept { return begin == 0 && !empty(); }
  bool at_file_end() const noexcept { return end == file_size && !empty(); }
};

// Parses "START:END" (decimal byte offsets; END may be left out for the end
// of the file). Throws usage_error when it is malformed or START > END.
byte_range parse_byte_range(std::string_view text);

// Finds the records of `range` in `path`: reads around its two ends and
// counts the lines before its first record (one pass over the file's first
// `range.begin` bytes). Throws usage_error when START > END, or when the
// file is compressed or not a regular file.
range_span resolve_byte_range(const std::string& path, post_format format, byte_range range);

// The bytes of a resolved span for its reader: [begin, end) for JSON Lines;
// for Posts.xml the file from `begin` on (the scanner stops at `end` itself,
// reading on only to diagnose a malformed last row as the whole file would).
std::unique_ptr<byte_source> open_span(const std::string& path, const range_span& span,
                                       post_format format);

// `n` ranges of (nearly) equal size that tile a file of `file_size` bytes;
// the last one runs to the end of the file (END left out). Throws
// usage_error unless 1 <= n <= 2^24.
std::vector<byte_range> tile_byte_ranges(std::uint64_t file_size, std::size_t n);

// The same for a plain file on disk (usage_error for a compressed one).
std::vector<byte_range> tile_file_byte_ranges(const std::string& path, std::size_t n);

// How a distributed reader splits `path`: tile_file_byte_ranges(path, n) for
// a plain file; one range, the whole file, for a compressed one (a compressed
// stream cannot be entered at a byte offset).
std::vector<byte_range> plan_file_splits(const std::string& path, std::size_t n);

// "START:END", as parse_byte_range reads it.
std::string format_byte_range(const byte_range& r);

}  // namespace qc
