// Plain files are read with read(2); compressed ones through libarchive's
// client callbacks, so a pipe works too (except for 7z, whose index sits at
// the end of the archive). A background thread decompresses a few blocks
// ahead, so decompression and parsing overlap on two cores.
#include "io/byte_source.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "core/progress_meter.hpp"
#include "core/task_pool.hpp"
#include "qc/core/error.hpp"

namespace qc {

const char* compression_name(compression c) noexcept {
  switch (c) {
    case compression::none:
      return "none";
    case compression::gzip:
      return "gzip";
    case compression::bzip2:
      return "bzip2";
    case compression::xz:
      return "xz";
    case compression::zstd:
      return "zstd";
    case compression::lz4:
      return "lz4";
    case compression::sevenzip:
      return "7z";
  }
  return "unknown";
}

byte_source::~byte_source() = default;

std::size_t byte_source::read(char* dst, std::size_t n) {
  started_ = true;
  if (ahead_pos_ < ahead_.size()) {
    const std::size_t k = std::min(n, ahead_.size() - ahead_pos_);
    std::memcpy(dst, ahead_.data() + ahead_pos_, k);
    ahead_pos_ += k;
    if (ahead_pos_ == ahead_.size()) {
      ahead_.clear();
      ahead_.shrink_to_fit();
      ahead_pos_ = 0;
    }
    return k;
  }
  return read_some(dst, n);
}

std::string_view byte_source::peek(std::size_t n) {
  if (started_) return {};
  while (ahead_.size() < n) {
    const std::size_t have = ahead_.size();
    ahead_.resize(n);
    const std::size_t got = read_some(ahead_.data() + have, n - have);
    ahead_.resize(have + got);
    if (got == 0) break;
  }
  return std::string_view(ahead_).substr(0, n);
}

namespace {

constexpr std::size_t magic_bytes = 8;
constexpr std::size_t archive_block = std::size_t{1} << 20;

struct fd_guard {
  int fd = -1;
  bool owned = false;
  ~fd_guard() {
    if (owned && fd >= 0) ::close(fd);
  }
};

std::string errno_text() { return std::strerror(errno); }

// Reads up to n bytes, retrying on EINTR and short reads; 0 only at the end.
std::size_t read_fd(int fd, char* dst, std::size_t n, const std::string& display) {
  for (;;) {
    const ssize_t got = ::read(fd, dst, n);
    if (got >= 0) {
      count_input_bytes(static_cast<std::uint64_t>(got));
      return static_cast<std::size_t>(got);
    }
    if (errno != EINTR) throw io_error("cannot read '" + display + "': " + errno_text());
  }
}

compression detect(std::string_view m) noexcept {
  auto starts = [m](std::string_view magic) { return m.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) return compression::gzip;
  if (starts("BZh")) return compression::bzip2;
  if (starts(std::string_view("\xfd"
                              "7zXZ\x00",
                              6)))
    return compression::xz;
  if (starts("\x28\xb5\x2f\xfd")) return compression::zstd;
  if (starts("\x04\x22\x4d\x18")) return compression::lz4;
  if (starts("7z\xbc\xaf\x27\x1c")) return compression::sevenzip;
  return compression::none;
}

// Reads [offset, offset + n) of a file with pread, retrying on EINTR and
// short reads; fewer than n bytes only at the end of the file.
std::size_t pread_full(int fd, char* dst, std::size_t n, std::uint64_t offset,
                       const std::string& display) {
  std::size_t got = 0;
  while (got < n) {
    const ssize_t k = ::pread(fd, dst + got, n - got, static_cast<off_t>(offset + got));
    if (k == 0) break;
    if (k < 0) {
      if (errno == EINTR) continue;
      throw io_error("cannot read '" + display + "': " + errno_text());
    }
    got += static_cast<std::size_t>(k);
  }
  count_input_bytes(got);
  return got;
}

// The smallest piece of a parallel read.
constexpr std::size_t read_piece = std::size_t{1} << 20;

// [offset, offset + n) of a regular file as `pieces` parts read at once on
// `pool`'s threads; returns how many bytes from the start came whole (fewer
// than n only at the end of the file).
std::size_t pread_pieces(int fd, char* dst, std::size_t n, std::uint64_t offset, unsigned pieces,
                         task_pool& pool, const std::string& display) {
  struct piece {
    std::size_t begin = 0, size = 0, got = 0;
    std::exception_ptr error;
  };
  std::vector<piece> ps(pieces);
  std::atomic<unsigned> left{pieces};
  std::vector<task_pool::task> tasks;
  for (unsigned i = 0; i < pieces; ++i) {
    ps[i].begin = n / pieces * i;
    ps[i].size = i + 1 == pieces ? n - ps[i].begin : n / pieces;
    tasks.emplace_back([&, i](unsigned) {
      try {
        ps[i].got = pread_full(fd, dst + ps[i].begin, ps[i].size, offset + ps[i].begin, display);
      } catch (...) {
        ps[i].error = std::current_exception();
      }
      return left.fetch_sub(1) == 1;
    });
  }
  pool.submit(std::move(tasks));
  pool.help_until([&] { return left.load() == 0; });
  std::size_t whole = 0;
  for (const piece& p : ps) {
    if (p.error) std::rethrow_exception(p.error);
    whole += p.got;
    if (p.got < p.size) break;  // the end of the file
  }
  return whole;
}

class fd_source final : public byte_source {
 public:
  // Reads at most `limit` bytes (a byte window ends there). `regular`: a
  // regular file, read with pread from its offset now (in parallel when
  // asked).
  fd_source(std::shared_ptr<fd_guard> fd, std::string prefix, std::string display, bool regular,
            std::uint64_t limit = UINT64_MAX)
      : fd_(std::move(fd)), prefix_(std::move(prefix)), limit_(limit) {
    display_ = std::move(display);
    const off_t at = regular ? ::lseek(fd_->fd, 0, SEEK_CUR) : -1;
    if (at >= 0) offset_ = static_cast<std::uint64_t>(at);
    positional_ = at >= 0;
  }

 protected:
  std::size_t read_some(char* dst, std::size_t n) override {
    if (prefix_pos_ < prefix_.size()) {
      const std::size_t k = std::min(n, prefix_.size() - prefix_pos_);
      std::memcpy(dst, prefix_.data() + prefix_pos_, k);
      prefix_pos_ += k;
      return k;
    }
    if (limit_ < n) n = static_cast<std::size_t>(limit_);
    if (n == 0) return 0;
    if (!positional_) {
      const std::size_t got = read_fd(fd_->fd, dst, n, display_);
      limit_ -= got;
      return got;
    }
    const auto pieces = static_cast<unsigned>(std::min<std::size_t>(read_threads_, n / read_piece));
    if (pieces >= 2 && !pool_) pool_ = std::make_unique<task_pool>(read_threads_);
    const std::size_t got = pieces >= 2
                                ? pread_pieces(fd_->fd, dst, n, offset_, pieces, *pool_, display_)
                                : pread_full(fd_->fd, dst, n, offset_, display_);
    offset_ += got;
    limit_ -= got;
    return got;
  }

 private:
  std::shared_ptr<fd_guard> fd_;
  std::string prefix_;  // bytes read while detecting the compression (pipes only)
  std::size_t prefix_pos_ = 0;
  std::uint64_t limit_;
  bool positional_ = false;  // a regular file, read with pread at offset_
  std::uint64_t offset_ = 0;
  std::unique_ptr<task_pool> pool_;  // for parallel reads, made on the first
};

bool is_posts_xml_name(const char* name) {
  if (name == nullptr) return false;
  std::string_view s(name);
  const std::size_t slash = s.find_last_of("/\\");
  if (slash != std::string_view::npos) s.remove_prefix(slash + 1);
  static constexpr std::string_view want = "posts.xml";
  if (s.size() != want.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != want[i]) return false;
  }
  return true;
}

class archive_source final : public byte_source {
 public:
  archive_source(std::shared_ptr<fd_guard> fd, std::string prefix, bool seekable, compression kind,
                 std::string display)
      : fd_(std::move(fd)), prefix_(std::move(prefix)), seekable_(seekable) {
    kind_ = kind;
    display_ = std::move(display);
    buffer_.reset(new char[archive_block]);
    if (kind_ == compression::sevenzip) {
      if (!seekable_) {
        throw io_error("cannot read '" + display_ +
                       "': a 7z archive must be read from a file, not a pipe");
      }
      // The entry named Posts.xml, else the first file entry.
      if (!open_entry(true)) {
        if (!open_entry(false)) throw io_error("cannot read '" + display_ + "': empty 7z archive");
      }
    } else if (!open_entry(false)) {
      throw io_error("cannot read '" + display_ + "': empty " + compression_name(kind_) +
                     " stream");
    }
  }

 protected:
  std::size_t read_some(char* dst, std::size_t n) override {
    for (;;) {
      const la_ssize_t got = archive_read_data(a_.get(), dst, n);
      if (got >= 0) return static_cast<std::size_t>(got);
      if (got == ARCHIVE_RETRY) continue;
      fail("cannot decompress");
    }
  }

 private:
  [[noreturn]] void fail(const char* what) {
    const char* msg = a_ ? archive_error_string(a_.get()) : nullptr;
    throw io_error(std::string(what) + " '" + display_ + "' (" + compression_name(kind_) +
                   "): " + (msg ? msg : "damaged or truncated data"));
  }

  void close_archive() { a_.reset(); }

  // Opens the archive from the start and positions it at an entry: the one
  // named Posts.xml (by_name), or the first file entry. False if none.
  bool open_entry(bool by_name) {
    close_archive();
    if (seekable_ && ::lseek(fd_->fd, 0, SEEK_SET) < 0) {
      throw io_error("cannot read '" + display_ + "': " + errno_text());
    }
    prefix_pos_ = 0;
    a_.reset(archive_read_new());
    archive* a = a_.get();
    if (a == nullptr) throw io_error("cannot read '" + display_ + "': out of memory");
    archive_read_support_filter_all(a);
    if (kind_ == compression::sevenzip) {
      archive_read_support_format_7zip(a);
    } else {
      archive_read_support_format_raw(a);
    }
    archive_read_set_callback_data(a, this);
    archive_read_set_read_callback(a, &archive_source::on_read);
    if (seekable_) {
      archive_read_set_skip_callback(a, &archive_source::on_skip);
      archive_read_set_seek_callback(a, &archive_source::on_seek);
    }
    if (archive_read_open1(a) != ARCHIVE_OK) fail("cannot open");
    for (;;) {
      archive_entry* e = nullptr;
      const int r = archive_read_next_header(a, &e);
      if (r == ARCHIVE_EOF) return false;
      if (r < ARCHIVE_WARN) fail("cannot open");
      if (kind_ != compression::sevenzip) return true;
      if (archive_entry_filetype(e) != AE_IFREG) continue;
      if (!by_name || is_posts_xml_name(archive_entry_pathname(e))) {
        const char* name = archive_entry_pathname(e);
        entry_ = name ? name : "";
        return true;
      }
    }
  }

  static la_ssize_t on_read(archive* a, void* self_ptr, const void** out) {
    auto* self = static_cast<archive_source*>(self_ptr);
    if (self->prefix_pos_ < self->prefix_.size()) {
      *out = self->prefix_.data() + self->prefix_pos_;
      const std::size_t k = self->prefix_.size() - self->prefix_pos_;
      self->prefix_pos_ = self->prefix_.size();
      return static_cast<la_ssize_t>(k);
    }
    for (;;) {
      const ssize_t got = ::read(self->fd_->fd, self->buffer_.get(), archive_block);
      if (got >= 0) {
        count_input_bytes(static_cast<std::uint64_t>(got));
        *out = self->buffer_.get();
        return got;
      }
      if (errno != EINTR) {
        archive_set_error(a, errno, "%s", std::strerror(errno));
        return -1;
      }
    }
  }

  static la_int64_t on_skip(archive*, void* self_ptr, la_int64_t request) {
    auto* self = static_cast<archive_source*>(self_ptr);
    const off_t cur = ::lseek(self->fd_->fd, 0, SEEK_CUR);
    if (cur < 0) return 0;
    if (::lseek(self->fd_->fd, static_cast<off_t>(request), SEEK_CUR) < 0) return 0;
    return request;
  }

  static la_int64_t on_seek(archive* a, void* self_ptr, la_int64_t offset, int whence) {
    auto* self = static_cast<archive_source*>(self_ptr);
    const off_t r = ::lseek(self->fd_->fd, static_cast<off_t>(offset), whence);
    if (r < 0) {
      archive_set_error(a, errno, "%s", std::strerror(errno));
      return ARCHIVE_FATAL;
    }
    return static_cast<la_int64_t>(r);
  }

  std::shared_ptr<fd_guard> fd_;
  std::string prefix_;
  std::size_t prefix_pos_ = 0;
  bool seekable_ = false;
  std::unique_ptr<char[]> buffer_;
  // Freed by its deleter even when the constructor throws.
  std::unique_ptr<archive, int (*)(archive*)> a_{nullptr, &archive_read_free};
};

// Runs the inner source in a background thread, a few blocks ahead. Blocks
// go round: spare -> filled by the thread -> ready -> read -> spare.
class readahead_source final : public byte_source {
 public:
  explicit readahead_source(std::unique_ptr<byte_source> inner) : inner_(std::move(inner)) {
    kind_ = inner_->kind();
    display_ = inner_->display();
    entry_ = inner_->entry();
    for (std::size_t i = 0; i < depth; ++i) spare_.push(std::unique_ptr<char[]>(new char[block]));
    worker_ = std::thread([this] { produce(); });
  }

  ~readahead_source() override {
    spare_.stop();
    ready_.stop();
    worker_.join();
  }

 protected:
  std::size_t read_some(char* dst, std::size_t n) override {
    while (pos_ == size_) {
      if (current_) spare_.push(std::move(current_));  // never full: there are `depth` blocks
      filled f;
      if (!ready_.pop(f)) {
        if (error_) std::rethrow_exception(error_);  // set before ready_.finish()
        return 0;
      }
      current_ = std::move(f.data);
      size_ = f.size;
      pos_ = 0;
    }
    const std::size_t k = std::min(n, size_ - pos_);
    std::memcpy(dst, current_.get() + pos_, k);
    pos_ += k;
    return k;
  }

 private:
  static constexpr std::size_t block = std::size_t{1} << 20;
  static constexpr std::size_t depth = 4;

  struct filled {
    std::unique_ptr<char[]> data;
    std::size_t size = 0;
  };

  void produce() {
    try {
      for (;;) {
        std::unique_ptr<char[]> buf;
        if (!spare_.pop(buf)) return;  // stopped
        std::size_t got = 0;
        while (got < block) {  // whole blocks: fewer hand-offs
          const std::size_t k = inner_->read(buf.get() + got, block - got);
          if (k == 0) break;
          got += k;
        }
        if (got > 0 && !ready_.push(filled{std::move(buf), got})) return;
        if (got < block) break;
      }
    } catch (...) {
      error_ = std::current_exception();
    }
    ready_.finish();
  }

  std::unique_ptr<byte_source> inner_;
  bounded_queue<filled> ready_{depth};
  bounded_queue<std::unique_ptr<char[]>> spare_{depth};
  std::exception_ptr error_;
  std::unique_ptr<char[]> current_;
  std::size_t size_ = 0;
  std::size_t pos_ = 0;
  std::thread worker_;  // last: started after everything above exists
};

// An opened input: its descriptor, name in messages, and stat facts.
struct opened_file {
  std::shared_ptr<fd_guard> fd = std::make_shared<fd_guard>();
  std::string display;
  bool regular = false;
  std::uint64_t size = 0;  // regular files only
};

opened_file open_file(const std::string& path) {
  opened_file f;
  if (path == "-") {
    f.fd->fd = 0;
    f.display = "<stdin>";
  } else {
    f.display = path;
    do {
      f.fd->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    } while (f.fd->fd < 0 && errno == EINTR);
    if (f.fd->fd < 0) throw io_error("cannot open '" + path + "': " + errno_text());
    f.fd->owned = true;
  }
  struct stat st {};
  if (::fstat(f.fd->fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) throw io_error("cannot read '" + path + "': is a directory");
    f.regular = S_ISREG(st.st_mode);
    if (f.regular) f.size = static_cast<std::uint64_t>(st.st_size);
  }
  return f;
}

// The first magic_bytes of a regular file, read with pread (its offset stays).
std::string pread_magic(const opened_file& f) {
  std::string prefix(magic_bytes, '\0');
  for (;;) {
    const ssize_t r = ::pread(f.fd->fd, prefix.data(), magic_bytes, 0);
    if (r >= 0) {
      prefix.resize(static_cast<std::size_t>(r));
      return prefix;
    }
    if (errno != EINTR) throw io_error("cannot read '" + f.display + "': " + errno_text());
  }
}

std::unique_ptr<byte_source> open_source(const std::string& path, bool threaded) {
  opened_file f = open_file(path);
  std::shared_ptr<fd_guard>& fd = f.fd;
  std::string& display = f.display;
  const bool regular = f.regular;
  // The magic number: pread leaves a regular file's offset alone; other
  // inputs keep the bytes as a prefix to serve first.
  std::string prefix;
  if (regular) {
    prefix = pread_magic(f);
  } else {
    prefix.resize(magic_bytes);
    std::size_t got = 0;
    while (got < magic_bytes) {
      const std::size_t k = read_fd(fd->fd, prefix.data() + got, magic_bytes - got, display);
      if (k == 0) break;
      got += k;
    }
    prefix.resize(got);
  }
  const compression kind = detect(prefix);
  const bool seekable = regular && ::lseek(fd->fd, 0, SEEK_CUR) >= 0;
  if (regular) prefix.clear();
  if (kind == compression::none) {
    return std::make_unique<fd_source>(std::move(fd), std::move(prefix), std::move(display),
                                       seekable);
  }
  auto src = std::make_unique<archive_source>(std::move(fd), std::move(prefix), seekable, kind,
                                              std::move(display));
  if (!threaded) return src;
  return std::make_unique<readahead_source>(std::move(src));
}

}  // namespace

std::unique_ptr<byte_source> open_byte_source(const std::string& path) {
  return open_source(path, true);
}

std::unique_ptr<byte_source> open_byte_source_unthreaded(const std::string& path) {
  return open_source(path, false);
}

namespace {

opened_file open_regular_file(const std::string& path) {
  opened_file f = open_file(path);
  if (!f.regular) {
    throw usage_error("a byte range needs a regular file; '" + f.display +
                      "' is a pipe or device (read it whole)");
  }
  return f;
}

}  // namespace

compression file_compression(const std::string& path) {
  return detect(pread_magic(open_regular_file(path)));
}

std::unique_ptr<byte_source> open_byte_window(const std::string& path, std::uint64_t begin,
                                              std::uint64_t end, std::uint64_t* file_size) {
  opened_file f = open_regular_file(path);
  const compression kind = detect(pread_magic(f));
  if (kind != compression::none) {
    throw usage_error("a byte range needs an uncompressed file; '" + f.display + "' is " +
                      compression_name(kind) +
                      "-compressed, and a compressed stream cannot be entered at a byte offset "
                      "(decompress it first, or read it whole)");
  }
  if (file_size) *file_size = f.size;
  begin = std::min(begin, f.size);
  end = std::max(begin, std::min(end, f.size));
  if (::lseek(f.fd->fd, static_cast<off_t>(begin), SEEK_SET) < 0) {
    throw io_error("cannot read '" + f.display + "': " + errno_text());
  }
  return std::make_unique<fd_source>(std::move(f.fd), std::string(), std::move(f.display), true,
                                     end - begin);
}

}  // namespace qc
