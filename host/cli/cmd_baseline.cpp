// `qclass baseline`: the keyword classifier and the study's tf-idf + linear
// SVM baseline trained and tested on the same split, tokens and metrics.
#include <iomanip>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/cv_report.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "formats/baseline_json.hpp"
#include "formats/baseline_predictions.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/cv_json.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "train/tfidf_svm.hpp"

namespace qc::cli {
namespace {

void print_row(std::ostream& os, const char* name, const metrics& m) {
  auto cell = [&](const std::optional<double>& v) {
    os << std::setw(10);
    if (v) {
      os << std::fixed << std::setprecision(4) << *v;
    } else {
      os << "-";
    }
  };
  os << std::left << std::setw(34) << name << std::right;
  cell(m.macro_precision);
  cell(m.macro_recall);
  cell(m.macro_f1);
  cell(m.accuracy);
  os << "\n";
}

struct baseline_flags {
  input_flags in;
  text_flags text;
  vocab_flags vocab;
  train_flags train;
  model_flags model;
  double c = 1.0;
  std::string metric = "standard";
  std::string confusion;
  std::string metrics_json;
  std::string predictions;
  cv_flags cv;
};

void add_baseline_options(CLI::App* cmd, baseline_flags& f) {
  add_input_flags(cmd, f.in);
  add_text_flags(cmd, f.text);
  add_vocab_flags(cmd, f.vocab);
  add_train_flags(cmd, f.train);
  add_model_flags(cmd, f.model);
  cmd->add_option("--svm-c", f.c, "SVM: regularization parameter C")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--metric", f.metric, "Per-category tables to print: standard, study or both")
      ->check(CLI::IsMember({"standard", "study", "both"}))
      ->capture_default_str();
  cmd->add_option("--confusion", f.confusion, "Write the SVM's test confusion matrix as CSV");
  cmd->add_option("--metrics-json", f.metrics_json, "Write both classifiers' test metrics as JSON");
  cmd->add_option("--predictions", f.predictions,
                  "Write each test post's labels and both predictions as CSV");
  add_cv_flags(cmd, f.cv);
}

// --folds: both classifiers trained and tested on every fold; per-fold and
// summary metrics printed, and written with --metrics-json.
void run_baseline_folds(std::ostream& os, const baseline_flags& f, const trained_run& run,
                        backend& be) {
  const cv_spec cv = to_cv_spec(f.cv, f.train);
  const std::vector<trained_fold> folds = train_cv_folds(run, cv, f.in.threads);
  svm_options so;
  so.C = f.c;
  std::vector<baseline_comparison> per_fold;
  std::vector<std::string> names;
  std::vector<metric_values> keyword, svm;
  for (const trained_fold& fold : folds) {
    per_fold.push_back(compare_with_baseline(be, fold.t, so));
    names.push_back("r" + std::to_string(fold.repeat) + " f" + std::to_string(fold.fold));
    keyword.push_back(metric_values_of(compute_metrics(per_fold.back().keyword)));
    svm.push_back(metric_values_of(compute_metrics(per_fold.back().svm.counts)));
  }
  const metric_summary ks = summarize(keyword), ss = summarize(svm);
  os << "cross-validation: " << describe_cv(cv) << "\n== keyword classifier\n";
  print_cv_table(os, names, keyword, ks);
  os << "== tf-idf + linear SVM (C = " << f.c << ")\n";
  print_cv_table(os, names, svm, ss);
  if (f.metrics_json.empty()) return;
  const auto& labels = run.result.model.labels;
  const auto records = cv_fold_records(folds, [&](std::size_t i) {
    return baseline_json(per_fold[i].keyword, per_fold[i].svm.counts, labels);
  });
  write_file_atomically(f.metrics_json,
                        cv_metrics_json(cv, records, {{"keyword", ks}, {"tfidf_svm", ss}}) + "\n");
}

// The comparison on os: both classifiers' macro averages, then each one's
// per-category tables.
void print_comparison(std::ostream& os, const baseline_flags& f, const training_result& t,
                      const baseline_comparison& b) {
  const confusion_counts& kc = b.keyword;
  const tfidf_svm_result& svm = b.svm;
  const metrics km = compute_metrics(kc), sm = compute_metrics(svm.counts);
  os << "\ntest metrics (macro averages)    precision    recall        F1  accuracy\n";
  print_row(os, "keyword classifier", km);
  print_row(os, "tf-idf + linear SVM", sm);
  os << std::defaultfloat << "(SVM: " << svm.n_features << " tf-idf features, C = " << f.c
     << ", one class per post: its first label)\n";
  const metric_view view = parse_metric_view(f.metric);
  os << "\n== keyword classifier\n";
  print_metrics(os, kc, t.model.labels, view);
  os << "\n== tf-idf + linear SVM\n";
  print_metrics(os, svm.counts, t.model.labels, view);
}

// The files the flags ask for: --confusion, --metrics-json, --predictions.
void write_baseline_files(const baseline_flags& f, const trained_run& run,
                          const baseline_comparison& b) {
  const training_result& t = run.result;
  if (!f.confusion.empty())
    write_file_atomically(f.confusion, confusion_csv(b.svm.counts, t.model.labels));
  if (!f.metrics_json.empty())
    write_file_atomically(f.metrics_json,
                          baseline_json(b.keyword, b.svm.counts, t.model.labels) + "\n");
  if (!f.predictions.empty())
    write_file_atomically(f.predictions, baseline_predictions_csv(t, run.data.ids, b));
}

void run_baseline_command(const baseline_flags& f) {
  // Summaries go to standard error when an output goes to standard output.
  std::ostream& os = is_standard_output(f.confusion) || is_standard_output(f.metrics_json) ||
                             is_standard_output(f.predictions)
                         ? std::cerr
                         : std::cout;
  if (f.cv.folds > 0 && (!f.confusion.empty() || !f.predictions.empty()))
    throw usage_error("--folds writes --metrics-json only (no --confusion, --predictions)");
  const auto be = make_backend(f.train.device, f.in.threads);
  trained_run run = train_from_flags(f.in, f.text, f.vocab, f.train, base_model(f.model));
  const training_result& t = run.result;
  for (const auto& w : t.warnings) std::cerr << "qclass: warning: " << w << "\n";
  os << describe_read(run.data.stats) << "\n" << describe_training(t) << "\n";
  if (f.cv.folds > 0) {
    run_baseline_folds(os, f, run, *be);
    return;
  }
  svm_options so;
  so.C = f.c;
  const baseline_comparison b = compare_with_baseline(*be, t, so);
  print_comparison(os, f, t, b);
  write_baseline_files(f, run, b);
}

}  // namespace

void add_baseline_command(CLI::App& app) {
  auto f = std::make_shared<baseline_flags>();
  CLI::App* cmd = app.add_subcommand(
      "baseline",
      "Compare the keyword classifier with a tf-idf + linear SVM on the same split and tokens");
  add_baseline_options(cmd, *f);
  cmd->callback([f] { run_baseline_command(*f); });
}

}  // namespace qc::cli
