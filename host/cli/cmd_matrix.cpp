// `qclass matrix`: posts -> vocabulary and CSR term matrix, with a summary.
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "io/atomic_file.hpp"
#include "matrix/term_matrix.hpp"

namespace qc::cli {

void add_matrix_command(CLI::App& app) {
  struct flags {
    input_flags in;
    text_flags text;
    vocab_flags vocab;
    std::string output;
    std::string vocab_output;
    std::size_t top = 20;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "matrix", "Build the vocabulary and the term matrix (Matrix Market), and print a summary");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  add_vocab_flags(cmd, f->vocab);
  cmd->add_option("-o,--output", f->output, "Term matrix file (Matrix Market, 1-based)");
  cmd->add_option("--vocab-out", f->vocab_output, "Also write the vocabulary as TSV");
  cmd->add_option("--top", f->top, "How many top words to print")->capture_default_str();
  cmd->callback([f] {
    const loaded_corpus lc = load_corpus(f->in, f->text);
    const auto t0 = std::chrono::steady_clock::now();
    const vocabulary v = vocabulary::build(lc.corpus, to_vocab_options(f->vocab));
    const term_matrix m = term_matrix::build(lc.corpus, v, f->in.threads);
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!f->output.empty()) {
      atomic_file out(f->output);
      m.write_matrix_market(out.stream());
      out.commit();
    }
    if (!f->vocab_output.empty()) {
      atomic_file out(f->vocab_output);
      out.stream() << "id\tword\tdf\n";
      for (std::size_t i = 0; i < v.size(); ++i)
        out.stream() << i << '\t' << v.words()[i] << '\t' << v.df()[i] << '\n';
      out.commit();
    }
    std::ostream& os = (is_standard_output(f->output) || is_standard_output(f->vocab_output))
                           ? std::cerr
                           : std::cout;
    const double mb = static_cast<double>(lc.stats.bytes) / 1e6;
    char rate[160];
    std::snprintf(
        rate, sizeof rate, "%.2f MB in %.3f s (%.1f MB/s, %.0f posts/s); matrix in %.3f s", mb,
        lc.seconds, lc.seconds > 0 ? mb / lc.seconds : 0.0,
        lc.seconds > 0 ? static_cast<double>(lc.stats.records) / lc.seconds : 0.0, build_s);
    os << describe_read(lc.stats) << "\n"
       << "tokens: " << lc.corpus.n_tokens() << ", distinct: " << lc.corpus.dictionary().size()
       << "\n"
       << "vocabulary: " << v.size() << " words (min df " << f->vocab.min_df << ", max "
       << f->vocab.max_vocab << ")\n"
       << "term matrix: " << m.n_rows() << " x " << m.n_cols() << ", " << m.nnz() << " non-zeros\n"
       << "read+normalize: " << rate << "\n";
    os << "top words (document frequency):\n";
    for (std::size_t i = 0; i < v.size() && i < f->top; ++i)
      os << "  " << (i + 1) << ". " << v.words()[i] << " (" << v.df()[i] << ")\n";
    if (!f->output.empty() && !is_standard_output(f->output)) os << "wrote " << f->output << "\n";
  });
}

}  // namespace qc::cli
