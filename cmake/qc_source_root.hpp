// QC_SOURCE_DIR and QC_TEST_DATA_DIR for the test and bench programs, found
// at run time so that a build carried to another machine (the GPU bundle)
// runs from any folder. Force-included by qc_test.cmake and bench/.
// The repository root is, in this order:
//   1. $QC_SOURCE_DIR (or $QC_DATA_DIR's parent folder when it names a data/ folder);
//   2. the nearest folder above the program that holds data/dl_bug_classification.jsonl
//      (<root>/<build>/tests/<program>, as in a carried build folder);
//   3. the source folder this program was configured from (QC_CONFIGURED_SOURCE_DIR).
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace qc_paths {

inline bool holds_data(const std::string& root) {
  struct stat st;
  return ::stat((root + "/data/dl_bug_classification.jsonl").c_str(), &st) == 0;
}

inline std::string find_source_root() {
  if (const char* e = std::getenv("QC_SOURCE_DIR"); e && *e) return e;
  if (const char* e = std::getenv("QC_DATA_DIR"); e && *e) {
    std::string d = e;
    while (d.size() > 1 && d.back() == '/') d.pop_back();
    const auto slash = d.rfind('/');
    if (slash != std::string::npos && d.compare(slash, std::string::npos, "/data") == 0)
      return slash == 0 ? std::string("/") : d.substr(0, slash);
  }
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    std::string p(buf, static_cast<std::size_t>(n));
    for (int up = 0; up < 5; ++up) {
      const auto slash = p.rfind('/');
      if (slash == std::string::npos || slash == 0) break;
      p.resize(slash);
      if (holds_data(p)) return p;
    }
  }
  return QC_CONFIGURED_SOURCE_DIR;
}

inline const char* source_root() {
  static const std::string root = find_source_root();
  return root.c_str();
}

inline const char* test_data_dir() {
  static const std::string dir = std::string(source_root()) + "/tests/data";
  return dir.c_str();
}

}  // namespace qc_paths

#define QC_SOURCE_DIR (::qc_paths::source_root())
#define QC_TEST_DATA_DIR (::qc_paths::test_data_dir())
