// What the fuzz targets share: an input held in memory as a byte_source (the
// readers read it as they would a file), the same bytes as a file with a path
// (for the parsers that open a path), and the rule that qclass's own errors
// are expected answers while anything else is a finding.
#pragma once
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "io/byte_source.hpp"
#include "qc/core/error.hpp"

namespace qc_fuzz {

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// The input as a byte_source that hands it out in reads of at most
// `max_read` bytes (small reads exercise the readers' buffer refills).
class memory_source final : public qc::byte_source {
 public:
  explicit memory_source(std::string_view bytes, std::size_t max_read = std::size_t{1} << 20)
      : bytes_(bytes), max_read_(max_read) {
    display_ = "fuzz-input";
  }

 protected:
  std::size_t read_some(char* dst, std::size_t n) override {
    const std::size_t k = std::min({n, bytes_.size() - pos_, max_read_});
    std::memcpy(dst, bytes_.data() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
  std::size_t max_read_;
};

// One file in memory (memfd), rewritten for each input; path() opens it.
class memory_file {
 public:
  explicit memory_file(const char* name) : fd_(::memfd_create(name, 0)) {
    if (fd_ < 0) std::abort();
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~memory_file() { ::close(fd_); }
  memory_file(const memory_file&) = delete;
  memory_file& operator=(const memory_file&) = delete;

  // Replaces the file's content with `bytes`; returns its path.
  const std::string& write(std::string_view bytes) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t k =
          ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (k <= 0) std::abort();
      done += static_cast<std::size_t>(k);
    }
    return path_;
  }

 private:
  int fd_;
  std::string path_;
};

// Runs f(); qclass's own errors (parse_error, io_error, usage_error) are
// the expected answer to bad input. Anything else escapes and is reported.
template <class F>
void expecting_qc_errors(F&& f) {
  try {
    f();
  } catch (const qc::error&) {
  }
}

}  // namespace qc_fuzz
