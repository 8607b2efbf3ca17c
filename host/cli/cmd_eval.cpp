// `qclass eval`: a saved model on labeled posts.
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "core/fraction.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/metrics_json.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"

namespace qc::cli {

namespace {

// The labeled rows `part` selects (all, or the model's own test or train
// ids), in input order; label_index gets every row's label indices (empty
// for rows not selected). Throws parse_error for a label the model lacks.
std::vector<std::size_t> evaluated_rows(const labeled_data& data, const keyword_model& m,
                                        const std::string& part,
                                        std::vector<std::vector<int>>& label_index) {
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < m.labels.size(); ++k) index[m.labels[k]] = static_cast<int>(k);
  std::set<std::string> wanted;
  if (part == "test") wanted.insert(m.test_ids.begin(), m.test_ids.end());
  if (part == "train") wanted.insert(m.train_ids.begin(), m.train_ids.end());
  label_index.assign(data.labels.size(), {});
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < data.labels.size(); ++r) {
    if (data.labels[r].empty()) continue;
    if (part != "all" && !wanted.count(data.ids[r])) continue;
    for (const auto& l : data.labels[r]) {
      const auto it = index.find(l);
      if (it == index.end())
        throw parse_error(data.where[r], 0,
                          "label '" + l + "' is not one of the model's categories");
      label_index[r].push_back(it->second);
    }
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

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
    const labeled_data data =
        load_labeled(f->in.inputs, to_pipeline_options(f->in), m.pre, res, &map);

    std::vector<std::vector<int>> label_index;
    const std::vector<std::size_t> rows = evaluated_rows(data, m, f->part, label_index);
    const term_matrix all = term_matrix::build(data.corpus, m.vocab, f->in.threads);
    const term_matrix mat = all.select_rows(rows);
    const double alpha = f->alpha.empty() ? m.alpha : parse_decimal_double(f->alpha);
    const row_scores s = score_rows(*be, mat, m.weights());
    const confusion_counts c = evaluate(*be, s, make_truth(label_index, rows), alpha, m.ties);
    os << describe_read(data.stats) << ", evaluated (" << f->part << "): " << rows.size() << "\n";
    print_metrics(os, c, m.labels, parse_metric_view(f->metric));
    const auto iv = report_intervals(
        os, f->boot,
        make_evaluated(m.labels.size(), label_index, rows, predicted_sets(s, alpha, m.ties)));
    if (!f->confusion.empty()) write_file_atomically(f->confusion, confusion_csv(c, m.labels));
    if (!f->metrics_json.empty())
      write_file_atomically(
          f->metrics_json,
          metrics_json(c, compute_metrics(c), m.labels, iv ? &*iv : nullptr) + "\n");
  });
}

}  // namespace qc::cli
