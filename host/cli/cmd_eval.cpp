// `qclass eval`: a saved model on labeled posts.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "core/fraction.hpp"
#include "eval/model_eval.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {

void add_eval_command(CLI::App& app) {
  struct flags {
    input_flags in;
    std::string model;
    std::string label_map;
    std::string part = "all";
    std::string metric = "both";
    std::string alpha;
    std::string confusion;
    std::string metrics_json;
    std::string wordnet_dir;
    std::string device;
    bootstrap_spec boot;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a saved model on labeled posts");
  add_input_flags(cmd, f->in);
  cmd->add_option("-m,--model", f->model, "Model file (from qclass train)")->required();
  cmd->add_option("--label-map", f->label_map, "Label map TSV: fine_label<TAB>category");
  cmd->add_option("--part", f->part, "Which labeled posts: all, or the model's own test/train ids")
      ->check(CLI::IsMember({"all", "test", "train"}))
      ->capture_default_str();
  cmd->add_option("--metric", f->metric, "standard, study or both")
      ->check(CLI::IsMember({"standard", "study", "both"}))
      ->capture_default_str();
  cmd->add_option("--alpha", f->alpha, "Override the model's alpha");
  cmd->add_option("--confusion", f->confusion, "Write the confusion matrix as CSV");
  cmd->add_option("--metrics-json", f->metrics_json, "Write the metrics as JSON");
  cmd->add_option("--wordnet-dir", f->wordnet_dir, "WordNet 3.0 dict folder");
  add_device_flag(cmd, f->device);
  add_bootstrap_flags(cmd, f->boot);
  cmd->add_option("--seed", f->boot.seed, "Seed of the bootstrap (SplitMix64)")
      ->capture_default_str();
  cmd->callback([f] {
    // Summaries go to standard error when an output goes to standard output.
    std::ostream& os = is_standard_output(f->confusion) || is_standard_output(f->metrics_json)
                           ? std::cerr
                           : std::cout;
    const keyword_model m = load_model(f->model);
    const auto be = make_backend(f->device, f->in.threads);
    const text_resources res = load_model_text_resources(m, f->wordnet_dir);
    label_map map;
    if (!f->label_map.empty()) map = label_map::read(f->label_map);
    progress_meter meter = reading_meter(f->in);
    const labeled_data data =
        load_labeled(f->in.inputs, to_pipeline_options(f->in, meter), m.pre, res, &map);
    meter.finish();

    const double alpha = f->alpha.empty() ? m.alpha : parse_decimal_double(f->alpha);
    const model_evaluation ev =
        evaluate_model(*be, m, data, parse_eval_part(f->part), alpha, f->in.threads);
    const confusion_counts& c = ev.counts;
    os << describe_read(data.stats) << ", evaluated (" << f->part << "): " << ev.rows << "\n";
    print_metrics(os, c, m.labels, parse_metric_view(f->metric));
    const auto iv = report_intervals(os, f->boot, ev.posts);
    if (!f->confusion.empty()) write_file_atomically(f->confusion, confusion_csv(c, m.labels));
    if (!f->metrics_json.empty())
      write_file_atomically(
          f->metrics_json,
          metrics_json(c, compute_metrics(c), m.labels, iv ? &*iv : nullptr) + "\n");
  });
}

}  // namespace qc::cli
