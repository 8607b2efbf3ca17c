// Output files that never destroy what the user pointed at.
//
// What `path` names decides how it is written:
// - a regular file or a new path: atomically. The data goes to an unnamed
//   temporary file (O_TMPFILE) in the target's folder; commit() fsyncs it,
//   links it under a recognisable name `.NAME.qclass-tmp.PID.N`, renames that
//   over the target and fsyncs the folder. Where the filesystem has no
//   O_TMPFILE the temporary gets that name from the start. An existing file's
//   permission bits are kept; a new file gets 0666 less the umask.
// - a symbolic link (or a chain of them): followed to the final target, which
//   is replaced as above (created when the link dangles); the links stay.
// - a character device, a FIFO, "-" (standard output) or a descriptor path
//   (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N): written in place;
//   a write error there is an io_error naming the path.
// - a folder or anything else: an io_error.
// Without commit() (an error on the way) the temporary is removed and the
// target is left untouched. A run killed by SIGKILL leaves nothing with
// O_TMPFILE, except when killed between the link and the rename in commit():
// then one `.NAME.qclass-tmp.PID.N` file with the complete output remains.
// Without O_TMPFILE, SIGINT and SIGTERM remove the named temporaries before
// the process dies (async-signal-safe registry); SIGKILL leaves them.
#pragma once
#include <memory>
#include <ostream>
#include <string>

namespace qc {

class atomic_file {
 public:
  explicit atomic_file(std::string path);  // throws io_error, usage_error
  ~atomic_file();
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  std::ostream& stream();
  // Flushes, checks for write errors, makes the file durable and moves it
  // into place. Throws io_error.
  void commit();
  const std::string& path() const { return path_; }

  struct impl;

 private:
  std::string path_;
  std::unique_ptr<impl> impl_;
  bool committed_ = false;
};

// Writes `content` to `path` as atomic_file does.
void write_file_atomically(const std::string& path, const std::string& content);

// True when `path` names standard output: "-", /dev/stdout, /dev/fd/1 or
// /proc/self/fd/1 (verbs then print their summaries to standard error).
bool is_standard_output(const std::string& path);

// Test hook: when true, atomic_file behaves as on a filesystem without
// O_TMPFILE (named temporaries from the start).
void atomic_file_disable_tmpfile_for_testing(bool disable);

}  // namespace qc
