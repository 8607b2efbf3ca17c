// `qclass info`: version, compiled backends and visible devices.
#include <iostream>

#include "cli/commands.hpp"
#include "core/backend_select.hpp"
#include "core/version.hpp"
#include "text/lemmatizer.hpp"

namespace qc::cli {

void add_info_command(CLI::App& app) {
  CLI::App* cmd =
      app.add_subcommand("info", "Show the version, the compiled backends and the visible GPUs");
  cmd->callback([] {
    std::cout << "qclass " << version_string() << "\n"
              << describe_backends() << "\n"
              << "WordNet folder (default): " << lemmatizer::default_dir() << "\n";
  });
}

}  // namespace qc::cli
