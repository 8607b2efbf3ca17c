// Hyper-parameter sweeps from Python (KeywordModel.sweep): the grid `qclass
// sweep` evaluates, as columns, and its `#best` JSON.
#pragma once
#include <pybind11/pybind11.h>

namespace qc::python {

void bind_sweep_api(pybind11::module_& m);

}  // namespace qc::python
