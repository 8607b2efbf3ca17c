// Posts, tokens and the term matrix from Python: read_posts, tokens,
// term_matrix (the reading and normalizing steps the CLI's convert, tokens
// and matrix verbs run).
#pragma once
#include <pybind11/pybind11.h>

namespace qc::python {

void bind_text_api(pybind11::module_& m);

}  // namespace qc::python
