// `qclass train`: train on the train split, evaluate on the test split, save the model.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {

void add_train_command(CLI::App& app) {
  struct flags {
    input_flags in;
    text_flags text;
    vocab_flags vocab;
    train_flags train;
    model_flags model;
    std::string metric = "both";
    std::string output;
    std::string confusion;
    std::string metrics_json;
    bootstrap_spec boot;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train the keyword classifier on the train split, evaluate it on the test split");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  add_vocab_flags(cmd, f->vocab);
  add_train_flags(cmd, f->train);
  add_model_flags(cmd, f->model);
  add_bootstrap_flags(cmd, f->boot);
  cmd->add_option("--metric", f->metric, "Metrics to print: standard, study or both")
      ->check(CLI::IsMember({"standard", "study", "both"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "Model file to write")->required();
  cmd->add_option("--confusion", f->confusion, "Write the test confusion matrix as CSV");
  cmd->add_option("--metrics-json", f->metrics_json, "Write the test metrics as JSON");
  cmd->callback([f] {
    // Summaries go to standard error when an output goes to standard output.
    std::ostream& os = is_standard_output(f->output) || is_standard_output(f->confusion) ||
                               is_standard_output(f->metrics_json)
                           ? std::cerr
                           : std::cout;
    const auto be = make_backend(f->train.device, f->in.threads);
    trained_run run = train_from_flags(f->in, f->text, f->vocab, f->train, base_model(f->model));
    const training_result& t = run.result;
    for (const auto& w : t.warnings) std::cerr << "qclass: warning: " << w << "\n";
    save_model(t.model, f->output);

    os << describe_read(run.data.stats) << "\n" << describe_training(t) << "\n";
    const term_matrix test = t.matrix.select_rows(t.test_rows);
    const row_scores s = score_rows(*be, test, t.model.weights());
    const confusion_counts c =
        evaluate(*be, s, make_truth(t.label_index, t.test_rows), t.model.alpha, t.model.ties);
    print_metrics(os, c, t.model.labels, parse_metric_view(f->metric));
    f->boot.seed = f->train.seed;
    const auto iv =
        report_intervals(os, f->boot,
                         make_evaluated(t.model.labels.size(), t.label_index, t.test_rows,
                                        predicted_sets(s, t.model.alpha, t.model.ties)));
    if (!f->confusion.empty())
      write_file_atomically(f->confusion, confusion_csv(c, t.model.labels));
    if (!f->metrics_json.empty())
      write_file_atomically(
          f->metrics_json,
          metrics_json(c, compute_metrics(c), t.model.labels, iv ? &*iv : nullptr) + "\n");
    os << "model: " << f->output << " (backend " << be->name() << ")\n";
  });
}

}  // namespace qc::cli
