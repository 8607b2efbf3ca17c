// Atomic output files (temp file + rename).
#include "io/atomic_file.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "qc/core/error.hpp"

namespace qc {
namespace {
constexpr std::size_t kBufferSize = 1 << 20;
std::atomic<unsigned> g_counter{0};
}  // namespace

atomic_file::atomic_file(std::string path) : path_(std::move(path)) {
  if (path_ == "-") return;
  if (path_.empty()) throw usage_error("empty output path");
  tmp_ = path_ + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_counter++);
  file_ = std::make_unique<std::ofstream>();
  buffer_ = std::make_unique<char[]>(kBufferSize);
  file_->rdbuf()->pubsetbuf(buffer_.get(), kBufferSize);
  file_->open(tmp_, std::ios::binary | std::ios::trunc);
  if (!*file_) throw io_error("cannot create output file '" + path_ + "': " + std::strerror(errno));
}

atomic_file::~atomic_file() {
  if (file_ && !committed_) {
    file_->close();
    std::remove(tmp_.c_str());
  }
}

std::ostream& atomic_file::stream() { return file_ ? *file_ : std::cout; }

void atomic_file::commit() {
  if (committed_) return;
  if (!file_) {
    std::cout.flush();
    if (!std::cout) throw io_error("error writing to standard output");
    committed_ = true;
    return;
  }
  file_->flush();
  const bool ok = static_cast<bool>(*file_);
  file_->close();
  if (!ok || file_->fail()) {
    std::remove(tmp_.c_str());
    committed_ = true;
    throw io_error("error writing '" + path_ + "' (disk full?)");
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp_.c_str());
    committed_ = true;
    throw io_error("cannot move output into place at '" + path_ + "': " + why);
  }
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& content) {
  atomic_file f(path);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

}  // namespace qc
