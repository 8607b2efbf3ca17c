#include "post_columns.hpp"

#include <optional>
#include <utility>

#include "formats/predictions.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

py::object optional_int(const std::optional<std::int64_t>& v) {
  return v ? py::object(py::int_(*v)) : py::object(py::none());
}

py::list string_list(const std::vector<std::string>& v) {
  py::list out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) out[i] = py::str(v[i]);
  return out;
}

}  // namespace

py::object id_value(const std::string& id_json) {
  if (!id_json.empty() && id_json.front() != '"') {
    PyObject* n = PyLong_FromString(id_json.c_str(), nullptr, 10);
    if (n) return py::reinterpret_steal<py::object>(n);
    PyErr_Clear();
  }
  return py::str(id_text(id_json));
}

py::dict post_columns(const std::vector<post>& posts) {
  using cell = py::object (*)(const post&);
  static const std::pair<const char*, cell> columns[] = {
      {"id", [](const post& p) { return id_value(p.id_json); }},
      {"title", [](const post& p) -> py::object { return py::str(p.title); }},
      {"body", [](const post& p) -> py::object { return py::str(p.body); }},
      {"body_format",
       [](const post& p) -> py::object { return py::str(p.body_is_html ? "html" : "text"); }},
      {"tags", [](const post& p) -> py::object { return string_list(p.tags); }},
      {"labels", [](const post& p) -> py::object { return string_list(p.labels); }},
      {"creation_date", [](const post& p) { return optional_int(p.creation_time); }},
      {"accepted_answer_id", [](const post& p) { return optional_int(p.accepted_answer_id); }},
      {"accepted_answer_time", [](const post& p) { return optional_int(p.accepted_answer_time); }},
      {"answer_count", [](const post& p) { return optional_int(p.answer_count); }},
      {"view_count", [](const post& p) { return optional_int(p.view_count); }},
      {"score", [](const post& p) { return optional_int(p.score); }},
      {"line", [](const post& p) -> py::object { return py::int_(p.line); }},
  };
  py::dict d;
  for (const auto& [name, get] : columns) {
    py::list col(posts.size());
    for (std::size_t i = 0; i < posts.size(); ++i) col[i] = get(posts[i]);
    d[name] = col;
  }
  return d;
}

py::dict stats_dict(const read_stats& s) {
  py::dict d;
  d["records"] = s.records;
  d["skipped"] = s.skipped;
  d["blank_lines"] = s.blank_lines;
  d["bytes"] = s.bytes;
  d["other_rows"] = s.other_rows;
  d["skip_reasons"] = string_list(s.skip_reasons);
  return d;
}

}  // namespace qc::python
