// _qclass: the C++ half of the Python package qclass (python/qclass/ is the
// other half, and the one to import).
#include <pybind11/pybind11.h>

#include "core/backend_select.hpp"
#include "core/version.hpp"
#include "errors.hpp"
#include "model_api.hpp"
#include "study_api.hpp"
#include "sweep_api.hpp"
#include "text_api.hpp"

PYBIND11_MODULE(_qclass, m) {
  m.doc() = "qclass engine (use the qclass package)";
  qc::python::register_errors(m);
  qc::python::bind_text_api(m);
  qc::python::bind_model_api(m);
  qc::python::bind_sweep_api(m);
  qc::python::bind_study_api(m);
  m.def("describe_backends", &qc::describe_backends);
  m.attr("__version__") = qc::version_string();
}
