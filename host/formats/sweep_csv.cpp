#include "formats/sweep_csv.hpp"

#include "core/format_double.hpp"
#include "formats/json_write.hpp"
#include "formats/metrics_json.hpp"
#include "formats/sweep_columns.hpp"

namespace qc {
namespace {

void add_csv_opt(std::string& o, const std::optional<double>& v) {
  if (v) append_double(o, *v);
}

std::string sweep_csv_header() {
  std::string h;
  for (std::string_view c : kSweepPointColumns) (h += c) += ',';
  for (std::string_view c : kSweepMetricColumns) (h += c) += ',';
  h.back() = '\n';
  return h;
}

}  // namespace

void write_sweep_table(std::ostream& out, const sweep_result& r, const sweep_spec& spec,
                       const std::vector<std::string>& labels) {
  write_sweep_csv(out, r);
  out << "#best " << best_json(r, spec, labels) << "\n";
}

void write_sweep_csv(std::ostream& out, const sweep_result& r) {
  std::string o = sweep_csv_header();
  for (const sweep_point& p : r.points) {
    o += std::to_string(p.top_k) + ',' + to_string(p.norm) + ',' + to_string(p.scope) + ',';
    append_double(o, p.alpha);
    for (const auto* v :
         {&p.precision, &p.recall, &p.f1, &p.accuracy, &p.study_precision, &p.study_recall}) {
      o += ',';
      add_csv_opt(o, *v);
    }
    o += '\n';
    if (o.size() >= (std::size_t{1} << 20)) {
      out << o;
      o.clear();
    }
  }
  out << o;
}

std::string best_json(const sweep_result& r, const sweep_spec& spec,
                      const std::vector<std::string>& labels) {
  const sweep_point& b = r.points[r.best];
  std::string o;
  json_writer w(o);
  w.begin_object().member("objective", to_string(spec.objective)).member("top_k", b.top_k);
  w.member("norm", to_string(b.norm)).member("manual_scope", to_string(b.scope));
  w.member("grid_best_alpha", b.alpha).member("grid_best_value", b.value);
  if (r.exact) {
    const envelope_result& e = *r.exact;
    w.member("alpha", e.alpha).member("value", e.value);
    w.member("lo", to_string(e.lo)).member("hi", to_string(e.hi));
    w.member("lo_closed", e.lo_closed).member("hi_closed", e.hi_closed);
    w.member("n_breakpoints", e.n_breakpoints).member("n_best_runs", e.n_best_runs);
    w.key("metrics").raw(metrics_json(e.counts, compute_metrics(e.counts), labels));
  }
  w.end_object();
  return o;
}

}  // namespace qc
