#include "formats/cv_json.hpp"

#include "formats/json_write.hpp"

namespace qc {

std::string metric_values_json(const metric_values& v) {
  std::string out;
  json_writer w(out, false);
  w.begin_object();
  for (std::size_t i = 0; i < kSummaryMetrics.size(); ++i) w.key(kSummaryMetrics[i]).value(v[i]);
  w.end_object();
  return out;
}

namespace {

// "mean" or "std" of every summary: one object, or one per name.
void write_summaries(json_writer& w, const char* key,
                     const std::vector<std::pair<std::string, metric_summary>>& summaries,
                     metric_values metric_summary::*part) {
  w.key(key);
  if (summaries.size() == 1 && summaries[0].first.empty()) {
    w.raw(metric_values_json(summaries[0].second.*part));
    return;
  }
  w.begin_object();
  for (const auto& [name, s] : summaries) w.key(name).raw(metric_values_json(s.*part));
  w.end_object();
}

}  // namespace

std::string cv_metrics_json(const cv_spec& cv, const std::vector<cv_fold_record>& folds,
                            const std::vector<std::pair<std::string, metric_summary>>& summaries) {
  std::string out;
  json_writer w(out, false);
  w.begin_object()
      .member("k", static_cast<std::uint64_t>(cv.folds))
      .member("repeats", static_cast<std::uint64_t>(cv.repeats))
      .member("seed", cv.seed);
  w.key("folds").begin_array();
  for (const cv_fold_record& f : folds) {
    w.begin_object()
        .member("repeat", static_cast<std::uint64_t>(f.repeat))
        .member("fold", static_cast<std::uint64_t>(f.fold))
        .member("n_train", static_cast<std::uint64_t>(f.n_train))
        .member("n_test", static_cast<std::uint64_t>(f.n_test));
    w.key("test_ids").begin_array();
    for (const std::string& id : f.test_ids) w.raw(id);
    w.end_array();
    w.key("metrics").raw(f.metrics).end_object();
  }
  w.end_array();
  write_summaries(w, "mean", summaries, &metric_summary::mean);
  write_summaries(w, "std", summaries, &metric_summary::std);
  w.end_object();
  return out;
}

}  // namespace qc
