// The one-command study: train on labeled posts, sweep alpha, evaluate on
// the test split (with the tf-idf + SVM baseline), save the model, score the
// posts and write the RQ1/RQ2 report (CSV files and report.html) into one
// folder. One alpha is used throughout: the model's, or with use_best_alpha
// the sweep's exact best; the evaluation, the baseline comparison, the saved
// model, the predictions and the report all use it.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/progress_meter.hpp"
#include "eval/bootstrap.hpp"
#include "eval/classifier_uncertainty.hpp"
#include "eval/cross_validation.hpp"
#include "eval/metrics.hpp"
#include "score/bulk_score.hpp"
#include "study/study_report.hpp"
#include "train/training.hpp"

namespace qc {

// The labeled posts read and trained on, and the text resources to score with.
struct study_training {
  labeled_data data;
  training_result result;
  text_resources resources;
  std::string read_summary;  // one line: what was read and skipped
};

struct study_options {
  std::string out_dir;
  std::vector<std::string> posts;    // to classify and report on
  std::vector<std::string> answers;  // for the accepted-answer times (optional)
  std::string frameworks;            // comma-separated framework tags
  std::string tag_match = "exact";   // "exact" | "substring"
  std::string alpha_grid = "0:1:0.01";
  bool use_best_alpha = false;
  std::string device;  // empty: $QC_DEVICE or auto
  unsigned threads = 0;
  std::size_t batch_posts = default_score_batch_posts;
  on_error errors = on_error::fail;
  // The bootstrap of the baseline comparison and of the report's hours
  // (DEFINITIONS.md 11); its confidence also that of the Wilson intervals.
  bootstrap_spec bootstrap{1000, 0.95, 0};
  cv_spec cv;              // folds 0: no cross-validation
  byte_range posts_range;  // part of the one `posts` file (all of it by default)
  std::size_t max_record_bytes = default_max_record_bytes;
  // The progress lines on stderr of the sweep, the scoring and the report
  // (the training's are the train callback's).
  progress_mode progress = progress_mode::off;

  // Reads the labeled posts and trains (called once the output folder and
  // the backend are ready).
  std::function<study_training()> train;
  // Prints the test split's metrics and a scoring summary.
  std::function<void(std::ostream&, const confusion_counts&, const std::vector<std::string>&)>
      print_metrics;
  // McNemar's test and the paired interval of the baseline comparison.
  std::function<void(std::ostream&, const paired_uncertainty&)> print_significance;
  std::function<void(std::ostream&, const bulk_score_summary&, const keyword_model&,
                     const std::string& backend_name)>
      print_score_summary;
};

// Runs the study: progress to `out`, training warnings to `warn`. Throws
// qc::error subclasses.
void run_study(const study_options& o, std::ostream& out, std::ostream& warn);

// The study in steps, for a run that scores and counts the posts elsewhere
// (qclass.dask.study): run_study is prepare_study, scoring the posts with
// study_scoring_options into out_dir/predictions.csv, then writing the
// report of study_report_request.

// The files the evaluation wrote (empty without a test split).
struct evaluation_files {
  std::string sweep, confusion, baseline, cross_validation;
  std::optional<confusion_counts> test_counts;  // at the model's alpha
};

struct prepared_study {
  study_training run;
  evaluation_files files;
  std::string named_alpha;  // how report.html names the model's alpha (empty: its own)
  std::string model_path;
};

// Creates out_dir, trains, sweeps alpha and evaluates (with the baseline and
// the cross-validation), and saves the model: every file but the
// predictions and the report.
prepared_study prepare_study(const study_options& o, backend& be, std::ostream& out,
                             std::ostream& warn);

// How the posts are read and scored.
pipeline_options study_scoring_options(const study_options& o);

// The report of the study into out_dir/report, `predictions` naming the
// predictions file and `reader` reading the posts.
report_request study_report_request(const study_options& o, const prepared_study& p,
                                    const std::string& predictions, const reader_options& reader);

}  // namespace qc
