// `qclass vocab`: the vocabulary with document frequencies as TSV.
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {

void add_vocab_command(CLI::App& app) {
  struct flags {
    input_flags in;
    text_flags text;
    vocab_flags vocab;
    std::string output = "-";
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "vocab", "Build the vocabulary and print it as TSV: id, word, document frequency");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  add_vocab_flags(cmd, f->vocab);
  cmd->add_option("-o,--output", f->output, "Output file ('-' for stdout)")->capture_default_str();
  cmd->callback([f] {
    const loaded_corpus lc = load_corpus(f->in, f->text);
    const vocabulary v = vocabulary::build(lc.corpus, to_vocab_options(f->vocab));
    atomic_file out(f->output);
    out.stream() << "id\tword\tdf\n";
    for (std::size_t i = 0; i < v.size(); ++i)
      out.stream() << i << '\t' << v.words()[i] << '\t' << v.df()[i] << '\n';
    out.commit();
    std::cerr << describe_read(lc.stats) << ", vocabulary: " << v.size() << " words\n";
  });
}

}  // namespace qc::cli
