// `qclass info`: version, compiled backends and visible devices; with
// --splits N FILE, byte ranges that tile FILE, for --byte-range.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/backend_select.hpp"
#include "core/version.hpp"
#include "io/byte_range.hpp"
#include "qc/core/error.hpp"
#include "text/lemmatizer.hpp"

namespace qc::cli {

void add_info_command(CLI::App& app) {
  struct flags {
    std::size_t splits = 0;
    std::string file;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd =
      app.add_subcommand("info", "Show the version, the compiled backends and the visible GPUs");
  cmd->add_option("--splits", f->splits,
                  "Instead: print N byte ranges (START:END, one a line) that tile FILE, for "
                  "--byte-range");
  cmd->add_option("file", f->file, "The (uncompressed) file to split with --splits");
  cmd->callback([f] {
    if (f->splits == 0 && f->file.empty()) {
      std::cout << "qclass " << version_string() << "\n"
                << describe_backends() << "\n"
                << "WordNet folder (default): " << lemmatizer::default_dir() << "\n";
      return;
    }
    if (f->splits == 0 || f->file.empty()) throw usage_error("--splits N and FILE go together");
    for (const byte_range& r : tile_file_byte_ranges(f->file, f->splits))
      std::cout << format_byte_range(r) << "\n";
  });
}

}  // namespace qc::cli
