#include "formats/sweep_table.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/format_double.hpp"
#include "formats/csv_text.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

using config = std::tuple<std::string, std::string, std::string>;

// A "#best {...}" comment's configuration; its objective, alpha and test
// posts go into `c`.
config read_best_comment(const csv_record& com, const std::string& path, sweep_curve& c) {
  const std::string& text = com.fields.front();
  simdjson::dom::parser parser;
  simdjson::dom::object o;
  if (parser.parse(simdjson::padded_string(text.substr(5))).get_object().get(o))
    throw parse_error(path, com.line, "#best is not a JSON object");
  std::int64_t k = 0;
  std::string_view norm, scope, objective;
  if (o["top_k"].get_int64().get(k) || o["norm"].get_string().get(norm) ||
      o["manual_scope"].get_string().get(scope))
    throw parse_error(path, com.line, "#best has no top_k, norm or manual_scope");
  if (!o["objective"].get_string().get(objective)) c.objective = std::string(objective);
  double a = 0;
  if (!o["alpha"].get_double().get(a)) {
    c.best_alpha = a;
  } else if (!o["grid_best_alpha"].get_double().get(a)) {
    c.best_alpha = a;
  }
  std::int64_t n = 0;
  if (!o["metrics"]["n_posts"].get_int64().get(n) && n >= 0)
    c.test_posts = static_cast<std::size_t>(n);
  return config{std::to_string(k), std::string(norm), std::string(scope)};
}

// Without #best: the row with the highest f1 (its alpha into `c`), else the
// first row; nullopt when there are no rows.
std::optional<config> choose_by_f1(const csv_document& doc, const std::string& path,
                                   std::size_t c_k, std::size_t c_norm, std::size_t c_scope,
                                   std::size_t c_f1, std::size_t c_alpha, sweep_curve& c) {
  std::optional<config> chosen;
  double best = -1;
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    const auto f1 = parse_csv_number(rec.fields[c_f1], path, rec.line, true);
    if (f1 && *f1 > best) {
      best = *f1;
      chosen = config{rec.fields[c_k], rec.fields[c_norm], rec.fields[c_scope]};
      c.best_alpha = parse_csv_number(rec.fields[c_alpha], path, rec.line, false);
    }
  }
  if (!chosen && doc.records.size() > 1)
    chosen = config{doc.records[1].fields[c_k], doc.records[1].fields[c_norm],
                    doc.records[1].fields[c_scope]};
  return chosen;
}

}  // namespace

sweep_curve read_sweep_curve(const std::string& path) {
  const csv_document doc = parse_csv(read_text_file(path), path);
  if (doc.records.empty()) throw parse_error(path, 1, "no CSV header");
  const csv_record& header = doc.records.front();
  auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(csv_column(header, name, true, path));
  };
  const std::size_t c_k = column("top_k"), c_norm = column("norm"),
                    c_scope = column("manual_scope"), c_alpha = column("alpha");
  sweep_curve c;
  c.metric_names = {"precision", "recall", "f1", "accuracy", "study_precision", "study_recall"};
  std::vector<std::size_t> c_metric;
  for (const std::string& m : c.metric_names) c_metric.push_back(column(m));

  std::set<config> configs;
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    check_csv_field_count(rec, header.fields.size(), path);
    configs.emplace(rec.fields[c_k], rec.fields[c_norm], rec.fields[c_scope]);
  }
  c.configurations = configs.size();

  // The configuration to show: #best's, else the row with the highest f1.
  std::optional<config> chosen;
  for (const csv_record& com : doc.comments) {
    if (com.fields.front().compare(0, 5, "best ") != 0) continue;
    chosen = read_best_comment(com, path, c);
  }
  if (!chosen) {
    chosen = choose_by_f1(doc, path, c_k, c_norm, c_scope, c_metric[2], c_alpha, c);
    c.objective = "f1";
  }
  if (!chosen) throw parse_error(path, 0, "no sweep rows");
  std::tie(c.top_k, c.norm, c.manual_scope) = *chosen;

  c.metrics.assign(c.metric_names.size(), {});
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    if (config{rec.fields[c_k], rec.fields[c_norm], rec.fields[c_scope]} != *chosen) continue;
    c.alpha.push_back(*parse_csv_number(rec.fields[c_alpha], path, rec.line, false));
    for (std::size_t m = 0; m < c_metric.size(); ++m)
      c.metrics[m].push_back(parse_csv_number(rec.fields[c_metric[m]], path, rec.line, true));
  }
  if (c.alpha.empty())
    throw parse_error(path, 0,
                      "#best names top_k " + c.top_k + ", norm " + c.norm + ", manual_scope " +
                          c.manual_scope + ", which no row has");
  return c;
}

std::string sweep_curve_csv(const sweep_curve& c) {
  std::string o = "top_k,norm,manual_scope,alpha";
  for (const std::string& m : c.metric_names) o += ',' + m;
  o += '\n';
  for (std::size_t r = 0; r < c.alpha.size(); ++r) {
    append_csv_field(o, c.top_k);
    o += ',';
    append_csv_field(o, c.norm);
    o += ',';
    append_csv_field(o, c.manual_scope);
    o += ',';
    append_double(o, c.alpha[r]);
    for (const auto& m : c.metrics) {
      o += ',';
      if (m[r]) append_double(o, *m[r]);
    }
    o += '\n';
  }
  return o;
}

}  // namespace qc
