// The progress flags of the verbs that run long (--progress, --quiet); the
// meter itself is core/progress_meter.hpp.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "core/progress_meter.hpp"

namespace qc::cli {

struct progress_flags {
  bool progress = false;
  bool quiet = false;
};
// --progress (force it on) and --quiet (off).
void add_progress_flags(CLI::App* cmd, progress_flags& f);
// The mode of the flags. Without either, a verb writing its data (`output`)
// to standard output on a terminal shows none, so the two never interleave.
progress_mode to_progress_mode(const progress_flags& f, const std::string& output = "");

}  // namespace qc::cli
