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
#include "score/bulk_score.hpp"

namespace qc::python {

// The keywords argument: a TSV path, a list of (category, [keywords]), or None.
std::vector<keyword_entry> keywords_of(pybind11::handle k);
// The label_map argument: a TSV path, or None (empty map).
label_map label_map_of(pybind11::handle k);
// The backend of o["device"] (None: $QC_DEVICE or auto) with o["threads"].
std::unique_ptr<backend> backend_of(const pybind11::dict& o);

// Scores the posts as `qclass score` does (options: the reading options,
// alpha, device, threads, wordnet_dir), the rows into `sink`; returns
// {"scored", "skipped", "no_evidence", "per_category", "stats", "backend"}.
pybind11::dict score_into(const keyword_model& m, pybind11::handle posts, const pybind11::dict& o,
                          score_sink& sink);

void bind_model_api(pybind11::module_& m);

}  // namespace qc::python
