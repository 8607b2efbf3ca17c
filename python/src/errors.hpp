// qclass's errors as Python exceptions: qclass.Error (a ValueError) and its
// subclasses ParseError (with .file and .line), UsageError, FileError and
// CudaError, each carrying the message the CLI prints.
#pragma once
#include <pybind11/pybind11.h>

namespace qc::python {

void register_errors(pybind11::module_& m);

}  // namespace qc::python
