// The progress line on stderr.
#include "core/progress_meter.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace qc {

namespace {

std::atomic<std::uint64_t> g_input_bytes{0};

constexpr std::chrono::milliseconds redraw_every{250};

// snprintf appended to `out`.
template <class... Args>
void append(std::string& out, const char* fmt, Args... args) {
  char buf[160];
  const int n = std::snprintf(buf, sizeof buf, fmt, args...);
  if (n > 0) out.append(buf, std::min(static_cast<std::size_t>(n), sizeof buf - 1));
}

}  // namespace

std::uint64_t input_bytes_read() noexcept { return g_input_bytes.load(std::memory_order_relaxed); }

void count_input_bytes(std::uint64_t n) noexcept {
  g_input_bytes.fetch_add(n, std::memory_order_relaxed);
}

std::uint64_t known_input_bytes(const std::vector<std::string>& inputs, std::uint64_t begin,
                                std::uint64_t end) {
  std::uint64_t total = 0;
  for (const std::string& path : inputs) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return 0;
    total += std::filesystem::file_size(path, ec);
    if (ec) return 0;
  }
  return std::min(total, end) - std::min(total, begin);
}

progress_meter::progress_meter(std::string label, std::uint64_t total, std::string unit,
                               progress_mode mode)
    : label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      enabled_(mode == progress_mode::on ||
               (mode == progress_mode::automatic && isatty(STDERR_FILENO) == 1)),
      base_bytes_(input_bytes_read()),
      start_(clock::now()) {}

progress_meter progress_meter::reading(std::string label, std::uint64_t total_bytes,
                                       progress_mode mode) {
  return progress_meter(std::move(label), total_bytes, std::string(), mode);
}

progress_meter progress_meter::counting(std::string label, std::uint64_t total, std::string unit,
                                        progress_mode mode) {
  return progress_meter(std::move(label), total, std::move(unit), mode);
}

progress_meter::~progress_meter() { finish(); }

void progress_meter::update(std::uint64_t done) {
  if (!enabled_) return;
  done_.store(done, std::memory_order_relaxed);
  const clock::rep now = (clock::now() - start_).count();
  last_update_.store(now, std::memory_order_relaxed);
  if (now < next_draw_.load(std::memory_order_relaxed)) return;
  const std::unique_lock<std::mutex> lock(mu_, std::try_to_lock);
  if (!lock.owns_lock() || finished_ || now < next_draw_.load(std::memory_order_relaxed)) return;
  next_draw_.store(now + clock::duration(redraw_every).count(), std::memory_order_relaxed);
  draw(std::chrono::duration<double>(clock::duration(now)).count());
}

void progress_meter::finish() {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  finished_ = true;
  const clock::rep last = last_update_.load(std::memory_order_relaxed);
  draw(std::chrono::duration<double>(last > 0 ? clock::duration(last) : clock::now() - start_)
           .count());
  std::cerr << '\n' << std::flush;
}

void progress_meter::draw(double secs) {
  const std::string line = unit_.empty() ? reading_line(secs) : counting_line(secs);
  std::cerr << '\r' << line << "      " << std::flush;
}

std::string progress_meter::reading_line(double secs) const {
  std::uint64_t bytes = input_bytes_read() - base_bytes_;
  if (total_ > 0) bytes = std::min(bytes, total_);  // a format probe reads a few bytes twice
  const double mb = static_cast<double>(bytes) / 1e6;
  const double rate = secs > 0 ? mb / secs : 0.0;
  const double posts = static_cast<double>(done_.load(std::memory_order_relaxed));
  std::string line = label_ + ": ";
  if (total_ > 0) {
    const double total_mb = static_cast<double>(total_) / 1e6;
    append(line, "%.1f of %.1f MB (%.0f%%)", mb, total_mb, 100.0 * mb / total_mb);
  } else {
    append(line, "%.1f MB", mb);
  }
  append(line, ", %.0f posts/s, %.1f MB/s", secs > 0 ? posts / secs : 0.0, rate);
  if (total_ > 0 && rate > 0 && !finished_)
    append(line, ", %.1f s left", (static_cast<double>(total_) / 1e6 - mb) / rate);
  return line;
}

std::string progress_meter::counting_line(double secs) const {
  const std::uint64_t done = std::min(done_.load(std::memory_order_relaxed), total_);
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0.0;
  std::string line = label_ + ": ";
  append(line, "%llu of %llu ", static_cast<unsigned long long>(done),
         static_cast<unsigned long long>(total_));
  line += unit_;
  const double share =
      total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0;
  append(line, " (%.0f%%), %.0f/s", share, rate);
  if (rate > 0 && !finished_)
    append(line, ", %.1f s left", static_cast<double>(total_ - done) / rate);
  return line;
}

}  // namespace qc
