// Shared by the tests that run the qclass executable: a fixture with a
// private scratch folder, running a command line and capturing its exit
// code, standard output and standard error, and peak-memory measurement.
#pragma once
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scratch_test.hpp"

namespace qc::test {

namespace fs = std::filesystem;

struct result {
  int code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// True when the executable carries AddressSanitizer or ThreadSanitizer, whose
// shadow memory makes peak-memory comparisons and address-space limits
// meaningless (GCC defines __SANITIZE_*, clang answers __has_feature).
inline bool built_with_address_sanitizer() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

// Peak resident memory (KiB) of one qclass run, from the kernel's accounting;
// -1 when the run fails.
inline long peak_rss_kib(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string exe = QC_QCLASS_EXE;
  argv.push_back(exe.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (!std::freopen("/dev/null", "w", stdout)) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1;
  return ru.ru_maxrss;
}

// A test with its own scratch folder, removed afterwards.
class cli_fixture : public qc_test::scratch_test {
 protected:
  // Runs `qclass ARGS` (a shell command line) with no standard input.
  result run(const std::string& args) {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    const std::string cmd = std::string(QC_QCLASS_EXE) + " " + args + " >" + out.string() + " 2>" +
                            err.string() + " </dev/null";
    const int status = std::system(cmd.c_str());
    result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  fs::path write(const std::string& name, const std::string& content) {
    return write_file(name, content);
  }
};

}  // namespace qc::test
