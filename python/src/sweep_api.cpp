#include "sweep_api.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "eval/objective.hpp"
#include "eval/sweep.hpp"
#include "formats/sweep_csv.hpp"
#include "model_api.hpp"
#include "options.hpp"
#include "post_columns.hpp"
#include "posts_input.hpp"
#include "qc/core/error.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

template <class T>
std::vector<T> nonempty_list(const py::dict& o, const char* key) {
  std::vector<T> v = o[key].cast<std::vector<T>>();
  if (v.empty()) throw usage_error(std::string(key) + ": empty list");
  return v;
}

// The grid of o: alpha (START:STOP:STEP), top_k, norm, manual_scope lists,
// ties, objective, exact.
sweep_spec spec_of(const py::dict& o) {
  sweep_spec spec;
  spec.alphas = make_alpha_grid(option<std::string>(o, "alpha_grid", "0:1:0.01"));
  spec.top_ks = nonempty_list<std::size_t>(o, "top_ks");
  for (std::size_t k : spec.top_ks)
    if (k == 0) throw usage_error("top_k: bad value '0'");
  for (const auto& n : nonempty_list<std::string>(o, "norms")) spec.norms.push_back(parse_norm(n));
  for (const auto& s : nonempty_list<std::string>(o, "scopes"))
    spec.scopes.push_back(parse_manual_scope(s));
  spec.ties = parse_ties(option<std::string>(o, "ties", "lowest"));
  spec.objective = parse_objective(option<std::string>(o, "objective", "macro_f1"));
  spec.exact = option<bool>(o, "exact", true);
  return spec;
}

// The table's columns (kSweepPointColumns, kSweepMetricColumns; NaN: undefined).
py::dict sweep_columns(const sweep_result& r) {
  const std::size_t n = r.points.size();
  std::vector<std::int64_t> top_k(n);
  std::vector<double> alpha(n);
  py::list norm(n), scope(n);
  std::vector<std::vector<double>> metric(6, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    const sweep_point& p = r.points[i];
    top_k[i] = static_cast<std::int64_t>(p.top_k);
    norm[i] = to_string(p.norm);
    scope[i] = to_string(p.scope);
    alpha[i] = p.alpha;
    const std::optional<double>* v[] = {&p.precision, &p.recall,          &p.f1,
                                        &p.accuracy,  &p.study_precision, &p.study_recall};
    for (std::size_t m = 0; m < 6; ++m) metric[m][i] = v[m]->value_or(std::nan(""));
  }
  py::dict d;
  d["top_k"] = hand_over(std::move(top_k));
  d["norm"] = norm;
  d["manual_scope"] = scope;
  d["alpha"] = hand_over(std::move(alpha));
  const char* names[] = {"precision", "recall",          "f1",
                         "accuracy",  "study_precision", "study_recall"};
  for (std::size_t m = 0; m < 6; ++m) d[names[m]] = hand_over(std::move(metric[m]));
  return d;
}

// Trains and sweeps as `qclass sweep` does: (columns, #best JSON, info).
py::tuple sweep(py::handle posts, py::handle keywords, py::handle map, const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const text_options topts = text_options_of(o);
  const sweep_spec spec = spec_of(o);
  keyword_model base = base_model_of(o);
  base.top_k = spec.top_ks.front();
  base.norm = spec.norms.front();
  base.scope = spec.scopes.front();
  const std::vector<keyword_entry> kws = keywords_of(keywords);
  const label_map lm = label_map_of(map);
  std::unique_ptr<trained_run> run;
  sweep_result r;
  std::string best;
  {
    py::gil_scoped_release nogil;
    const auto be = backend_of(o);
    run = std::make_unique<trained_run>(train_from_files(in.names, p, topts, base, kws, lm));
    r = run_sweep(*be, run->result, spec);
    best = best_json(r, spec, run->result.model.labels);
  }
  py::dict info;
  info["warnings"] = py::cast(run->result.warnings);
  info["stats"] = stats_dict(run->data.stats);
  info["test_posts"] = run->result.test_rows.size();
  return py::make_tuple(sweep_columns(r), best, info);
}

}  // namespace

void bind_sweep_api(py::module_& m) {
  m.def("sweep", &sweep, py::arg("posts"), py::arg("keywords"), py::arg("label_map"),
        py::arg("options"));
}

}  // namespace qc::python
