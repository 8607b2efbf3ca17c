#include "formats/cv_csv.hpp"

#include "core/format_double.hpp"
#include "formats/csv_text.hpp"
#include "formats/cv_json.hpp"
#include "formats/json_write.hpp"
#include "qc/core/error.hpp"

namespace qc {
namespace {

void append_metric_header(std::string& o) {
  for (const char* m : kSummaryMetrics) {
    o += ',';
    o += m;
    o += "_mean,";
    o += m;
    o += "_std";
  }
  o += '\n';
}

void append_metric_fields(std::string& o, const metric_summary& s) {
  for (std::size_t i = 0; i < kSummaryMetrics.size(); ++i) {
    o += ',';
    if (s.mean[i]) append_double(o, *s.mean[i]);
    o += ',';
    if (s.std[i]) append_double(o, *s.std[i]);
  }
  o += '\n';
}

// The #best line: the best point, and the nested figures when there are some.
std::string best_comment(const cv_sweep_result& r, const sweep_spec& spec, const cv_spec& cv,
                         const nested_result* nested) {
  const cv_sweep_point& b = r.points[r.best];
  std::string out = "#best ";
  json_writer w(out, false);
  w.begin_object()
      .member("top_k", static_cast<std::uint64_t>(b.head.top_k))
      .member("norm", to_string(b.head.norm))
      .member("manual_scope", to_string(b.head.scope))
      .member("alpha", b.head.alpha)
      .member("objective", to_string(spec.objective))
      .member("folds", static_cast<std::uint64_t>(cv.folds))
      .member("repeats", static_cast<std::uint64_t>(cv.repeats));
  w.key("mean").raw(metric_values_json(b.summary.mean));
  w.key("std").raw(metric_values_json(b.summary.std));
  if (nested) {
    w.key("nested").begin_object();
    w.key("chosen_alpha").begin_array();
    for (std::size_t a : nested->chosen) w.value(spec.alphas.values[a]);
    w.end_array();
    w.key("mean").raw(metric_values_json(nested->estimate.mean));
    w.key("std").raw(metric_values_json(nested->estimate.std));
    w.end_object();
    w.key("tuned_on_test").begin_object().member("alpha", spec.alphas.values[nested->tuned_best]);
    w.key("mean").raw(metric_values_json(nested->tuned.mean));
    w.key("std").raw(metric_values_json(nested->tuned.std));
    w.end_object();
  }
  w.end_object();
  out += '\n';
  return out;
}

}  // namespace

void write_cv_sweep_csv(std::ostream& out, const cv_sweep_result& r, const sweep_spec& spec,
                        const cv_spec& cv, const nested_result* nested) {
  std::string o = "top_k,norm,manual_scope,alpha";
  append_metric_header(o);
  for (const cv_sweep_point& p : r.points) {
    o += std::to_string(p.head.top_k) + ',' + to_string(p.head.norm) + ',' +
         to_string(p.head.scope) + ',';
    append_double(o, p.head.alpha);
    append_metric_fields(o, p.summary);
  }
  if (!r.points.empty()) o += best_comment(r, spec, cv, nested);
  out << o;
}

std::string cv_table_csv(const cv_table& t) {
  std::string o = "estimate,alpha,folds";
  append_metric_header(o);
  for (const cv_estimate& e : t.rows) {
    append_csv_field(o, e.estimate);
    o += ',';
    append_csv_field(o, e.alpha);
    o += ',' + std::to_string(e.folds);
    append_metric_fields(o, metric_summary{e.mean, e.std});
  }
  return o;
}

cv_table read_cv_table(const std::string& path) {
  const csv_document doc = parse_csv(read_text_file(path), path);
  if (doc.records.empty()) throw parse_error(path, 1, "no CSV header");
  const csv_record& header = doc.records.front();
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(csv_column(header, name, true, path));
  };
  const std::size_t c_est = column("estimate"), c_alpha = column("alpha"),
                    c_folds = column("folds");
  cv_table t;
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    check_csv_field_count(rec, header.fields.size(), path);
    cv_estimate e;
    e.estimate = rec.fields[c_est];
    e.alpha = rec.fields[c_alpha];
    e.folds =
        static_cast<std::size_t>(*parse_csv_number(rec.fields[c_folds], path, rec.line, false));
    for (std::size_t i = 0; i < kSummaryMetrics.size(); ++i) {
      const std::string name = kSummaryMetrics[i];
      e.mean[i] = parse_csv_number(rec.fields[column(name + "_mean")], path, rec.line, true);
      e.std[i] = parse_csv_number(rec.fields[column(name + "_std")], path, rec.line, true);
    }
    t.rows.push_back(std::move(e));
  }
  return t;
}

}  // namespace qc
