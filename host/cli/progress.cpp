// The progress flags.
#include "cli/progress.hpp"

#include <unistd.h>

#include "io/atomic_file.hpp"

namespace qc::cli {

void add_progress_flags(CLI::App* cmd, progress_flags& f) {
  cmd->add_flag("--progress", f.progress, "Show progress on stderr even when it is not a terminal");
  cmd->add_flag("--quiet", f.quiet, "Never show progress");
}

progress_mode to_progress_mode(const progress_flags& f, const std::string& output) {
  if (f.quiet) return progress_mode::off;
  if (f.progress) return progress_mode::on;
  if (!output.empty() && is_standard_output(output) && isatty(STDOUT_FILENO) == 1)
    return progress_mode::off;
  return progress_mode::automatic;
}

}  // namespace qc::cli
