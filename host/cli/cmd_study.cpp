// `qclass study`: the whole study in one command (see study/run_study.hpp):
// its flags, turned into study_options.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "study/run_study.hpp"

namespace qc::cli {
namespace {

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
  cv_flags cv;
  std::string out_dir;
  bootstrap_spec boot{1000, 0.95, 0};
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
  add_bootstrap_flags(cmd, f.boot);
  add_cv_flags(cmd, f.cv);
  cmd->add_option("-o,--output", f.out_dir, "Folder for every output")->required();
}

study_options to_study_options(study_flags& f) {
  study_options o;
  o.out_dir = f.out_dir;
  o.posts = f.posts;
  o.answers = f.answers;
  o.frameworks = f.frameworks;
  o.tag_match = f.tag_match;
  o.alpha_grid = f.alpha_grid;
  o.use_best_alpha = f.use_best_alpha;
  o.device = f.train.device;
  o.cv = to_cv_spec(f.cv, f.train);
  o.threads = f.in.threads;
  o.batch_posts = f.in.batch_posts;
  o.errors = f.in.on_error == "skip" ? on_error::skip : on_error::fail;
  o.bootstrap = f.boot;
  o.bootstrap.seed = f.train.seed;
  check_confidence(o.bootstrap.confidence);
  o.posts_range = to_byte_range(f.in.byte_range, f.posts.size());  // of --posts, not --labeled
  o.max_record_bytes = f.in.max_record_size;
  o.progress = to_progress_mode(f.in.progress);
  o.train = [&f] {
    f.in.inputs = {f.labeled};
    f.in.byte_range.clear();
    f.in.verb = "study train";
    trained_run run = train_from_flags(f.in, f.text, f.vocab, f.train, base_model(f.model));
    study_training st;
    st.read_summary = describe_read(run.data.stats);
    st.data = std::move(run.data);
    st.result = std::move(run.result);
    st.resources = std::move(run.resources);
    return st;
  };
  o.print_metrics = [](std::ostream& os, const confusion_counts& c,
                       const std::vector<std::string>& labels) {
    print_metrics(os, c, labels, metric_view::both);
  };
  o.print_score_summary = print_score_summary;
  o.print_significance = print_significance;
  return o;
}

}  // namespace

void add_study_command(CLI::App& app) {
  auto f = std::make_shared<study_flags>();
  CLI::App* cmd = app.add_subcommand(
      "study",
      "The whole study in one command: train, evaluate, sweep alpha, score the posts, report");
  f->in.batch_posts = default_score_batch_posts;  // --batch is the scoring pass's
  add_study_flags(cmd, *f);
  cmd->callback([f] { run_study(to_study_options(*f), std::cout, std::cerr); });
}

}  // namespace qc::cli
