// `qclass report`: the study's findings (Table 1, Fig. 1, 5, 6, 7, and the
// alpha sweep and confusion matrix when given) as CSV files and one
// self-contained report.html, from posts and their predictions.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/comma_list.hpp"
#include "qc/core/error.hpp"
#include "study/study_report.hpp"

namespace qc::cli {

namespace {

struct report_flags {
  report_request req;
  std::string frameworks = "tensorflow,pytorch,deeplearning4j";
  std::string tag_match = "exact";
  std::string on_error = "fail";
  std::size_t max_record_size = default_max_record_bytes;
  progress_flags progress;
};

// --bootstrap, --ci and --seed: the report's intervals (DEFINITIONS.md 11).
void add_interval_options(CLI::App* cmd, bootstrap_spec& u) {
  cmd->add_option("--bootstrap", u.resamples,
                  "Bootstrap resamples for Fig. 7's intervals of the median and mean hours "
                  "(0: none)")
      ->capture_default_str();
  cmd->add_option("--ci", u.confidence, "Confidence of every interval (Wilson score and bootstrap)")
      ->capture_default_str();
  cmd->add_option("--seed", u.seed, "Seed of the bootstrap (SplitMix64)")->capture_default_str();
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto f = std::make_shared<report_flags>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write the study's tables (RQ1, RQ2) as CSV and an HTML report with charts, from posts "
      "and their predictions");
  cmd->add_option("--posts", f->req.posts, "Posts (JSON Lines), the ones that were scored")
      ->required();
  cmd->add_option("--predictions", f->req.predictions,
                  "Predictions from qclass score (.csv or .jsonl)")
      ->required();
  cmd->add_option("--answers", f->req.answers,
                  "Answers (JSON Lines: answer_id, question_id, creation_date, is_accepted; "
                  "or a Posts.xml, also compressed): accepted-answer times from here win over "
                  "the posts' own");
  cmd->add_option("--frameworks", f->frameworks,
                  "Comma-separated frameworks; a post belongs to one when a tag matches")
      ->capture_default_str();
  cmd->add_option("--tag-match", f->tag_match,
                  "exact: a tag equals the framework; substring: a tag contains it (the study)")
      ->check(CLI::IsMember({"exact", "substring"}))
      ->capture_default_str();
  cmd->add_option("--min-year-questions", f->req.min_year_questions,
                  "Fig. 5's chart leaves out years with fewer analysed questions (the CSV keeps "
                  "them)")
      ->capture_default_str();
  cmd->add_option("--sweep", f->req.sweep, "Sweep table from qclass sweep: adds the alpha curve");
  cmd->add_option("--confusion", f->req.confusion,
                  "Confusion CSV from qclass train or eval: adds the confusion matrix");
  cmd->add_option("--baseline", f->req.baseline,
                  "Metrics JSON from qclass baseline: adds the tf-idf + linear SVM comparison");
  add_interval_options(cmd, f->req.uncertainty);
  cmd->add_option("--cross-validation", f->req.cross_validation,
                  "cross_validation.csv from qclass study --folds: adds the cross-validation "
                  "table");
  cmd->add_option("--on-error", f->on_error,
                  "Bad post records: fail (stop with file:line) or skip (skip and count)")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  add_max_record_size_flag(cmd, f->max_record_size);
  add_progress_flags(cmd, f->progress);
  cmd->add_option("-o,--output", f->req.out_dir, "Folder for the CSV files and report.html")
      ->required();
  cmd->callback([f] {
    check_confidence(f->req.uncertainty.confidence);
    report_request r = f->req;
    r.frameworks = split_comma_list(f->frameworks);
    r.match = parse_tag_match(f->tag_match);
    r.reader.errors = f->on_error == "skip" ? on_error::skip : on_error::fail;
    r.reader.max_record_bytes = f->max_record_size;
    progress_meter meter = progress_meter::reading("report", known_input_bytes(r.posts),
                                                   to_progress_mode(f->progress));
    r.reader.on_progress = meter.callback();
    const report_result res = write_study_report(r);
    meter.finish();
    const study_counts& n = res.tables.counts;
    std::cout << describe_read(res.posts_read) << "\n"
              << "analysed: " << n.analysed << " questions (" << n.unclassified
              << " unclassified), outside the frameworks: " << n.outside
              << ", without a prediction: " << n.no_prediction << "\n";
    if (n.no_prediction)
      std::cerr << "qclass: warning: " << n.no_prediction
                << " framework questions have no prediction; were the predictions made from "
                   "these posts?\n";
    if (!r.answers.empty())
      std::cout << "answers: " << res.answers_read << " read; accepted-answer times filled "
                << res.merged.filled << ", confirmed " << res.merged.confirmed << ", replaced "
                << res.merged.changed << "\n";
    std::cout << "report: " << res.html_path << "\n";
  });
}

}  // namespace qc::cli
