// `qclass train`: train on the train split, evaluate on the test split, save the model.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/cv_report.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "core/format_double.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/cv_json.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {
namespace {

// `train --folds`: every fold trained and evaluated at the model's alpha;
// per-fold and summary metrics printed, and written with --metrics-json.
void run_train_folds(std::ostream& os, const trained_run& run, const cv_spec& cv, backend& be,
                     unsigned threads, const std::string& metrics_file) {
  const std::vector<trained_fold> folds = train_cv_folds(run, cv, threads);
  const cv_train_result r = evaluate_folds(be, folds);
  const std::vector<std::string>& labels = run.result.model.labels;
  std::vector<std::string> names;
  std::vector<metric_values> values;
  for (std::size_t i = 0; i < folds.size(); ++i) {
    names.push_back("r" + std::to_string(folds[i].repeat) + " f" + std::to_string(folds[i].fold));
    values.push_back(metric_values_of(compute_metrics(r.counts[i])));
  }
  os << "cross-validation: " << describe_cv(cv) << ", alpha "
     << format_double(run.result.model.alpha) << ", backend " << be.name() << "\n";
  print_cv_table(os, names, values, r.summary);
  if (metrics_file.empty()) return;
  const auto records = cv_fold_records(folds, [&](std::size_t i) {
    return metrics_json(r.counts[i], compute_metrics(r.counts[i]), labels);
  });
  write_file_atomically(metrics_file, cv_metrics_json(cv, records, {{"", r.summary}}) + "\n");
}

}  // namespace

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
    cv_flags cv;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train the keyword classifier on the train split, evaluate it on the test split");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  add_vocab_flags(cmd, f->vocab);
  add_train_flags(cmd, f->train);
  add_model_flags(cmd, f->model);
  cmd->add_option("--metric", f->metric, "Metrics to print: standard, study or both")
      ->check(CLI::IsMember({"standard", "study", "both"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", f->output, "Model file to write")->required();
  cmd->add_option("--confusion", f->confusion, "Write the test confusion matrix as CSV");
  cmd->add_option("--metrics-json", f->metrics_json,
                  "Write the test metrics as JSON (with --folds: every fold's, and their mean "
                  "and standard deviation)");
  add_cv_flags(cmd, f->cv);
  cmd->callback([f] {
    // Summaries go to standard error when an output goes to standard output.
    std::ostream& os = is_standard_output(f->output) || is_standard_output(f->confusion) ||
                               is_standard_output(f->metrics_json)
                           ? std::cerr
                           : std::cout;
    const cv_spec cv = to_cv_spec(f->cv, f->train);
    const auto be = make_backend(f->train.device, f->in.threads);
    trained_run run = train_from_flags(f->in, f->text, f->vocab, f->train, base_model(f->model));
    const training_result& t = run.result;
    for (const auto& w : t.warnings) std::cerr << "qclass: warning: " << w << "\n";
    save_model(t.model, f->output);

    os << describe_read(run.data.stats) << "\n" << describe_training(t) << "\n";
    const confusion_counts c = evaluate_test_part(*be, t);
    print_metrics(os, c, t.model.labels, parse_metric_view(f->metric));
    if (!f->confusion.empty())
      write_file_atomically(f->confusion, confusion_csv(c, t.model.labels));
    if (cv.folds > 0) {
      // The model saved is the single split's; the metrics are the folds'.
      run_train_folds(os, run, cv, *be, f->in.threads, f->metrics_json);
    } else if (!f->metrics_json.empty()) {
      write_file_atomically(f->metrics_json,
                            metrics_json(c, compute_metrics(c), t.model.labels) + "\n");
    }
    os << "model: " << f->output << " (backend " << be->name() << ")\n";
  });
}

}  // namespace qc::cli
