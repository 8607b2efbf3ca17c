// A study_partial as plain Python values (lists, tuples, dicts) and back:
// what travels from a worker to the client.
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "qc/core/error.hpp"
#include "study/study_partial.hpp"
#include "study_api.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

using counts_tuple = std::tuple<std::size_t, std::size_t, std::size_t, std::size_t, std::size_t,
                                std::size_t, std::size_t, std::size_t, std::size_t, std::size_t>;
using table1_row = std::tuple<std::size_t, std::int64_t, std::size_t>;
using answer_tuple = std::tuple<std::size_t, std::size_t, std::size_t, std::size_t, std::size_t>;

counts_tuple counts_of(const study_counts& c) {
  return {c.posts,
          c.duplicate_posts,
          c.outside,
          c.no_prediction,
          c.analysed,
          c.unclassified,
          c.no_creation_date,
          c.prediction_rows,
          c.skipped_predictions,
          c.unused_predictions};
}

study_counts counts_from(const counts_tuple& t) {
  study_counts c;
  std::tie(c.posts, c.duplicate_posts, c.outside, c.no_prediction, c.analysed, c.unclassified,
           c.no_creation_date, c.prediction_rows, c.skipped_predictions, c.unused_predictions) = t;
  return c;
}

py::tuple state_of(const study_partial& s) {
  std::vector<table1_row> table1;
  for (const framework_row& r : s.table1)
    table1.emplace_back(r.questions, r.views, r.without_views);
  std::vector<answer_tuple> answers;
  for (const answer_row& a : s.answers)
    answers.emplace_back(a.questions, a.accepted, a.timed, a.missing_time, a.negative);
  return py::make_tuple(s.categories, counts_of(s.counts), table1, s.by_scope, s.by_year, answers,
                        s.durations);
}

study_partial partial_from(const py::tuple& t) {
  if (t.size() != 7) throw usage_error("StudyPartial: not a pickled study part");
  study_partial s;
  s.categories = t[0].cast<std::vector<std::string>>();
  s.counts = counts_from(t[1].cast<counts_tuple>());
  for (const table1_row& r : t[2].cast<std::vector<table1_row>>())
    s.table1.push_back(framework_row{"", std::get<0>(r), std::get<1>(r), std::get<2>(r)});
  s.by_scope = t[3].cast<std::vector<std::vector<std::size_t>>>();
  s.by_year = t[4].cast<std::map<int, std::vector<std::size_t>>>();
  for (const answer_tuple& a : t[5].cast<std::vector<answer_tuple>>()) {
    answer_row r;
    std::tie(r.questions, r.accepted, r.timed, r.missing_time, r.negative) = a;
    s.answers.push_back(r);
  }
  s.durations = t[6].cast<std::vector<std::vector<std::int64_t>>>();
  return s;
}

}  // namespace

void bind_study_partial(py::module_& m) {
  py::class_<study_partial>(m, "StudyPartial")
      .def_readonly("categories", &study_partial::categories)
      .def_property_readonly("analysed", [](const study_partial& s) { return s.counts.analysed; })
      .def(py::pickle(&state_of, &partial_from));
}

}  // namespace qc::python
