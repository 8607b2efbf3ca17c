// Human-readable metrics.
#include "cli/metrics_report.hpp"

#include <cstdio>

#include "core/format_double.hpp"
#include "formats/confusion_csv.hpp"
#include "qc/core/error.hpp"

namespace qc::cli {

metric_view parse_metric_view(const std::string& s) {
  if (s == "standard") return metric_view::standard;
  if (s == "study") return metric_view::study;
  if (s == "both") return metric_view::both;
  throw usage_error("--metric must be standard, study or both");
}

namespace {
std::string pct(const std::optional<double>& v) {
  if (!v) return "   n/a";
  char b[32];
  std::snprintf(b, sizeof b, "%6.2f%%", *v * 100.0);
  return b;
}
}  // namespace

void print_metrics(std::ostream& os, const confusion_counts& c,
                   const std::vector<std::string>& labels, metric_view view) {
  const metrics m = compute_metrics(c);
  os << "test posts: " << c.n_posts << "\n";
  if (view != metric_view::study) {
    os << "standard  macro P " << pct(m.macro_precision) << "  R " << pct(m.macro_recall) << "  F1 "
       << pct(m.macro_f1) << "\n"
       << "          micro P " << pct(m.micro_precision) << "  R " << pct(m.micro_recall) << "  F1 "
       << pct(m.micro_f1) << "   accuracy " << pct(m.accuracy) << "\n";
  }
  if (view != metric_view::standard) {
    os << "study     P " << pct(m.study_p) << "  R " << pct(m.study_r) << "  F1 " << pct(m.study_f1)
       << "   (the authors' metric: a wrong cell counts once; never-predicted = 1.0)\n";
  }
  os << "per category:\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-24s %7s %7s %7s %7s\n", "category", "support", "P", "R",
                "F1");
  os << line;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    std::snprintf(line, sizeof line, "  %-24s %7llu %7s %7s %7s\n", labels[k].c_str(),
                  static_cast<unsigned long long>(c.tp[k] + c.fn[k]), pct(m.precision[k]).c_str(),
                  pct(m.recall[k]).c_str(), pct(m.f1[k]).c_str());
    os << line;
  }
  os << "confusion (rows: true first label, columns: predicted):\n";
  const std::string csv = confusion_csv(c, labels);
  for (std::size_t b = 0; b < csv.size();) {
    const std::size_t e = csv.find('\n', b);
    os << "  " << csv.substr(b, e - b) << "\n";
    if (e == std::string::npos) break;
    b = e + 1;
  }
}

std::string describe_estimate(const bootstrap_estimate& e) {
  std::string s = "n/a";
  if (e.ci) s = "[" + pct(e.ci->low) + ", " + pct(e.ci->high) + "]";
  if (e.left_out > 0)
    s += " (" + std::to_string(e.left_out) + " of " + std::to_string(e.resamples) +
         " resamples left out: metric undefined)";
  return s;
}

void print_intervals(std::ostream& os, const metric_intervals& iv) {
  os << "bootstrap " << format_double(iv.spec.confidence) << " percentile intervals ("
     << iv.spec.resamples << " resamples, seed " << iv.spec.seed << "):\n"
     << "  accuracy  " << describe_estimate(iv.accuracy) << "\n"
     << "  macro F1  " << describe_estimate(iv.macro_f1) << "\n"
     << "  micro F1  " << describe_estimate(iv.micro_f1) << "\n";
}

void print_significance(std::ostream& os, const paired_uncertainty& u) {
  os << "McNemar's exact test (exact match): keyword right and SVM wrong " << u.mcnemar.b
     << ", the reverse " << u.mcnemar.c << ", two-sided p = " << format_double(u.mcnemar.p_value)
     << "\n";
  if (!u.difference) return;
  const bootstrap_spec& s = u.first->spec;
  os << "paired bootstrap " << format_double(s.confidence) << " interval of "
     << to_string(u.objective) << " (keyword - SVM): ";
  if (u.difference->ci)
    os << "[" << format_double(u.difference->ci->low) << ", "
       << format_double(u.difference->ci->high) << "]";
  else
    os << "n/a";
  if (u.difference->left_out > 0) os << " (" << u.difference->left_out << " left out)";
  os << " (" << s.resamples << " resamples, seed " << s.seed << ")\n";
}

std::optional<metric_intervals> report_intervals(std::ostream& os, const bootstrap_spec& spec,
                                                 const evaluated_posts& posts) {
  check_confidence(spec.confidence);
  if (spec.resamples == 0) return std::nullopt;
  const metric_intervals iv = bootstrap_metrics(posts, spec);
  print_intervals(os, iv);
  return iv;
}

}  // namespace qc::cli
