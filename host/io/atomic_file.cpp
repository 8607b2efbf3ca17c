// Output files: atomic replacement of regular files (O_TMPFILE or a named
// temporary, fsync, rename, fsync of the folder), in-place writes to devices,
// FIFOs and standard output. See atomic_file.hpp for the rules.
#include "io/atomic_file.hpp"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <mutex>
#include <streambuf>

#include "qc/core/error.hpp"

namespace qc {
namespace {
constexpr std::size_t kBufferSize = 1 << 20;
constexpr int kMaxLinks = 40;
std::atomic<unsigned> g_counter{0};
std::atomic<bool> g_disable_tmpfile{false};

// ---- Live named temporaries, removed by SIGINT/SIGTERM/SIGHUP ----------------
// A fixed array so that the handler touches nothing but atomics and unlink(2).
// A slot is free (0), being filled (1) or live (2). A path that does not fit,
// or a full array, only loses the clean-up on a signal.
constexpr int kSlots = 64;
struct temp_slot {
  std::atomic<int> state{0};
  char path[PATH_MAX];
};
temp_slot g_slots[kSlots];
static_assert(std::atomic<int>::is_always_lock_free, "signal handler needs lock-free atomics");

extern "C" void remove_temps_and_reraise(int sig) {
  const int saved = errno;
  for (temp_slot& s : g_slots)
    if (s.state.load() == 2) ::unlink(s.path);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  errno = saved;
  ::raise(sig);  // delivered with the default action once the handler returns
}

void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) != 0) continue;
      // Leave handlers (and an ignored signal) that someone else set up.
      if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL) continue;
      struct sigaction sa {};
      sa.sa_handler = remove_temps_and_reraise;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
  });
}

int register_temp(const std::string& path) {
  install_handlers();
  if (path.size() >= PATH_MAX) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      g_slots[i].state.store(2);
      return i;
    }
  }
  return -1;
}

void unregister_temp(int& slot) {
  if (slot >= 0) g_slots[slot].state.store(0);
  slot = -1;
}

// ---- A stream buffer over a file descriptor that remembers errno -------------
class fd_buf : public std::streambuf {
 public:
  fd_buf() : buf_(new char[kBufferSize]) { setp(buf_.get(), buf_.get() + kBufferSize); }
  void set_fd(int fd) { fd_ = fd; }
  // A file that commit() will fsync: each chunk written starts its
  // writeback at once, so the final fsync waits for little.
  void start_writeback_early() { early_writeback_ = true; }
  int error() const { return err_; }
  // Writes out what is buffered; false (and error() set) on failure.
  bool flush_all() { return sync() == 0; }
  void discard() { setp(buf_.get(), buf_.get() + kBufferSize); }

 protected:
  int_type overflow(int_type ch) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override {
    if (err_) return -1;
    const char* p = pbase();
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    std::size_t left = size;
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        err_ = errno;
        return -1;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
#if defined(__linux__)
    // A hint: writeback that cannot start now is left to the fsync.
    if (early_writeback_ && size > 0)
      (void)::sync_file_range(fd_, static_cast<off_t>(written_), static_cast<off_t>(size),
                              SYNC_FILE_RANGE_WRITE);
#endif
    written_ += size;
    discard();
    return 0;
  }

 private:
  std::unique_ptr<char[]> buf_;
  int fd_ = -1;
  int err_ = 0;
  bool early_writeback_ = false;
  std::size_t written_ = 0;  // bytes written so far
};

std::string errno_text(int err) { return std::strerror(err); }

std::string parent_of(const std::string& p) {
  const auto slash = p.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

std::string base_of(const std::string& p) {
  const auto slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

// /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: the descriptor N.
int descriptor_path(const std::string& p) {
  if (p == "/dev/stdout") return 1;
  if (p == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::size_t n = std::strlen(prefix);
    if (p.size() > n && p.compare(0, n, prefix) == 0 && p.size() - n < 8 &&
        p.find_first_not_of("0123456789", n) == std::string::npos)
      return std::stoi(p.substr(n));
  }
  return -1;
}

std::string temp_name(const std::string& dir, const std::string& name) {
  return (dir == "/" ? std::string() : dir) + "/." + name + ".qclass-tmp." +
         std::to_string(::getpid()) + "." + std::to_string(g_counter++);
}

}  // namespace

struct atomic_file::impl {
  enum class kind { in_place, replace };
  kind k = kind::replace;
  std::string target;     // final path (links followed)
  std::string dir;        // its folder (replace)
  std::string named_tmp;  // the temporary's name, once it has one
  int slot = -1;          // registry slot of named_tmp
  int fd = -1;
  bool own_fd = true;  // false for standard output
  bool anonymous = false;
  fd_buf buf;
  std::ostream os{&buf};

  ~impl() {
    if (fd >= 0 && own_fd) ::close(fd);
    if (!named_tmp.empty()) ::unlink(named_tmp.c_str());
    unregister_temp(slot);
  }
};

namespace {

// `path`, links followed: a descriptor path's number (fd >= 0), else the
// final target, whether it exists and its stat.
struct link_target {
  int fd = -1;
  std::string path;
  bool exists = false;
  struct stat st {};
};

link_target follow_links(const std::string& path, const std::string& quoted) {
  link_target t;
  std::string p = path;
  for (int hops = 0;; ++hops) {
    if (const int n = descriptor_path(p); n >= 0) {
      t.fd = n;
      return t;
    }
    if (::lstat(p.c_str(), &t.st) != 0) {
      if (errno != ENOENT)
        throw io_error("cannot write output " + quoted + ": " + errno_text(errno));
      break;  // a new file (its folder is checked by the caller)
    }
    if (!S_ISLNK(t.st.st_mode)) {
      t.exists = true;
      break;
    }
    if (hops >= kMaxLinks)
      throw io_error("cannot write output " + quoted + ": " + errno_text(ELOOP));
    std::string link(PATH_MAX, '\0');
    const ssize_t n = ::readlink(p.c_str(), &link[0], link.size());
    if (n < 0) throw io_error("cannot read link " + quoted + ": " + errno_text(errno));
    link.resize(static_cast<std::size_t>(n));
    p = (link.empty() || link[0] == '/') ? link : parent_of(p) + "/" + link;
  }
  t.path = p;
  return t;
}

// Writes in place to descriptor `n` (standard output itself, else a duplicate).
void open_descriptor(atomic_file::impl& m, const std::string& path, int n,
                     const std::string& quoted) {
  std::cout.flush();
  m.k = atomic_file::impl::kind::in_place;
  m.target = path;
  if (n == 1) {
    m.fd = 1;
    m.own_fd = false;
  } else {
    m.fd = ::fcntl(n, F_DUPFD_CLOEXEC, 3);
    if (m.fd < 0) throw io_error("cannot write output " + quoted + ": " + errno_text(errno));
  }
  m.buf.set_fd(m.fd);
}

// Opens the temporary in the target's folder: O_TMPFILE where it works, else
// a registered named one. `named` is the quoted path and link note for errors.
void open_temporary(atomic_file::impl& m, const std::string& named) {
  if (!g_disable_tmpfile.load() && ::access("/proc/self/fd", X_OK) == 0) {
    m.fd = ::open(m.dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (m.fd >= 0) {
      m.anonymous = true;
    } else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
      throw io_error("cannot create output file " + named + ": " + errno_text(errno));
    }
  }
  if (m.fd < 0) {
    m.named_tmp = temp_name(m.dir, base_of(m.target));
    m.slot = register_temp(m.named_tmp);
    m.fd = ::open(m.named_tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (m.fd < 0) {
      const int err = errno;
      m.named_tmp.clear();
      unregister_temp(m.slot);
      throw io_error("cannot create output file " + named + ": " + errno_text(err));
    }
  }
}

}  // namespace

atomic_file::atomic_file(std::string path) : path_(std::move(path)) {
  if (path_.empty()) throw usage_error("empty output path");
  impl_ = std::make_unique<impl>();
  impl& m = *impl_;
  const std::string quoted = "'" + path_ + "'";
  if (path_ == "-") {
    open_descriptor(m, path_, 1, quoted);
    return;
  }
  // Follow symbolic links to the final target, whatever their number.
  const link_target t = follow_links(path_, quoted);
  if (t.fd >= 0) {
    open_descriptor(m, path_, t.fd, quoted);
    return;
  }
  const std::string& p = t.path;
  m.target = p;
  const std::string via = p == path_ ? "" : " (the target of the link, '" + p + "')";

  if (t.exists && S_ISDIR(t.st.st_mode))
    throw io_error("cannot write output " + quoted + via + ": it is a folder, not a file");
  if (t.exists && (S_ISCHR(t.st.st_mode) || S_ISFIFO(t.st.st_mode))) {
    m.k = impl::kind::in_place;
    m.fd = ::open(p.c_str(), O_WRONLY | O_CLOEXEC);  // a FIFO waits for its reader
    if (m.fd < 0) throw io_error("cannot open output " + quoted + via + ": " + errno_text(errno));
    m.buf.set_fd(m.fd);
    return;
  }
  if (t.exists && !S_ISREG(t.st.st_mode))
    throw io_error("cannot write output " + quoted + via +
                   ": not a regular file, character device or FIFO");

  m.dir = parent_of(p);
  open_temporary(m, quoted + via);
  // An existing file keeps its permission bits (not its owner).
  if (t.exists && ::fchmod(m.fd, t.st.st_mode & 07777) != 0)
    throw io_error("cannot set the permissions of " + quoted + via + ": " + errno_text(errno));
  m.buf.set_fd(m.fd);
  m.buf.start_writeback_early();
}

atomic_file::~atomic_file() = default;

std::ostream& atomic_file::stream() { return impl_->os; }

void atomic_file::commit() {
  if (committed_) return;
  committed_ = true;  // one attempt: on failure the destructor cleans up
  impl& m = *impl_;
  const std::string name = m.target == "-" ? "standard output" : "'" + m.target + "'";
  if (!m.buf.flush_all() || !m.os)
    throw io_error("error writing " + name + ": " +
                   errno_text(m.buf.error() ? m.buf.error() : EIO));

  if (m.k == impl::kind::in_place) {
    if (m.own_fd) {
      const int fd = m.fd;
      m.fd = -1;
      if (::close(fd) != 0 && errno != EINTR)
        throw io_error("error writing " + name + ": " + errno_text(errno));
    }
    return;
  }

  if (::fsync(m.fd) != 0) throw io_error("error writing " + name + ": " + errno_text(errno));
  if (m.anonymous) {
    // Give the unnamed file a recognisable name, then rename it over the
    // target (link(2) cannot replace a name). A SIGKILL between the two
    // leaves that name behind, with the complete output.
    std::string tmp = temp_name(m.dir, base_of(m.target));
    m.slot = register_temp(tmp);
    const std::string self = "/proc/self/fd/" + std::to_string(m.fd);
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, tmp.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      const int err = errno;
      unregister_temp(m.slot);
      throw io_error("cannot move output into place at " + name + ": " + errno_text(err));
    }
    m.named_tmp = std::move(tmp);
  }
  const int fd = m.fd;
  m.fd = -1;
  if (::close(fd) != 0 && errno != EINTR)
    throw io_error("error writing " + name + ": " + errno_text(errno));
  if (::rename(m.named_tmp.c_str(), m.target.c_str()) != 0)
    throw io_error("cannot move output into place at " + name + ": " + errno_text(errno));
  m.named_tmp.clear();
  unregister_temp(m.slot);

  // The rename is durable once the folder is.
  const int dfd = ::open(m.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    const int rc = ::fsync(dfd);
    const int err = errno;
    ::close(dfd);
    if (rc != 0 && err != EINVAL && err != EROFS)
      throw io_error("cannot make " + name + " durable (fsync of its folder): " + errno_text(err));
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  atomic_file f(path);
  f.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  f.commit();
}

bool is_standard_output(const std::string& path) {
  return path == "-" || descriptor_path(path) == 1;
}

void atomic_file_disable_tmpfile_for_testing(bool disable) { g_disable_tmpfile.store(disable); }

}  // namespace qc
