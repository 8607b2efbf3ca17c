#include "post_columns.hpp"

#include <optional>

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
  const std::size_t n = posts.size();
  py::list id(n), title(n), body(n), format(n), tags(n), labels(n), created(n), accepted(n),
      accepted_time(n), answers(n), views(n), score(n), line(n);
  for (std::size_t i = 0; i < n; ++i) {
    const post& p = posts[i];
    id[i] = id_value(p.id_json);
    title[i] = py::str(p.title);
    body[i] = py::str(p.body);
    format[i] = py::str(p.body_is_html ? "html" : "text");
    tags[i] = string_list(p.tags);
    labels[i] = string_list(p.labels);
    created[i] = optional_int(p.creation_time);
    accepted[i] = optional_int(p.accepted_answer_id);
    accepted_time[i] = optional_int(p.accepted_answer_time);
    answers[i] = optional_int(p.answer_count);
    views[i] = optional_int(p.view_count);
    score[i] = optional_int(p.score);
    line[i] = py::int_(p.line);
  }
  py::dict d;
  d["id"] = id;
  d["title"] = title;
  d["body"] = body;
  d["body_format"] = format;
  d["tags"] = tags;
  d["labels"] = labels;
  d["creation_date"] = created;
  d["accepted_answer_id"] = accepted;
  d["accepted_answer_time"] = accepted_time;
  d["answer_count"] = answers;
  d["view_count"] = views;
  d["score"] = score;
  d["line"] = line;
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
