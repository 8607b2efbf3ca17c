// Hyper-parameter sweeps from Python: the grid `qclass sweep` evaluates, as
// columns, and its `#best` JSON (KeywordModel.sweep); the same split by rows
// into integer counts that add up (SweepRun, for qclass.dask.sweep).
#pragma once
#include <pybind11/pybind11.h>

namespace qc::python {

void bind_sweep_api(pybind11::module_& m);

}  // namespace qc::python
