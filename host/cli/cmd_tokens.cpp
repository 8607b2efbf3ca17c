// `qclass tokens`: the normalized tokens of each post as JSON Lines (debugging aid).
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "formats/json_write.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {

void add_tokens_command(CLI::App& app) {
  struct flags {
    input_flags in;
    text_flags text;
    std::string output = "-";
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "tokens",
      "Print each post's normalized tokens as JSON Lines: {\"id\": ..., \"tokens\": [...]}");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  cmd->add_option("-o,--output", f->output, "Output file ('-' for stdout)")->capture_default_str();
  cmd->callback([f] {
    const text_options topts = to_text_options(f->text);
    const text_resources res = load_text_resources(topts);
    atomic_file out(f->output);
    std::string line;
    progress_meter meter = reading_meter(f->in, f->output);
    const read_stats stats = tokenize_files(
        f->in.inputs, to_pipeline_options(f->in, meter), topts.norm, res, [&](token_batch& b) {
          for (std::size_t i = 0; i < b.posts.size(); ++i) {
            line.clear();
            line += "{\"id\": ";
            line += b.posts[i].id_json;
            line += ", \"tokens\": [";
            for (std::size_t k = 0, n = b.n_tokens(i); k < n; ++k) {
              if (k) line += ", ";
              append_json_string(line, b.token(i, k));
            }
            line += "]}\n";
            out.stream() << line;
          }
        });
    out.commit();
    meter.finish();
    std::cerr << describe_read(stats) << "\n";
  });
}

}  // namespace qc::cli
