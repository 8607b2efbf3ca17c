// Output files written atomically: data goes to a temporary file beside the
// target, which is renamed over it on commit(). Without commit() (an error on
// the way), the temporary is removed and the target is left untouched.
// The path "-" writes to standard output instead.
#pragma once
#include <fstream>
#include <memory>
#include <ostream>
#include <string>

namespace qc {

class atomic_file {
 public:
  explicit atomic_file(std::string path);  // throws io_error
  ~atomic_file();
  atomic_file(const atomic_file&) = delete;
  atomic_file& operator=(const atomic_file&) = delete;

  std::ostream& stream();
  // Flushes, checks for write errors, renames into place. Throws io_error.
  void commit();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_;
  std::unique_ptr<std::ofstream> file_;
  std::unique_ptr<char[]> buffer_;
  bool committed_ = false;
};

// Writes `content` to `path` atomically.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace qc
