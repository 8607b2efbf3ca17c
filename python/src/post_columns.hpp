// Posts and reading statistics as Python values: the columns qclass/__init__.py
// turns into a DataFrame.
#pragma once
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "io/post_source.hpp"

namespace qc::python {

// A post id as Python shows it: an int for an integer id, else the text as
// `qclass score` writes it in its CSV id column (a string id without quotes).
pybind11::object id_value(const std::string& id_json);

// {"id": [...], "title": [...], "body": [...], "body_format": ["html"|"text"],
//  "tags": [[...]], "labels": [[...]], "creation_date", "accepted_answer_id",
//  "accepted_answer_time", "answer_count", "view_count", "score" (int or
//  None; times in Unix seconds), "line": [...]}
pybind11::dict post_columns(const std::vector<post>& posts);

// {"records", "skipped", "blank_lines", "bytes", "other_rows", "skip_reasons"}
pybind11::dict stats_dict(const read_stats& s);

}  // namespace qc::python
