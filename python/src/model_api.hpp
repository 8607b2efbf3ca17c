// The keyword model from Python (qclass.KeywordModel wraps it): train, save,
// load, score, evaluate and per-category scores, each the library calls the
// CLI's train, score and eval verbs make.
#pragma once
#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <vector>

#include "model/keyword_model.hpp"
#include "qc/kernels/backend.hpp"

namespace qc::python {

// The keywords argument: a TSV path, a list of (category, [keywords]), or None.
std::vector<keyword_entry> keywords_of(pybind11::handle k);
// The label_map argument: a TSV path, or None (empty map).
label_map label_map_of(pybind11::handle k);
// The backend of o["device"] (None: $QC_DEVICE or auto) with o["threads"].
std::unique_ptr<backend> backend_of(const pybind11::dict& o);

void bind_model_api(pybind11::module_& m);

}  // namespace qc::python
