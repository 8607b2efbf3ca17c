#include "study/run_study.hpp"

#include <cmath>
#include <filesystem>

#include "core/backend_select.hpp"
#include "core/comma_list.hpp"
#include "core/format_double.hpp"
#include "eval/sweep.hpp"
#include "formats/baseline_json.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "formats/sweep_csv.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "study/frameworks.hpp"
#include "study/study_cv.hpp"
#include "study/study_report.hpp"
#include "train/tfidf_svm.hpp"

namespace qc {
namespace {

namespace fs = std::filesystem;

// Sweeps alpha for the trained configuration and writes sweep.csv.
sweep_result sweep_alpha(backend& be, const training_result& t, const std::string& grid,
                         const std::string& path, progress_mode progress, std::ostream& out) {
  sweep_spec spec;
  spec.alphas = make_alpha_grid(grid);
  spec.top_ks = {t.model.top_k};
  spec.norms = {t.model.norm};
  spec.scopes = {t.model.scope};
  spec.ties = t.model.ties;
  progress_meter meter =
      progress_meter::counting("study sweep", grid_points(spec), "grid points", progress);
  sweep_result r = run_sweep(be, t, spec, meter.callback());
  meter.finish();
  atomic_file file(path);
  write_sweep_table(file.stream(), r, spec, t.model.labels);
  file.commit();
  out << "== sweep: " << r.points.size() << " alphas; grid best "
      << format_double(r.points[r.best].alpha);
  if (r.exact) out << ", exact best " << format_double(r.exact->alpha);
  out << "\n";
  return r;
}

// The tf-idf + linear SVM baseline on the same split and tokens: written as
// baseline.json, its macro F1, McNemar's test and the paired interval printed.
void compare_baseline(const study_options& o, backend& be, const training_result& t,
                      const fs::path& dir, evaluation_files& files, std::ostream& out) {
  const baseline_comparison b = compare_with_baseline(be, t, svm_options{});
  const paired_uncertainty u = baseline_uncertainty(t, b, o.bootstrap);
  files.baseline = (dir / "baseline.json").string();
  write_file_atomically(files.baseline,
                        baseline_json(b.keyword, b.svm.counts, t.model.labels, u) + "\n");
  const metrics sm = compute_metrics(b.svm.counts);
  out << "== baseline: tf-idf + linear SVM macro F1 ";
  if (sm.macro_f1) {
    out << format_double(std::round(*sm.macro_f1 * 1e4) / 1e4);
  } else {
    out << "undefined";
  }
  out << " on the same test split\n";
  o.print_significance(out, u);
}

// The keyword classifier and the baseline on the test split, at the model's
// alpha: printed, and written as confusion.csv, metrics.json and baseline.json.
void evaluate_at_model_alpha(const study_options& o, backend& be, const training_result& t,
                             const fs::path& dir, evaluation_files& files, std::ostream& out) {
  const confusion_counts c = evaluate_test_part(be, t);
  o.print_metrics(out, c, t.model.labels);
  files.test_counts = c;
  files.confusion = (dir / "confusion.csv").string();
  write_file_atomically(files.confusion, confusion_csv(c, t.model.labels));
  write_file_atomically((dir / "metrics.json").string(),
                        metrics_json(c, compute_metrics(c), t.model.labels) + "\n");
  compare_baseline(o, be, t, dir, files, out);
}

// Sweep, then (with use_best_alpha) move the model to the exact best alpha,
// then evaluate at the model's alpha. Returns how report.html names that
// alpha (empty: the model's own alpha).
std::string sweep_and_evaluate(const study_options& o, backend& be, training_result& t,
                               const fs::path& dir, evaluation_files& files, std::ostream& out) {
  if (t.test_rows.empty()) {
    if (o.use_best_alpha)
      throw usage_error("--use-best-alpha needs a test split (--split below 1)");
    return {};
  }
  files.sweep = (dir / "sweep.csv").string();
  const sweep_result r = sweep_alpha(be, t, o.alpha_grid, files.sweep, o.progress, out);
  std::string named;
  if (o.use_best_alpha) {
    if (!r.exact) throw usage_error("--use-best-alpha: the sweep found no exact best alpha");
    t.model.alpha = r.exact->alpha;
    named =
        "alpha " + format_double(t.model.alpha) + " (the sweep's exact best, saved with the model)";
  }
  out << "== evaluate (alpha " << format_double(t.model.alpha) << ")\n";
  evaluate_at_model_alpha(o, be, t, dir, files, out);
  return named;
}

// --folds: the cross-validation table beside the single split, printed and
// written as cross_validation.csv.
void cross_validate(const study_options& o, backend& be, const study_training& run,
                    const fs::path& dir, evaluation_files& files, std::ostream& out) {
  study_cv_inputs in;
  in.data = &run.data;
  in.trained = &run.result;
  in.res = &run.resources;
  in.threads = o.threads;
  in.cv = o.cv;
  in.alphas = make_alpha_grid(o.alpha_grid);
  in.single_split = files.test_counts;
  const cv_table table = study_cross_validation(be, in);
  files.cross_validation = (dir / "cross_validation.csv").string();
  write_file_atomically(files.cross_validation, cv_table_csv(table));
  out << "== cross-validation: " << o.cv.folds << " folds x " << o.cv.repeats
      << (o.cv.repeats == 1 ? " repeat" : " repeats") << " (seed " << o.cv.seed
      << "), nested over alpha " << o.alpha_grid << "\n";
  print_cv_estimates(out, table);
}

// Trains (printing the warnings and a summary line).
study_training train_step(const study_options& o, std::ostream& out, std::ostream& warn) {
  study_training run = o.train();
  const training_result& t = run.result;
  for (const auto& w : t.warnings) warn << "qclass: warning: " << w << "\n";
  out << "== train: " << run.read_summary << "; labels " << t.model.labels.size() << ", vocabulary "
      << t.model.vocab.size() << ", train posts " << t.train_rows.size() << ", test posts "
      << t.test_rows.size() << "\n";
  return run;
}

std::uint64_t posts_bytes(const study_options& o) {
  return known_input_bytes(o.posts, o.posts_range.begin, o.posts_range.end);
}

// Scores the posts into `pred_path`, with a progress line.
bulk_score_summary score_step(const study_options& o, backend& be, const study_training& run,
                              pipeline_options popts, const std::string& pred_path) {
  progress_meter meter = progress_meter::reading("study score", posts_bytes(o), o.progress);
  popts.reader.on_progress = meter.callback();
  const keyword_model& m = run.result.model;
  const bulk_score_summary sum =
      score_posts(m, be, m.alpha, o.posts, popts, run.resources, pred_path, prediction_format::csv);
  meter.finish();
  return sum;
}

// Writes the report, with a progress line while it reads the posts.
report_result report_step(const study_options& o, report_request rq) {
  progress_meter meter = progress_meter::reading("study report", posts_bytes(o), o.progress);
  rq.reader.on_progress = meter.callback();
  report_result rr = write_study_report(rq);
  meter.finish();
  return rr;
}

}  // namespace

report_request study_report_request(const study_options& o, const prepared_study& p,
                                    const std::string& predictions, const reader_options& reader) {
  const fs::path dir(o.out_dir);
  report_request rq;
  rq.posts = o.posts;
  rq.predictions = predictions;
  rq.answers = o.answers;
  rq.sweep = p.files.sweep;
  rq.confusion = p.files.confusion;
  rq.baseline = p.files.baseline;
  rq.cross_validation = p.files.cross_validation;
  rq.frameworks = split_comma_list(o.frameworks);
  rq.match = parse_tag_match(o.tag_match);
  rq.reader = reader;
  rq.reader.on_skip = nullptr;
  rq.out_dir = (dir / "report").string();
  rq.uncertainty = o.bootstrap;
  rq.confusion_alpha = p.named_alpha;
  return rq;
}

pipeline_options study_scoring_options(const study_options& o) {
  pipeline_options popts;
  popts.reader.errors = o.errors;
  popts.reader.range = o.posts_range;
  popts.reader.max_record_bytes = o.max_record_bytes;
  popts.threads = o.threads;
  popts.reader.parse_threads = o.threads;
  popts.batch_posts = o.batch_posts;
  return popts;
}

prepared_study prepare_study(const study_options& o, backend& be, std::ostream& out,
                             std::ostream& warn) {
  const fs::path dir(o.out_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw io_error("cannot create '" + o.out_dir + "': " + ec.message());
  // 1. Train.
  prepared_study p;
  p.run = train_step(o, out, warn);
  // 2. Sweep alpha and evaluate at the alpha the model keeps.
  p.named_alpha = sweep_and_evaluate(o, be, p.run.result, dir, p.files, out);
  if (o.cv.folds > 0) cross_validate(o, be, p.run, dir, p.files, out);
  p.model_path = (dir / "model.json").string();
  save_model(p.run.result.model, p.model_path);
  return p;
}

void run_study(const study_options& o, std::ostream& out, std::ostream& warn) {
  const auto be = make_backend(o.device, o.threads);
  const prepared_study p = prepare_study(o, *be, out, warn);
  const keyword_model& m = p.run.result.model;

  // 3. Score the posts.
  const pipeline_options popts = study_scoring_options(o);
  const std::string pred_path = (fs::path(o.out_dir) / "predictions.csv").string();
  const bulk_score_summary sum = score_step(o, *be, p.run, popts, pred_path);
  out << "== score (alpha " << format_double(m.alpha) << ")\n";
  o.print_score_summary(out, sum, m, be->name());

  // 4. Report.
  const report_result rr = report_step(o, study_report_request(o, p, pred_path, popts.reader));
  out << "== report: " << rr.tables.counts.analysed << " questions analysed\n"
      << "model: " << p.model_path << "\npredictions: " << pred_path << "\nreport: " << rr.html_path
      << "\n";
}

}  // namespace qc
