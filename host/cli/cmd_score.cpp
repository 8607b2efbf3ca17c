// `qclass score`: bulk-score posts with a saved model, in batches, with
// bounded memory. One output row per input record, in input order; records
// skipped under --on-error skip appear as skipped rows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/backend_select.hpp"
#include "core/fraction.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"
#include "score/bulk_score.hpp"

namespace qc::cli {

void add_score_command(CLI::App& app) {
  struct flags {
    input_flags in;
    std::string model;
    std::string output;
    std::string format;
    std::string alpha;
    std::string wordnet_dir;
    std::string device;
    bool stats = false;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "score", "Predict the category of every post with a saved model (bulk, streaming)");
  f->in.batch_posts = default_score_batch_posts;
  add_input_flags(cmd, f->in);
  cmd->add_option("-m,--model", f->model, "Model file (from qclass train)")->required();
  cmd->add_option("-o,--output", f->output, "Predictions: .csv or .jsonl ('-' for stdout)")
      ->required();
  cmd->add_option("--format", f->format, "csv or jsonl (default: from the output's extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("--alpha", f->alpha, "Override the model's alpha");
  cmd->add_option("--wordnet-dir", f->wordnet_dir, "WordNet 3.0 dict folder");
  add_device_flag(cmd, f->device);
  cmd->add_flag("--stats", f->stats,
                "Print each stage's seconds and share of the wall time, and the CPU use");
  cmd->callback([f] {
    const keyword_model m = load_model(f->model);
    const double alpha = f->alpha.empty() ? m.alpha : parse_decimal_double(f->alpha);
    const auto be = make_backend(f->device, f->in.threads);
    const text_resources res = load_model_text_resources(m, f->wordnet_dir);
    progress_meter meter = reading_meter(f->in, f->output);
    pipeline_options popts = to_pipeline_options(f->in, meter);
    popts.time_prepare = f->stats;
    const bulk_score_summary sum = score_posts(m, *be, alpha, f->in.inputs, popts, res, f->output,
                                               prediction_format_for(f->output, f->format));
    meter.finish();
    std::ostream& os = is_standard_output(f->output) ? std::cerr : std::cout;
    print_score_summary(os, sum, m, be->name());
    if (f->stats) print_score_stats(os, sum);
    if (!is_standard_output(f->output)) os << "predictions: " << f->output << "\n";
  });
}

void print_score_summary(std::ostream& os, const bulk_score_summary& sum, const keyword_model& m,
                         const std::string& backend_name) {
  const double secs = sum.total_seconds;
  const double mb = static_cast<double>(sum.stats.bytes) / 1e6;
  char line[256];
  std::snprintf(line, sizeof line, "%.1f MB in %.3f s: %.1f MB/s, %.0f posts/s", mb, secs,
                secs > 0 ? mb / secs : 0.0,
                secs > 0 ? static_cast<double>(sum.scored) / secs : 0.0);
  os << "scored: " << sum.scored << ", skipped: " << sum.skipped << " (backend " << backend_name
     << ")\n"
     << "read+score: " << line << "\n";
  std::snprintf(line, sizeof line,
                "stages (s): read+parse+normalize %.3f (reader threads), term matrix %.3f, "
                "backend %.3f, write %.3f",
                sum.read_seconds, sum.matrix_seconds, sum.backend_seconds, sum.write_seconds);
  os << line << "\npredicted categories:\n";
  for (std::size_t k = 0; k < m.labels.size(); ++k)
    os << "  " << m.labels[k] << ": " << sum.per_category[k] << "\n";
  os << "  (unclassified: no scoring word): " << sum.no_evidence << "\n";
}

void print_score_stats(std::ostream& os, const bulk_score_summary& sum) {
  const double wall = sum.total_seconds;
  const auto share = [&](double secs) { return wall > 0 ? 100.0 * secs / wall : 0.0; };
  char line[160];
  os << "stage                         seconds  share of wall\n";
  const auto row = [&](const char* name, double secs) {
    std::snprintf(line, sizeof line, "%-28s %8.3f  %5.1f%%\n", name, secs, share(secs));
    os << line;
  };
  row("read+parse+normalize", sum.read_seconds);
  // Thread-seconds over the parsing threads, shown per thread.
  row("  normalize+count, a thread", sum.prepare_seconds / std::max(1u, sum.threads));
  row("term matrix", sum.matrix_seconds);
  row("backend", sum.backend_seconds);
  row("write (its own thread)", sum.write_seconds);
  row("waiting for the reader", sum.wait_seconds);
  row("wall", wall);
  const unsigned cores = resolve_threads(0);
  std::snprintf(line, sizeof line,
                "cpu: %.3f s (user + system), %.2f cores busy on average of %u (%.0f%%); "
                "%u parsing and normalizing threads\n",
                sum.cpu_seconds, wall > 0 ? sum.cpu_seconds / wall : 0.0, cores,
                wall > 0 ? 100.0 * sum.cpu_seconds / wall / cores : 0.0, sum.threads);
  os << line;
}

}  // namespace qc::cli
