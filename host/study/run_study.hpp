// The one-command study: train on labeled posts, sweep alpha, evaluate on
// the test split (with the tf-idf + SVM baseline), save the model, score the
// posts and write the RQ1/RQ2 report (CSV files and report.html) into one
// folder. One alpha is used throughout: the model's, or with use_best_alpha
// the sweep's exact best; the evaluation, the baseline comparison, the saved
// model, the predictions and the report all use it.
#pragma once
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "eval/cross_validation.hpp"
#include "eval/metrics.hpp"
#include "score/bulk_score.hpp"
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
  std::size_t batch_posts = 4096;
  on_error errors = on_error::fail;
  cv_spec cv;  // folds 0: no cross-validation
  byte_range posts_range;  // part of the one `posts` file (all of it by default)

  // Reads the labeled posts and trains (called once the output folder and
  // the backend are ready).
  std::function<study_training()> train;
  // Prints the test split's metrics and a scoring summary.
  std::function<void(std::ostream&, const confusion_counts&, const std::vector<std::string>&)>
      print_metrics;
  std::function<void(std::ostream&, const bulk_score_summary&, const keyword_model&,
                     const std::string& backend_name)>
      print_score_summary;
};

// Runs the study: progress to `out`, training warnings to `warn`. Throws
// qc::error subclasses.
void run_study(const study_options& o, std::ostream& out, std::ostream& warn);

}  // namespace qc
