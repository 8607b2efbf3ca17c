// The progress line on stderr.
#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "io/byte_source.hpp"

namespace qc::cli {

void add_progress_flags(CLI::App* cmd, progress_flags& f) {
  cmd->add_flag("--progress", f.progress, "Show progress on stderr even when it is not a terminal");
  cmd->add_flag("--quiet", f.quiet, "Never show progress");
}

progress_mode to_progress_mode(const progress_flags& f) {
  if (f.quiet) return progress_mode::off;
  return f.progress ? progress_mode::on : progress_mode::automatic;
}

std::uint64_t known_input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const std::string& path : inputs) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_regular_file(path, ec)) return 0;
    try {
      if (open_byte_source_unthreaded(path)->kind() != compression::none) return 0;
    } catch (const std::exception&) {
      return 0;  // the reader will name the problem
    }
    total += std::filesystem::file_size(path, ec);
    if (ec) return 0;
  }
  return total;
}

progress_meter::progress_meter(std::string label, std::uint64_t total_bytes, progress_mode mode)
    : label_(std::move(label)),
      total_(total_bytes),
      enabled_(mode == progress_mode::on ||
               (mode == progress_mode::automatic && isatty(STDERR_FILENO) == 1)),
      start_(clock::now()),
      last_(start_) {}

progress_meter::~progress_meter() { finish(); }

void progress_meter::update(std::uint64_t bytes, std::uint64_t posts) {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mu_);
  bytes_ = bytes;
  posts_ = posts;
  const auto now = clock::now();
  if (finished_ || now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  draw(bytes, posts, std::chrono::duration<double>(now - start_).count());
}

void progress_meter::finish() {
  if (!enabled_) return;
  const std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  finished_ = true;
  draw(bytes_, posts_, std::chrono::duration<double>(clock::now() - start_).count());
  std::cerr << '\n' << std::flush;
}

void progress_meter::draw(std::uint64_t bytes, std::uint64_t posts, double secs) {
  const double mb = static_cast<double>(bytes) / 1e6;
  const double rate = secs > 0 ? mb / secs : 0.0;
  char line[200];
  int n = std::snprintf(line, sizeof line, "\r%s: %.1f", label_.c_str(), mb);
  if (total_ > 0) {
    const double total_mb = static_cast<double>(total_) / 1e6;
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " of %.1f MB (%.0f%%)",
                       total_mb, 100.0 * mb / total_mb);
  } else {
    n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " MB");
  }
  n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n),
                     ", %.0f posts/s, %.1f MB/s",
                     secs > 0 ? static_cast<double>(posts) / secs : 0.0, rate);
  if (total_ > 0 && rate > 0 && !finished_) {
    std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), ", %.1f s left   ",
                  (static_cast<double>(total_) / 1e6 - mb) / rate);
  } else {
    std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "%16s", "");
  }
  std::cerr << line << std::flush;
}

}  // namespace qc::cli
