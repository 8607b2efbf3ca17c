// `qclass study`: the whole study in one command. Train on labeled posts,
// sweep alpha, evaluate on the test split, score the posts, and write the
// RQ1/RQ2 report (CSV files and report.html) into one folder. One alpha is
// used throughout: --alpha, or with --use-best-alpha the sweep's exact best;
// the evaluation, the baseline comparison, the saved model, the predictions
// and the report all use it.
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "core/comma_list.hpp"
#include "core/format_double.hpp"
#include "eval/sweep.hpp"
#include "formats/baseline_json.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "study/frameworks.hpp"
#include "study/study_report.hpp"
#include "train/tfidf_svm.hpp"

namespace qc::cli {
namespace {

namespace fs = std::filesystem;

struct study_flags {
  std::string labeled;
  std::vector<std::string> posts;
  std::vector<std::string> answers;
  std::string frameworks = "tensorflow,pytorch,deeplearning4j";
  std::string tag_match = "exact";
  std::string alpha_grid = "0:1:0.01";
  bool use_best_alpha = false;
  model_flags model;
  input_flags in;  // --labeled fills in.inputs
  text_flags text;
  vocab_flags vocab;
  train_flags train;
  std::string out_dir;
};

// The files the evaluation wrote (empty without a test split).
struct evaluation_files {
  std::string sweep, confusion, baseline;
};

void add_study_flags(CLI::App* cmd, study_flags& f) {
  cmd->add_option("--labeled", f.labeled, "Labeled posts to train and evaluate on")->required();
  cmd->add_option("--posts", f.posts, "Posts to classify and report on (JSONL or Posts.xml)")
      ->required();
  cmd->add_option("--answers", f.answers,
                  "Answers (JSONL or Posts.xml) for the accepted-answer times");
  cmd->add_option("--frameworks", f.frameworks, "Comma-separated framework tags")
      ->capture_default_str();
  cmd->add_option("--tag-match", f.tag_match, "Framework tags: exact or substring")
      ->check(CLI::IsMember({"exact", "substring"}))
      ->capture_default_str();
  add_model_flags(cmd, f.model);
  cmd->add_option("--alpha-grid", f.alpha_grid, "Sweep grid START:STOP:STEP")
      ->capture_default_str();
  cmd->add_flag("--use-best-alpha", f.use_best_alpha,
                "Evaluate, save and score with the sweep's exact best alpha instead of --alpha");
  add_read_flags(cmd, f.in);
  add_text_flags(cmd, f.text);
  add_vocab_flags(cmd, f.vocab);
  add_train_flags(cmd, f.train);
  cmd->add_option("-o,--output", f.out_dir, "Folder for every output")->required();
}

// Sweeps alpha for the trained configuration and writes sweep.csv.
sweep_result sweep_alpha(backend& be, const training_result& t, const std::string& grid,
                         const std::string& path) {
  sweep_spec spec;
  spec.alphas = make_alpha_grid(grid);
  spec.top_ks = {t.model.top_k};
  spec.norms = {t.model.norm};
  spec.scopes = {t.model.scope};
  spec.ties = t.model.ties;
  sweep_result r = run_sweep(be, t, spec);
  atomic_file out(path);
  write_sweep_csv(out.stream(), r);
  out.stream() << "#best " << best_json(r, spec, t.model.labels) << "\n";
  out.commit();
  std::cout << "== sweep: " << r.points.size() << " alphas; grid best "
            << format_double(r.points[r.best].alpha);
  if (r.exact) std::cout << ", exact best " << format_double(r.exact->alpha);
  std::cout << "\n";
  return r;
}

// The keyword classifier and the tf-idf + SVM baseline on the test split, at
// the model's alpha: printed, and written as confusion.csv, metrics.json and
// baseline.json.
void evaluate_at_model_alpha(backend& be, const training_result& t, const fs::path& dir,
                             evaluation_files& files) {
  const term_matrix test = t.matrix.select_rows(t.test_rows);
  const row_scores s = score_rows(be, test, t.model.weights());
  const confusion_counts c =
      evaluate(be, s, make_truth(t.label_index, t.test_rows), t.model.alpha, t.model.ties);
  print_metrics(std::cout, c, t.model.labels, metric_view::both);
  files.confusion = (dir / "confusion.csv").string();
  write_file_atomically(files.confusion, confusion_csv(c, t.model.labels));
  write_file_atomically((dir / "metrics.json").string(),
                        metrics_json(c, compute_metrics(c), t.model.labels) + "\n");

  // The study's baseline on the same split and tokens.
  const baseline_comparison b = compare_with_baseline(be, t, svm_options{});
  files.baseline = (dir / "baseline.json").string();
  write_file_atomically(files.baseline,
                        baseline_json(b.keyword, b.svm.counts, t.model.labels) + "\n");
  const metrics sm = compute_metrics(b.svm.counts);
  std::cout << "== baseline: tf-idf + linear SVM macro F1 ";
  if (sm.macro_f1) {
    std::cout << format_double(std::round(*sm.macro_f1 * 1e4) / 1e4);
  } else {
    std::cout << "undefined";
  }
  std::cout << " on the same test split\n";
}

// Sweep, then (with --use-best-alpha) move the model to the exact best alpha,
// then evaluate at the model's alpha. Returns how report.html names that
// alpha (empty: --alpha, "the model's own alpha").
std::string sweep_and_evaluate(const study_flags& f, backend& be, training_result& t,
                               const fs::path& dir, evaluation_files& files) {
  if (t.test_rows.empty()) {
    if (f.use_best_alpha)
      throw usage_error("--use-best-alpha needs a test split (--split below 1)");
    return {};
  }
  files.sweep = (dir / "sweep.csv").string();
  const sweep_result r = sweep_alpha(be, t, f.alpha_grid, files.sweep);
  std::string named;
  if (f.use_best_alpha) {
    if (!r.exact) throw usage_error("--use-best-alpha: the sweep found no exact best alpha");
    t.model.alpha = r.exact->alpha;
    named =
        "alpha " + format_double(t.model.alpha) + " (the sweep's exact best, saved with the model)";
  }
  std::cout << "== evaluate (alpha " << format_double(t.model.alpha) << ")\n";
  evaluate_at_model_alpha(be, t, dir, files);
  return named;
}

report_request make_report_request(const study_flags& f, const fs::path& dir,
                                   const std::string& predictions, const evaluation_files& files,
                                   const reader_options& reader) {
  report_request rq;
  rq.posts = f.posts;
  rq.predictions = predictions;
  rq.answers = f.answers;
  rq.sweep = files.sweep;
  rq.confusion = files.confusion;
  rq.baseline = files.baseline;
  rq.frameworks = split_comma_list(f.frameworks);
  rq.match = parse_tag_match(f.tag_match);
  rq.reader = reader;
  rq.reader.on_skip = nullptr;
  rq.out_dir = (dir / "report").string();
  return rq;
}

void run_study(study_flags& f) {
  const fs::path dir(f.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw io_error("cannot create '" + f.out_dir + "': " + ec.message());
  const auto be = make_backend(f.train.device, f.in.threads);

  // 1. Train.
  f.in.inputs = {f.labeled};
  trained_run run = train_from_flags(f.in, f.text, f.vocab, f.train, base_model(f.model));
  training_result& t = run.result;
  for (const auto& w : t.warnings) std::cerr << "qclass: warning: " << w << "\n";
  std::cout << "== train: " << describe_read(run.data.stats) << "; labels " << t.model.labels.size()
            << ", vocabulary " << t.model.vocab.size() << ", train posts " << t.train_rows.size()
            << ", test posts " << t.test_rows.size() << "\n";

  // 2. Sweep alpha and evaluate at the alpha the model keeps.
  evaluation_files files;
  const std::string named_alpha = sweep_and_evaluate(f, *be, t, dir, files);
  const std::string model_path = (dir / "model.json").string();
  save_model(t.model, model_path);

  // 3. Score the posts.
  pipeline_options popts;
  popts.reader.errors = f.in.on_error == "skip" ? on_error::skip : on_error::fail;
  popts.threads = f.in.threads;
  popts.batch_posts = f.in.batch_posts;
  const std::string pred_path = (dir / "predictions.csv").string();
  const bulk_score_summary sum = score_posts(t.model, *be, t.model.alpha, f.posts, popts,
                                             run.resources, pred_path, prediction_format::csv);
  std::cout << "== score (alpha " << format_double(t.model.alpha) << ")\n";
  print_score_summary(std::cout, sum, t.model, be->name());

  // 4. Report.
  report_request rq = make_report_request(f, dir, pred_path, files, popts.reader);
  rq.confusion_alpha = named_alpha;
  const report_result rr = write_study_report(rq);
  std::cout << "== report: " << rr.tables.counts.analysed << " questions analysed\n"
            << "model: " << model_path << "\npredictions: " << pred_path
            << "\nreport: " << rr.html_path << "\n";
}

}  // namespace

void add_study_command(CLI::App& app) {
  auto f = std::make_shared<study_flags>();
  CLI::App* cmd = app.add_subcommand(
      "study",
      "The whole study in one command: train, evaluate, sweep alpha, score the posts, report");
  add_study_flags(cmd, *f);
  cmd->callback([f] { run_study(*f); });
}

}  // namespace qc::cli
