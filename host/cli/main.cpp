// qclass entry point: parses the command line and turns errors into messages.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "core/version.hpp"
#include "qc/core/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"qclass: classify Stack Overflow questions into challenge categories"};
  app.set_version_flag("--version", std::string("qclass ") + qc::version_string());
  app.require_subcommand(1);
  qc::cli::add_tokens_command(app);
  qc::cli::add_vocab_command(app);
  qc::cli::add_matrix_command(app);
  qc::cli::add_train_command(app);
  qc::cli::add_eval_command(app);
  qc::cli::add_sweep_command(app);
  qc::cli::add_score_command(app);
  qc::cli::add_info_command(app);
  qc::cli::add_convert_command(app);
  qc::cli::add_report_command(app);
  qc::cli::add_study_command(app);
  qc::cli::add_baseline_command(app);
  qc::cli::add_lemma_command(app);
  qc::cli::add_sample_command(app);
  qc::cli::add_agreement_command(app);
  qc::cli::add_labels_command(app);
  qc::cli::add_explain_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; any other parse error is bad usage: 2,
    // like every usage_error (CLI11's own codes are 100 and up).
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const qc::usage_error& e) {
    std::cerr << "qclass: usage error: " << e.what() << "\n";
    return 2;
  } catch (const qc::error& e) {
    std::cerr << "qclass: error: " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    std::cerr << "qclass: error: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "qclass: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}
