// Progress of a long run on stderr, shared by the verbs that read posts:
// "score: 120.3 of 267.2 MB (45%), 40,210 posts/s, 110.2 MB/s, 1.3 s left",
// redrawn in place a few times a second. Shown when stderr is a terminal, or
// always under --progress; never under --quiet, and never into a file or a
// pipe unless forced.
#pragma once
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace qc::cli {

enum class progress_mode { automatic, on, off };

struct progress_flags {
  bool progress = false;
  bool quiet = false;
};
// --progress (force it on) and --quiet (off).
void add_progress_flags(CLI::App* cmd, progress_flags& f);
progress_mode to_progress_mode(const progress_flags& f);

// The bytes the readers will count for these inputs: the sum of their sizes
// when every one is a regular, uncompressed file; else 0 (unknown).
std::uint64_t known_input_bytes(const std::vector<std::string>& inputs);

class progress_meter {
 public:
  // total_bytes 0: unknown (no share and no time left are shown).
  progress_meter(std::string label, std::uint64_t total_bytes, progress_mode mode);
  ~progress_meter();
  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;

  bool enabled() const { return enabled_; }
  // Bytes read and posts done so far; draws at most every 0.25 s. Thread-safe.
  void update(std::uint64_t bytes, std::uint64_t posts);
  // Draws the final figures and ends the line (once; the destructor calls it).
  void finish();

 private:
  void draw(std::uint64_t bytes, std::uint64_t posts, double secs);
  using clock = std::chrono::steady_clock;
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  clock::time_point start_, last_;
  std::uint64_t bytes_ = 0, posts_ = 0;
  std::mutex mu_;
};

}  // namespace qc::cli
