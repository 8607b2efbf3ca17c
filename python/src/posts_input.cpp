#include "posts_input.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include "formats/json_write.hpp"
#include "io/memory_post_source.hpp"
#include "qc/core/error.hpp"

namespace qc::python {
namespace py = pybind11;
namespace {

// None, or a float NaN (pandas' missing value in an object column).
bool missing(py::handle v) {
  return v.is_none() || (PyFloat_Check(v.ptr()) && std::isnan(PyFloat_AsDouble(v.ptr())));
}

// An id as the readers keep it: its JSON text (123, or "abc" with quotes).
std::string id_json_of(py::handle v, const std::string& name, std::size_t line) {
  if (missing(v)) throw parse_error(name, line, "missing id");
  if (py::isinstance<py::str>(v)) return json_string(v.cast<std::string>());
  const bool integral_float =
      PyFloat_Check(v.ptr()) && std::floor(v.cast<double>()) == v.cast<double>();
  if (PyBool_Check(v.ptr()) || !(PyIndex_Check(v.ptr()) || integral_float))
    throw parse_error(name, line, "id must be an integer or a string");
  return py::str(py::int_(py::reinterpret_borrow<py::object>(v))).cast<std::string>();
}

std::string text_of(py::handle v, const char* what, const std::string& name, std::size_t line) {
  if (missing(v)) return std::string();
  if (!py::isinstance<py::str>(v))
    throw parse_error(name, line, std::string(what) + " must be a string");
  return v.cast<std::string>();
}

// A list of strings (labels: also one string), duplicates removed, first kept.
std::vector<std::string> strings_of(py::handle v, const char* what, const std::string& name,
                                    std::size_t line) {
  std::vector<std::string> out;
  if (missing(v)) return out;
  if (py::isinstance<py::str>(v)) {
    out.push_back(v.cast<std::string>());
    return out;
  }
  for (py::handle item : py::iter(v)) {
    if (!py::isinstance<py::str>(item))
      throw parse_error(name, line, std::string(what) + " must be strings");
    std::string s = item.cast<std::string>();
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

// A column as a list, or an empty list when the frame has none.
py::list column(const py::dict& cols, const char* key) {
  if (!cols.contains(key) || cols[key].is_none()) return py::list();
  return cols[key].cast<py::list>();
}

std::vector<post> posts_of_columns(const py::dict& cols, const std::string& name) {
  const py::list ids = column(cols, "id"), titles = column(cols, "title"),
                 bodies = column(cols, "body"), tags = column(cols, "tags"),
                 labels = column(cols, "labels"), formats = column(cols, "body_format");
  std::vector<post> posts(ids.size());
  for (const py::list* c : {&titles, &bodies, &tags, &labels, &formats})
    if (c->size() != 0 && c->size() != posts.size())
      throw usage_error(name + ": every column must have one value per post");
  const auto has = [&](const py::list& c) { return c.size() != 0; };
  for (std::size_t i = 0; i < posts.size(); ++i) {
    post& p = posts[i];
    p.line = i + 1;
    p.id_json = id_json_of(ids[i], name, p.line);
    if (has(titles)) p.title = text_of(titles[i], "title", name, p.line);
    if (has(bodies)) p.body = text_of(bodies[i], "body", name, p.line);
    if (has(tags)) p.tags = strings_of(tags[i], "tags", name, p.line);
    if (has(labels)) p.labels = strings_of(labels[i], "labels", name, p.line);
    if (has(formats))
      p.body_is_html =
          missing(formats[i]) || text_of(formats[i], "body_format", name, p.line) == "html";
  }
  return posts;
}

}  // namespace

pipeline_options posts_input::reading(pipeline_options p) const {
  if (!p.reader.range.whole()) {
    if (open) throw usage_error("byte_range needs a file, not a DataFrame");
    if (names.size() != 1)
      throw usage_error("byte_range needs exactly one input file, not " +
                        std::to_string(names.size()));
  }
  p.open = open;
  return p;
}

posts_input make_posts_input(py::handle posts) {
  posts_input in;
  if (py::isinstance<py::dict>(posts)) {
    const py::dict cols = py::reinterpret_borrow<py::dict>(posts);
    const std::string name = cols["name"].cast<std::string>();
    auto data = std::make_shared<std::vector<post>>(posts_of_columns(cols, name));
    in.names = {name};
    in.open = [data](const std::string& input, const reader_options&) {
      return std::unique_ptr<post_source>(new memory_post_source(std::move(*data), input));
    };
    return in;
  }
  const py::module_ os = py::module_::import("os");
  if (py::isinstance<py::str>(posts) || py::hasattr(posts, "__fspath__")) {
    in.names = {os.attr("fspath")(posts).cast<std::string>()};
    return in;
  }
  for (py::handle p : py::iter(posts)) in.names.push_back(os.attr("fspath")(p).cast<std::string>());
  if (in.names.empty()) throw usage_error("no input files");
  return in;
}

}  // namespace qc::python
