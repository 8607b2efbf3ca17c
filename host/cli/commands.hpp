// The CLI's verbs. Each add_*_command registers one subcommand on the app;
// the callback does the work and throws qc::error on failure.
#pragma once
#include <CLI/CLI.hpp>
#include <ostream>
#include <string>

#include "score/bulk_score.hpp"

namespace qc::cli {

void add_tokens_command(CLI::App& app);
void add_vocab_command(CLI::App& app);
void add_matrix_command(CLI::App& app);
void add_lemma_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_sweep_command(CLI::App& app);
void add_score_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_study_command(CLI::App& app);
void add_baseline_command(CLI::App& app);
void add_sample_command(CLI::App& app);
void add_agreement_command(CLI::App& app);
void add_labels_command(CLI::App& app);
void add_explain_command(CLI::App& app);

// The summary `score` prints (also used by `study`).
void print_score_summary(std::ostream& os, const bulk_score_summary& sum, const keyword_model& m,
                         const std::string& backend_name);
// `score --stats`: each stage's seconds and share of the wall time, the CPU use.
void print_score_stats(std::ostream& os, const bulk_score_summary& sum);

}  // namespace qc::cli
