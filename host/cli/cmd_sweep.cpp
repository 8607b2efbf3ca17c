// `qclass sweep`: evaluate every grid point of (alpha, top-K, norm, manual scope).
#include <chrono>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "cli/metrics_report.hpp"
#include "core/comma_list.hpp"
#include "core/format_double.hpp"
#include "eval/sweep.hpp"
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

}  // namespace

void add_sweep_command(CLI::App& app) {
  struct flags {
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
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Evaluate a grid of alpha, top-K, norm and manual scope on the test split");
  add_input_flags(cmd, f->in);
  add_text_flags(cmd, f->text);
  add_vocab_flags(cmd, f->vocab);
  add_train_flags(cmd, f->train);
  cmd->add_option("--alpha", f->alpha, "Alpha grid START:STOP:STEP (exact decimals)")
      ->capture_default_str();
  cmd->add_option("--top-k", f->top_k, "Comma-separated top-K values")->capture_default_str();
  cmd->add_option("--norm", f->norm, "Comma-separated norms (l2, sum)")->capture_default_str();
  cmd->add_option("--manual-scope", f->scope, "Comma-separated scopes (topk, all)")
      ->capture_default_str();
  cmd->add_option("--objective", f->objective,
                  "What 'best' maximizes: macro_f1, macro_precision, macro_recall, micro_f1, "
                  "accuracy, study_f1")
      ->capture_default_str();
  cmd->add_flag("--no-exact", f->no_exact, "Skip the exact best alpha over the interval");
  cmd->add_option("-o,--output", f->output, "Sweep table (CSV)")->required();
  cmd->callback([f] {
    // Summaries go to standard error when an output goes to standard output.
    std::ostream& os = is_standard_output(f->output) ? std::cerr : std::cout;
    sweep_spec spec;
    spec.alphas = make_alpha_grid(f->alpha);
    for (const auto& k : split_list(f->top_k)) {
      std::size_t pos = 0;
      unsigned long v = 0;
      try {
        v = std::stoul(k, &pos);
      } catch (const std::exception&) {
        pos = 0;
      }
      if (pos != k.size() || v == 0) throw usage_error("--top-k: bad value '" + k + "'");
      spec.top_ks.push_back(v);
    }
    for (const auto& n : split_list(f->norm)) spec.norms.push_back(parse_norm(n));
    for (const auto& s : split_list(f->scope)) spec.scopes.push_back(parse_manual_scope(s));
    spec.ties = parse_ties(f->train.ties);
    spec.objective = parse_objective(f->objective);
    spec.exact = !f->no_exact;

    keyword_model base;
    base.top_k = spec.top_ks.front();
    base.norm = spec.norms.front();
    base.scope = spec.scopes.front();
    const auto be = make_backend(f->train.device, f->in.threads);
    const trained_run run = train_from_flags(f->in, f->text, f->vocab, f->train, base);
    for (const auto& w : run.result.warnings) std::cerr << "qclass: warning: " << w << "\n";
    const auto t0 = std::chrono::steady_clock::now();
    const sweep_result r = run_sweep(*be, run.result, spec);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::string best = best_json(r, spec, run.result.model.labels);
    {
      atomic_file out(f->output);
      write_sweep_csv(out.stream(), r);
      out.stream() << "#best " << best << "\n";
      out.commit();
    }

    const sweep_point& b = r.points[r.best];
    os << describe_read(run.data.stats) << "\n"
       << "grid points: " << r.points.size() << " on " << run.result.test_rows.size()
       << " test posts in " << secs << " s (backend " << be->name() << ")\n"
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
    os << "sweep table: " << f->output << "\n";
  });
}

}  // namespace qc::cli
