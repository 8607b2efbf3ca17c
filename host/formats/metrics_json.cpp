#include "formats/metrics_json.hpp"

#include <stdexcept>

#include "core/format_double.hpp"
#include "formats/json_write.hpp"

namespace qc {
namespace {

void append_opt(std::string& out, const std::optional<double>& v) {
  if (v) {
    append_double(out, *v);
  } else {
    out += "null";
  }
}

}  // namespace

std::string metrics_json(const confusion_counts& counts, const metrics& m,
                         const std::vector<std::string>& labels) {
  check_label_names(counts, labels);
  if (m.n_labels != counts.n_labels) {
    throw std::invalid_argument("metrics_json: metrics and counts disagree on L");
  }
  std::string out =
      "{\"n_posts\":" + std::to_string(m.n_posts) + ",\"n_labels\":" + std::to_string(m.n_labels);
  const auto field = [&out](const char* name, const std::optional<double>& v) {
    out += ",\"";
    out += name;
    out += "\":";
    append_opt(out, v);
  };
  field("precision", m.macro_precision);
  field("recall", m.macro_recall);
  field("f1", m.macro_f1);
  field("micro_precision", m.micro_precision);
  field("micro_recall", m.micro_recall);
  field("micro_f1", m.micro_f1);
  field("accuracy", m.accuracy);
  field("study_precision", m.study_p);
  field("study_recall", m.study_r);
  field("study_f1", m.study_f1);
  out += ",\"categories\":[";
  for (std::size_t k = 0; k < m.n_labels; ++k) {
    if (k) out.push_back(',');
    out += "{\"label\":";
    append_json_string(out, labels[k]);
    out += ",\"support\":" + std::to_string(counts.tp[k] + counts.fn[k]);
    out += ",\"tp\":" + std::to_string(counts.tp[k]);
    out += ",\"fp\":" + std::to_string(counts.fp[k]);
    out += ",\"fn\":" + std::to_string(counts.fn[k]);
    field("precision", m.precision[k]);
    field("recall", m.recall[k]);
    field("f1", m.f1[k]);
    field("study_precision", m.study_precision[k]);
    field("study_recall", m.study_recall[k]);
    out.push_back('}');
  }
  out += "]}";
  return out;
}

}  // namespace qc
