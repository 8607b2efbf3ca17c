// `qclass sweep`: evaluate every grid point of (alpha, top-K, norm, manual scope).
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/cv_report.hpp"
#include "cli/metrics_report.hpp"
#include "core/backend_select.hpp"
#include "core/comma_list.hpp"
#include "core/format_double.hpp"
#include "eval/cross_validation.hpp"
#include "eval/sweep.hpp"
#include "formats/cv_csv.hpp"
#include "formats/sweep_csv.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"

namespace qc::cli {
namespace {

// The list's non-empty items; at least one.
std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  for (std::string& item : split_comma_list(s))
    if (!item.empty()) out.push_back(std::move(item));
  if (out.empty()) throw usage_error("empty list '" + s + "'");
  return out;
}

// Each --top-k value: a positive integer.
std::vector<std::size_t> parse_top_ks(const std::string& list) {
  std::vector<std::size_t> out;
  for (const auto& k : split_list(list)) {
    std::size_t pos = 0;
    unsigned long v = 0;
    try {
      v = std::stoul(k, &pos);
    } catch (const std::exception&) {
      pos = 0;
    }
    if (pos != k.size() || v == 0) throw usage_error("--top-k: bad value '" + k + "'");
    out.push_back(v);
  }
  return out;
}

struct sweep_flags {
  input_flags in;
  text_flags text;
  vocab_flags vocab;
  train_flags train;
  std::string alpha = "0:1:0.01";
  std::string top_k = "200";
  std::string norm = "l2";
  std::string scope = "topk";
  std::string objective = "macro_f1";
  bool no_exact = false;
  std::string output;
  cv_flags cv;
  bool nested = false;
};

void add_sweep_options(CLI::App* cmd, sweep_flags& f) {
  add_input_flags(cmd, f.in);
  add_text_flags(cmd, f.text);
  add_vocab_flags(cmd, f.vocab);
  add_train_flags(cmd, f.train);
  cmd->add_option("--alpha", f.alpha, "Alpha grid START:STOP:STEP (exact decimals)")
      ->capture_default_str();
  cmd->add_option("--top-k", f.top_k, "Comma-separated top-K values")->capture_default_str();
  cmd->add_option("--norm", f.norm, "Comma-separated norms (l2, sum)")->capture_default_str();
  cmd->add_option("--manual-scope", f.scope, "Comma-separated scopes (topk, all)")
      ->capture_default_str();
  cmd->add_option("--objective", f.objective,
                  "What 'best' maximizes: macro_f1, macro_precision, macro_recall, micro_f1, "
                  "accuracy, study_f1")
      ->capture_default_str();
  cmd->add_flag("--no-exact", f.no_exact, "Skip the exact best alpha over the interval");
  cmd->add_option("-o,--output", f.output, "Sweep table (CSV)")->required();
  add_cv_flags(cmd, f.cv);
  cmd->add_flag("--nested", f.nested,
                "With --folds: nested cross-validation of alpha (one --top-k, --norm and "
                "--manual-scope), beside the figure tuned on the test folds");
}

sweep_spec spec_from_flags(const sweep_flags& f) {
  sweep_spec spec;
  spec.alphas = make_alpha_grid(f.alpha);
  spec.top_ks = parse_top_ks(f.top_k);
  for (const auto& n : split_list(f.norm)) spec.norms.push_back(parse_norm(n));
  for (const auto& s : split_list(f.scope)) spec.scopes.push_back(parse_manual_scope(s));
  spec.ties = parse_ties(f.train.ties);
  spec.objective = parse_objective(f.objective);
  spec.exact = !f.no_exact;
  return spec;
}

// The summary on os: what was read, the grid's best point, its metrics and
// the exact best alpha.
void print_sweep_summary(std::ostream& os, const trained_run& run, const sweep_spec& spec,
                         const sweep_result& r, double secs, const backend& be) {
  const sweep_point& b = r.points[r.best];
  os << describe_read(run.data.stats) << "\n"
     << "grid points: " << r.points.size() << " on " << run.result.test_rows.size()
     << " test posts in " << secs << " s (backend " << be.name() << ")\n"
     << "best grid point (" << to_string(spec.objective) << "): top_k " << b.top_k << ", norm "
     << to_string(b.norm) << ", manual_scope " << to_string(b.scope) << ", alpha "
     << format_double(b.alpha) << "\n";
  print_metrics(os, r.best_counts, run.result.model.labels, metric_view::both);
  if (r.exact) {
    const envelope_result& e = *r.exact;
    os << "exact best alpha over [" << format_double(spec.alphas.values.front()) << ", "
       << format_double(spec.alphas.values.back()) << "]: " << format_double(e.alpha) << " ("
       << (e.lo_closed ? "[" : "(") << to_string(e.lo) << ", " << to_string(e.hi)
       << (e.hi_closed ? "]" : ")") << "), " << to_string(spec.objective) << " "
       << format_double(e.value) << ", " << e.n_breakpoints << " breakpoints\n";
  }
}

// `sweep --folds`: every grid point over every fold, the best by the mean
// objective, and with --nested the nested estimate of alpha.
void run_cv_sweep(std::ostream& os, const sweep_flags& f, const sweep_spec& spec,
                  const trained_run& run, backend& be) {
  const cv_spec cv = to_cv_spec(f.cv, f.train);
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<trained_fold> folds = train_cv_folds(run, cv, f.in.threads);
  progress_meter meter =
      progress_meter::counting("sweep", folds.size() * grid_points(spec), "grid points x folds",
                               to_progress_mode(f.in.progress));
  const cv_sweep_result r = sweep_folds(be, folds, spec, meter.callback());
  meter.finish();
  std::optional<nested_result> nested;
  if (f.nested) {
    nested_inputs in;
    in.data = &run.data;
    in.base = &run.result.model;
    in.keywords = &run.result.model.keywords_raw;
    in.res = &run.resources;
    in.threads = f.in.threads;
    in.cv = cv;
    in.alphas = spec.alphas;
    in.objective = spec.objective;
    nested = nested_cross_validation(be, in, folds);
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    atomic_file out(f.output);
    write_cv_sweep_csv(out.stream(), r, spec, cv, nested ? &*nested : nullptr);
    out.commit();
  }
  const cv_sweep_point& b = r.points[r.best];
  os << describe_read(run.data.stats) << "\n"
     << "cross-validation: " << describe_cv(cv) << ", " << r.points.size() << " grid points in "
     << secs << " s (backend " << be.name() << ")\n"
     << "best grid point by mean " << to_string(spec.objective) << ": top_k " << b.head.top_k
     << ", norm " << to_string(b.head.norm) << ", manual_scope " << to_string(b.head.scope)
     << ", alpha " << format_double(b.head.alpha) << "\n";
  print_cv_table(os, {}, {}, b.summary);
  if (nested) print_nested(os, *nested, spec.alphas.values, spec.objective, nullptr, 0.0);
  os << "cross-validation table: " << f.output << "\n";
}

void run_sweep_command(const sweep_flags& f) {
  // Summaries go to standard error when an output goes to standard output.
  std::ostream& os = is_standard_output(f.output) ? std::cerr : std::cout;
  const sweep_spec spec = spec_from_flags(f);
  keyword_model base;
  base.top_k = spec.top_ks.front();
  base.norm = spec.norms.front();
  base.scope = spec.scopes.front();
  const auto be = make_backend(f.train.device, f.in.threads);
  if (f.nested && f.cv.folds == 0) throw usage_error("--nested needs --folds");
  if (f.nested && spec.top_ks.size() * spec.norms.size() * spec.scopes.size() != 1)
    throw usage_error("--nested tunes alpha only: give one --top-k, --norm and --manual-scope");
  const trained_run run = train_from_flags(f.in, f.text, f.vocab, f.train, base);
  for (const auto& w : run.result.warnings) std::cerr << "qclass: warning: " << w << "\n";
  if (f.cv.folds > 0) {
    run_cv_sweep(os, f, spec, run, *be);
    return;
  }
  const auto t0 = std::chrono::steady_clock::now();
  progress_meter meter = progress_meter::counting("sweep", grid_points(spec), "grid points",
                                                  to_progress_mode(f.in.progress));
  const sweep_result r = run_sweep(*be, run.result, spec, meter.callback());
  meter.finish();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  {
    atomic_file out(f.output);
    write_sweep_table(out.stream(), r, spec, run.result.model.labels);
    out.commit();
  }
  print_sweep_summary(os, run, spec, r, secs, *be);
  os << "sweep table: " << f.output << "\n";
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto f = std::make_shared<sweep_flags>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Evaluate a grid of alpha, top-K, norm and manual scope on the test split");
  add_sweep_options(cmd, *f);
  cmd->callback([f] { run_sweep_command(*f); });
}

}  // namespace qc::cli
