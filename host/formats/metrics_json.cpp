#include "formats/metrics_json.hpp"

#include <stdexcept>

#include "formats/json_write.hpp"

namespace qc {
std::string metrics_json(const confusion_counts& counts, const metrics& m,
                         const std::vector<std::string>& labels) {
  check_label_names(counts, labels);
  if (m.n_labels != counts.n_labels) {
    throw std::invalid_argument("metrics_json: metrics and counts disagree on L");
  }
  std::string out;
  json_writer w(out, false);
  w.begin_object().member("n_posts", m.n_posts).member("n_labels", m.n_labels);
  w.member("precision", m.macro_precision).member("recall", m.macro_recall);
  w.member("f1", m.macro_f1).member("micro_precision", m.micro_precision);
  w.member("micro_recall", m.micro_recall).member("micro_f1", m.micro_f1);
  w.member("accuracy", m.accuracy).member("study_precision", m.study_p);
  w.member("study_recall", m.study_r).member("study_f1", m.study_f1);
  w.key("categories").begin_array();
  for (std::size_t k = 0; k < m.n_labels; ++k) {
    w.begin_object().member("label", labels[k]);
    w.member("support", counts.tp[k] + counts.fn[k]).member("tp", counts.tp[k]);
    w.member("fp", counts.fp[k]).member("fn", counts.fn[k]);
    w.member("precision", m.precision[k]).member("recall", m.recall[k]).member("f1", m.f1[k]);
    w.member("study_precision", m.study_precision[k]);
    w.member("study_recall", m.study_recall[k]).end_object();
  }
  w.end_array().end_object();
  return out;
}

std::string estimate_json(const bootstrap_estimate& e) {
  std::string out;
  json_writer w(out, false);
  w.begin_object();
  if (e.ci)
    w.member("low", e.ci->low).member("high", e.ci->high);
  else
    w.key("low").null().key("high").null();
  w.member("left_out", std::uint64_t{e.left_out}).end_object();
  return out;
}

std::string metrics_json(const confusion_counts& counts, const metrics& m,
                         const std::vector<std::string>& labels,
                         const metric_intervals* intervals) {
  std::string out = metrics_json(counts, m, labels);
  if (!intervals) return out;
  out.pop_back();  // the closing brace
  const bootstrap_spec& s = intervals->spec;
  out += ",\"bootstrap\":";
  json_writer w(out, false);
  w.begin_object().member("resamples", std::uint64_t{s.resamples});
  w.member("ci", s.confidence).member("seed", s.seed);
  w.key("accuracy").raw(estimate_json(intervals->accuracy));
  w.key("f1").raw(estimate_json(intervals->macro_f1));
  w.key("micro_f1").raw(estimate_json(intervals->micro_f1)).end_object();
  out += '}';
  return out;
}

}  // namespace qc
