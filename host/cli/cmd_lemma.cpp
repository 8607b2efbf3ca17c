// `qclass lemma`: a debug verb that shows the WordNet lemmas of words.
// Reads one word per line from stdin and prints
// word<TAB>L(w,verb)<TAB>L(w,noun)<TAB>vn-lemma for each.
#include <iostream>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "qc/core/error.hpp"
#include "text/lemmatizer.hpp"

namespace qc::cli {

namespace {

struct lemma_options {
  std::string wordnet_dir;
};

void run_lemma(const lemma_options& opt) {
  const std::string dir = opt.wordnet_dir.empty() ? lemmatizer::default_dir() : opt.wordnet_dir;
  const lemmatizer lem = lemmatizer::load(dir);

  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.clear();
    out += line;
    out += '\t';
    out += lem.lemmatize(line, wn_pos::verb);
    out += '\t';
    out += lem.lemmatize(line, wn_pos::noun);
    out += '\t';
    out += lem.lemmatize_vn(line);
    out += '\n';
    std::cout << out;
    if (!std::cout) throw io_error("cannot write to standard output");
  }
  if (std::cin.bad()) throw io_error("cannot read standard input");
  std::cout.flush();
  if (!std::cout) throw io_error("cannot write to standard output");
}

}  // namespace

void add_lemma_command(CLI::App& app) {
  auto opt = std::make_shared<lemma_options>();
  CLI::App* sub = app.add_subcommand(
      "lemma",
      "Debug: read one word per line from stdin, print word, verb lemma, noun lemma and the "
      "vn lemma, tab-separated");
  sub->add_option("--wordnet-dir", opt->wordnet_dir,
                  "WordNet 3.0 dict folder (default: $QC_WORDNET_DIR if set, else the build's "
                  "default, now " +
                      lemmatizer::default_dir() + ")")
      ->type_name("DIR");
  sub->callback([opt]() {
    std::ios::sync_with_stdio(false);
    run_lemma(*opt);
  });
}

}  // namespace qc::cli
