#include "sweep_api.hpp"

#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "eval/cross_validation.hpp"
#include "eval/objective.hpp"
#include "eval/sweep.hpp"
#include "formats/cv_csv.hpp"
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

// A training run for a sweep, as `qclass sweep` makes it: the grid, the
// backend and the trained run (the GIL released while it trains).
struct sweep_setup {
  sweep_spec spec;
  std::unique_ptr<backend> be;
  std::unique_ptr<trained_run> run;
};

sweep_setup train_for_sweep(py::handle posts, py::handle keywords, py::handle map,
                            const py::dict& o) {
  const posts_input in = make_posts_input(posts);
  const pipeline_options p = in.reading(read_options(o));
  const text_options topts = text_options_of(o);
  sweep_setup s;
  s.spec = spec_of(o);
  keyword_model base = base_model_of(o);
  base.top_k = s.spec.top_ks.front();
  base.norm = s.spec.norms.front();
  base.scope = s.spec.scopes.front();
  const std::vector<keyword_entry> kws = keywords_of(keywords);
  const label_map lm = label_map_of(map);
  s.be = backend_of(o);
  py::gil_scoped_release nogil;
  s.run = std::make_unique<trained_run>(train_from_files(in.names, p, topts, base, kws, lm));
  return s;
}

py::dict run_info(const trained_run& run) {
  py::dict info;
  info["warnings"] = py::cast(run.result.warnings);
  info["stats"] = stats_dict(run.data.stats);
  info["test_posts"] = run.result.test_rows.size();
  return info;
}

// Trains and sweeps as `qclass sweep` does: (columns, #best JSON, info).
py::tuple sweep(py::handle posts, py::handle keywords, py::handle map, const py::dict& o) {
  const sweep_setup s = train_for_sweep(posts, keywords, map, o);
  sweep_result r;
  std::string best;
  {
    py::gil_scoped_release nogil;
    r = run_sweep(*s.be, s.run->result, s.spec);
    best = best_json(r, s.spec, s.run->result.model.labels);
  }
  return py::make_tuple(sweep_columns(r), best, run_info(*s.run));
}

// A sweep split by rows (qclass.dask.sweep): trained once, then the integer
// counts of every grid point for ranges of test rows, and the table from
// their sum, with the library's metrics, best point and exact best alpha.
class sweep_run {
 public:
  sweep_run(py::handle posts, py::handle keywords, py::handle map, const py::dict& o)
      : s_(train_for_sweep(posts, keywords, map, o)), threads_(option<unsigned>(o, "threads", 0)) {}

  std::size_t test_posts() const { return s_.run->result.test_rows.size(); }
  std::size_t points() const { return grid_points(s_.spec); }
  std::int64_t stride() const {
    return counts_stride(static_cast<int>(s_.run->result.model.labels.size()));
  }
  py::dict info() const { return run_info(*s_.run); }

  // Counts of test rows [r0, r1): uint64 [points x stride].
  py::array_t<std::uint64_t> counts(std::size_t r0, std::size_t r1) const {
    std::vector<std::uint64_t> c;
    {
      py::gil_scoped_release nogil;
      c = sweep_counts(*s_.be, s_.run->result, s_.spec, r0, r1);
    }
    py::array_t<std::uint64_t> a = hand_over(std::move(c));
    return a.reshape({static_cast<py::ssize_t>(points()), static_cast<py::ssize_t>(stride())});
  }

  // The number of folds of `folds`-fold cross-validation repeated `repeats`
  // times (seeded with the split's seed, as `qclass sweep --folds`).
  std::size_t fold_count(std::size_t folds, std::size_t repeats) const {
    return cv_folds(folds, repeats).size();
  }

  // Fold `index` trained on its train part, and the counts of every grid
  // point on its test part: uint64 [points x stride].
  py::array_t<std::uint64_t> fold_counts(std::size_t folds, std::size_t repeats,
                                         std::size_t index) const {
    std::vector<std::uint64_t> c;
    {
      py::gil_scoped_release nogil;
      const std::vector<cv_fold> all = cv_folds(folds, repeats);
      if (index >= all.size()) throw usage_error("fold " + std::to_string(index) + " out of range");
      const trained_run& run = *s_.run;
      const std::vector<trained_fold> f =
          train_folds(run.data, run.result.model, run.result.model.keywords_raw, run.resources,
                      threads_, {all[index]});
      c = sweep_counts(*s_.be, f[0].t, s_.spec, 0, f[0].t.test_rows.size());
    }
    py::array_t<std::uint64_t> a = hand_over(std::move(c));
    return a.reshape({static_cast<py::ssize_t>(points()), static_cast<py::ssize_t>(stride())});
  }

  // The table of `qclass sweep --folds` from every fold's counts, in fold
  // order: (the CSV text it writes, the best point's index).
  py::tuple cv_table(const std::vector<std::vector<std::uint64_t>>& counts, std::size_t folds,
                     std::size_t repeats) const {
    std::ostringstream csv;
    cv_sweep_result r;
    {
      py::gil_scoped_release nogil;
      r = cv_sweep_from_counts(s_.run->result, s_.spec, counts);
      write_cv_sweep_csv(csv, r, s_.spec, spec_of_cv(folds, repeats), nullptr);
    }
    return py::make_tuple(py::bytes(csv.str()), r.best);
  }

  // The table from the whole test part's counts: (columns, #best JSON, CSV
  // text as `qclass sweep -o` writes it).
  py::tuple table(
      const py::array_t<std::uint64_t, py::array::c_style | py::array::forcecast>& c) const {
    std::vector<std::uint64_t> flat(c.data(), c.data() + c.size());
    sweep_result r;
    std::string best;
    std::ostringstream csv;
    {
      py::gil_scoped_release nogil;
      r = sweep_from_counts(*s_.be, s_.run->result, s_.spec, flat);
      best = best_json(r, s_.spec, s_.run->result.model.labels);
      write_sweep_table(csv, r, s_.spec, s_.run->result.model.labels);
    }
    return py::make_tuple(sweep_columns(r), best, py::bytes(csv.str()));
  }

 private:
  cv_spec spec_of_cv(std::size_t folds, std::size_t repeats) const {
    if (folds < 2) throw usage_error("folds must be at least 2");
    return cv_spec{folds, repeats, s_.run->result.model.seed};
  }
  std::vector<cv_fold> cv_folds(std::size_t folds, std::size_t repeats) const {
    const cv_spec cv = spec_of_cv(folds, repeats);
    return cross_validation_folds(s_.run->data.labels, cv.folds, cv.repeats, cv.seed);
  }

  sweep_setup s_;
  unsigned threads_ = 0;
};

}  // namespace

void bind_sweep_api(py::module_& m) {
  m.def("sweep", &sweep, py::arg("posts"), py::arg("keywords"), py::arg("label_map"),
        py::arg("options"));
  py::class_<sweep_run>(m, "SweepRun")
      .def(py::init<py::handle, py::handle, py::handle, const py::dict&>(), py::arg("posts"),
           py::arg("keywords"), py::arg("label_map"), py::arg("options"))
      .def_property_readonly("test_posts", &sweep_run::test_posts)
      .def_property_readonly("points", &sweep_run::points)
      .def_property_readonly("stride", &sweep_run::stride)
      .def("info", &sweep_run::info)
      .def("counts", &sweep_run::counts, py::arg("start"), py::arg("stop"))
      .def("table", &sweep_run::table, py::arg("counts"))
      .def("fold_count", &sweep_run::fold_count, py::arg("folds"), py::arg("repeats"))
      .def("fold_counts", &sweep_run::fold_counts, py::arg("folds"), py::arg("repeats"),
           py::arg("index"))
      .def("cv_table", &sweep_run::cv_table, py::arg("counts"), py::arg("folds"),
           py::arg("repeats"));
}

}  // namespace qc::python
