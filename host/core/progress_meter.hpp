// Progress of a long run on stderr, redrawn in place a few times a second:
//   "score: 120.3 of 267.2 MB (45%), 40210 posts/s, 110.2 MB/s, 1.3 s left"
//   "sweep: 120 of 400 grid points (30%), 55/s, 2.1 s left"
// Shown when stderr is a terminal (progress_mode::automatic) or always
// (on); never under off, so never into a file or a pipe unless forced.
// Reading is measured in the bytes the inputs take on disk (a compressed
// input's compressed bytes), counted by every byte_source as it reads.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace qc {

enum class progress_mode { automatic, on, off };

// Bytes read so far from the files and pipes behind the byte sources of this
// process, as stored (compressed bytes for a compressed input). Only grows.
std::uint64_t input_bytes_read() noexcept;
// Called by the byte sources for each block they read.
void count_input_bytes(std::uint64_t n) noexcept;

// The bytes the inputs take on disk (compressed ones too), as the meters
// count them: the sum of their sizes when every one is a regular file; else
// 0 (unknown). With a byte range [begin, end) of one input (--byte-range),
// the part of it inside the file.
std::uint64_t known_input_bytes(const std::vector<std::string>& inputs, std::uint64_t begin = 0,
                                std::uint64_t end = UINT64_MAX);

class progress_meter {
 public:
  // A reading phase: bytes from input_bytes_read() since now, of
  // `total_bytes` (0: unknown; no share and no time left); update() gives
  // the posts read so far.
  static progress_meter reading(std::string label, std::uint64_t total_bytes, progress_mode mode);
  // Counting `total` `unit`s ("grid points"); update() gives the units done.
  static progress_meter counting(std::string label, std::uint64_t total, std::string unit,
                                 progress_mode mode);
  ~progress_meter();
  progress_meter(const progress_meter&) = delete;
  progress_meter& operator=(const progress_meter&) = delete;

  bool enabled() const { return enabled_; }
  // Posts read (reading) or units done (counting) so far. Cheap: two relaxed
  // stores and a clock read; draws at most every 0.25 s. Thread-safe.
  void update(std::uint64_t done);
  // update() as a callback, for the hooks that report progress
  // (reader_options::on_progress, sweep_progress, ...); valid while *this is.
  std::function<void(std::uint64_t)> callback() {
    return [this](std::uint64_t done) { update(done); };
  }
  // Draws the final figures, timed at the last update, and ends the line
  // (once; the destructor calls it). Call it before printing a summary.
  void finish();

 private:
  using clock = std::chrono::steady_clock;
  progress_meter(std::string label, std::uint64_t total, std::string unit, progress_mode mode);
  void draw(double secs);
  std::string reading_line(double secs) const;
  std::string counting_line(double secs) const;

  std::string label_;
  std::uint64_t total_;
  std::string unit_;  // empty: a reading phase
  bool enabled_;
  bool finished_ = false;
  std::uint64_t base_bytes_;
  clock::time_point start_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<clock::rep> next_draw_{0};    // ticks since start_
  std::atomic<clock::rep> last_update_{0};  // ticks since start_
  std::mutex mu_;
};

}  // namespace qc
