#include "formats/baseline_json.hpp"

#include "core/format_double.hpp"
#include "formats/csv_text.hpp"
#include "formats/json_write.hpp"
#include "formats/metrics_json.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {

baseline_table read_baseline(const std::string& path) {
  const std::string text = read_text_file(path);
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (parser.parse(simdjson::padded_string(text)).get_object().get(root))
    throw parse_error(path, 1, "not a JSON object");
  baseline_table t;
  for (const char* name : {"keyword", "tfidf_svm"}) {
    simdjson::dom::object o;
    if (root[name].get_object().get(o))
      throw parse_error(path, 1, std::string("no '") + name + "' metrics object");
    baseline_row r;
    r.classifier = name;
    if (o["n_posts"].get_uint64().get(r.test_posts))
      throw parse_error(path, 1, std::string(name) + ": no n_posts (an integer)");
    auto metric = [&](const char* key, std::optional<double>& out) {
      simdjson::dom::element e;
      if (o[key].get(e))
        throw parse_error(path, 1, std::string(name) + ": no '" + key + "' metric");
      if (e.is_null()) return;
      double v = 0;
      if (e.get_double().get(v))
        throw parse_error(path, 1, std::string(name) + ": '" + key + "' is not a number or null");
      out = v;
    };
    metric("precision", r.precision);
    metric("recall", r.recall);
    metric("f1", r.f1);
    metric("accuracy", r.accuracy);
    t.rows.push_back(std::move(r));
  }
  return t;
}

std::string baseline_table_csv(const baseline_table& t) {
  std::string o = "classifier,test_posts,precision,recall,f1,accuracy\n";
  for (const baseline_row& r : t.rows) {
    o += r.classifier + ',' + std::to_string(r.test_posts);
    for (const auto* v : {&r.precision, &r.recall, &r.f1, &r.accuracy}) {
      o += ',';
      if (*v) append_double(o, **v);
    }
    o += '\n';
  }
  return o;
}

std::string baseline_json(const confusion_counts& keyword, const confusion_counts& svm,
                          const std::vector<std::string>& labels) {
  std::string o;
  json_writer w(o);
  w.begin_object().key("keyword").raw(metrics_json(keyword, compute_metrics(keyword), labels));
  w.key("tfidf_svm").raw(metrics_json(svm, compute_metrics(svm), labels));
  w.end_object();
  return o;
}

namespace {

std::string comparison_json(const paired_uncertainty& u) {
  std::string o;
  json_writer w(o);
  w.begin_object().member("first", "keyword").member("second", "tfidf_svm");
  w.key("mcnemar").begin_object().member("b", u.mcnemar.b).member("c", u.mcnemar.c);
  w.member("p_value", u.mcnemar.p_value).end_object();
  if (u.difference) {
    const bootstrap_spec& s = u.first->spec;
    w.key("difference").begin_object().member("objective", to_string(u.objective));
    w.member("resamples", std::uint64_t{s.resamples}).member("ci", s.confidence);
    w.member("seed", s.seed);
    if (u.difference->ci)
      w.member("low", u.difference->ci->low).member("high", u.difference->ci->high);
    else
      w.key("low").null().key("high").null();
    w.member("left_out", std::uint64_t{u.difference->left_out}).end_object();
  }
  w.end_object();
  return o;
}

const metric_intervals* optional_ptr(const std::optional<metric_intervals>& v) {
  return v ? &*v : nullptr;
}

}  // namespace

std::string baseline_json(const confusion_counts& keyword, const confusion_counts& svm,
                          const std::vector<std::string>& labels, const paired_uncertainty& u) {
  std::string o;
  json_writer w(o);
  w.begin_object().key("keyword");
  w.raw(metrics_json(keyword, compute_metrics(keyword), labels, optional_ptr(u.first)));
  w.key("tfidf_svm");
  w.raw(metrics_json(svm, compute_metrics(svm), labels, optional_ptr(u.second)));
  w.key("comparison").raw(comparison_json(u)).end_object();
  return o;
}

}  // namespace qc
