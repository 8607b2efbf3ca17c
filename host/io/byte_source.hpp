// The bytes of one input file, read front to back, decompressed on the fly
// when the file is compressed. Compression is recognized by the file's first
// bytes, never by its name: gzip, bzip2, xz, zstd and lz4 single streams, and
// 7z archives (the entry named Posts.xml, else the first file entry), all
// through libarchive. Nothing is unpacked to disk.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace qc {

enum class compression { none, gzip, bzip2, xz, zstd, lz4, sevenzip };

// "none", "gzip", "bzip2", "xz", "zstd", "lz4", "7z".
const char* compression_name(compression c) noexcept;

class byte_source {
 public:
  virtual ~byte_source();
  byte_source() = default;
  byte_source(const byte_source&) = delete;
  byte_source& operator=(const byte_source&) = delete;

  // Copies up to `n` bytes to `dst`; returns 0 only at the end of the input.
  // Throws io_error when reading or decompressing fails.
  std::size_t read(char* dst, std::size_t n);

  // The first bytes of the (decompressed) input without consuming them: up
  // to `n` bytes, fewer only when the input is shorter. Only before read().
  std::string_view peek(std::size_t n);

  compression kind() const noexcept { return kind_; }
  // The name in messages: the path, or "<stdin>" for "-".
  const std::string& display() const noexcept { return display_; }
  // For 7z archives, the entry being read; empty otherwise.
  const std::string& entry() const noexcept { return entry_; }

  // Plain regular files only (others ignore it): a read() of at least
  // 2 MiB goes as up to `threads` pieces of 1 MiB or more, read at once on
  // as many threads (pread), so that one reader keeps up with many parsing
  // threads. The bytes read are the same. Default 1.
  void read_in_parallel(unsigned threads) noexcept { read_threads_ = threads < 1 ? 1 : threads; }

 protected:
  virtual std::size_t read_some(char* dst, std::size_t n) = 0;

  compression kind_ = compression::none;
  std::string display_;
  std::string entry_;
  unsigned read_threads_ = 1;

 private:
  std::string ahead_;  // peeked bytes not yet consumed by read()
  std::size_t ahead_pos_ = 0;
  bool started_ = false;
};

// Read threads for a reader with `parse_threads` parsing threads: one for
// every four, from 1 to 4 (with 16 parsing threads, a region of 8 MiB is
// read in about the time its parsing takes).
constexpr unsigned read_threads_for(unsigned parse_threads) {
  return parse_threads < 8 ? 1 : parse_threads < 16 ? parse_threads / 4 : 4;
}

// Opens `path` ("-" is standard input). Throws io_error when the file cannot
// be opened or is a directory, when a compressed input is damaged, and for a
// 7z archive on a pipe (7z needs a seekable file). Compressed inputs are
// decompressed by a background thread, ahead of the reader.
std::unique_ptr<byte_source> open_byte_source(const std::string& path);

// The same, in the calling thread only (benchmarks use it to time
// decompression alone).
std::unique_ptr<byte_source> open_byte_source_unthreaded(const std::string& path);

// The bytes [begin, end) of a plain regular file, both clamped to its size,
// which goes to `file_size` when given. Throws usage_error for a compressed
// file (a compressed stream cannot be entered at a byte offset) and for a
// pipe or device, io_error when the file cannot be opened or read.
// The compression of a regular file, from its first bytes (none for an
// empty or short file). Throws io_error when it cannot be opened, usage_error
// for a pipe or device.
compression file_compression(const std::string& path);

std::unique_ptr<byte_source> open_byte_window(const std::string& path, std::uint64_t begin,
                                              std::uint64_t end,
                                              std::uint64_t* file_size = nullptr);

}  // namespace qc
