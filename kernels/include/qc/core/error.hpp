// Error types thrown by library code, host and kernels alike. The CLI turns
// each into one clear message and a non-zero exit code; library code never
// prints or aborts.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

namespace qc {

// Base of every error qclass throws on purpose.
class error : public std::runtime_error {
 public:
  explicit error(const std::string& what) : std::runtime_error(what) {}
};

// Bad input data: carries the file and 1-based line (0 when unknown).
class parse_error : public error {
 public:
  parse_error(std::string file, std::size_t line, const std::string& reason)
      : error(format(file, line, reason)), file_(std::move(file)), line_(line), reason_(reason) {}
  const std::string& file() const noexcept { return file_; }
  std::size_t line() const noexcept { return line_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  static std::string format(const std::string& file, std::size_t line, const std::string& reason) {
    return line ? file + ":" + std::to_string(line) + ": " + reason : file + ": " + reason;
  }
  std::string file_;
  std::size_t line_;
  std::string reason_;
};

// Wrong options or arguments given by the user.
class usage_error : public error {
 public:
  explicit usage_error(const std::string& what) : error(what) {}
};

// A file could not be opened, read or written.
class io_error : public error {
 public:
  explicit io_error(const std::string& what) : error(what) {}
};

// A CUDA runtime or library call failed; `what` names the call and location.
class cuda_error : public error {
 public:
  explicit cuda_error(const std::string& what) : error(what) {}
};

}  // namespace qc
