// Where a call's posts come from: files (every format open_post_source
// reads), or the columns of a data frame handed over from Python, read
// through a memory_post_source so every pipeline treats them alike.
#pragma once
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "text/token_pipeline.hpp"

namespace qc::python {

struct posts_input {
  std::vector<std::string> names;  // the paths, or the data frame's name for messages
  source_opener open;              // empty: files
  // The pipeline options with this input's opener. Throws usage_error for
  // a byte range of anything but one file.
  pipeline_options reading(pipeline_options p) const;
};

// `posts` is a path (str or os.PathLike), a list of paths, or a dict of
// columns {"name": str, "id": [...], "title": [...], "body": [...], and
// optionally "tags", "labels", "body_format"} (qclass/__init__.py makes it
// from a DataFrame). Needs the GIL; each text is copied once, as a reader
// copies it out of a file. A missing id is a ParseError naming name:row
// (rows count from 1).
posts_input make_posts_input(pybind11::handle posts);

}  // namespace qc::python
