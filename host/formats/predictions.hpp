// Predictions as `qclass score` writes them (CSV or JSON Lines), looked up
// by post id.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace qc {

struct prediction {
  std::string category;
  bool no_evidence = false;  // DEFINITIONS.md 6: counted as "unclassified"
};

struct prediction_table {
  std::unordered_map<std::string, prediction> by_id;  // key: id as text (id_text)
  // Every category the file names (as a prediction or a runner-up), in order
  // of first appearance; a category nothing was predicted as still shows up.
  std::vector<std::string> categories;
  std::size_t rows = 0;        // rows with an id
  std::size_t skipped = 0;     // rows of records the scorer skipped
  std::size_t duplicates = 0;  // repeated ids with the same prediction (ignored)
};

// Reads a predictions file; JSON Lines when its first non-blank character is
// '{', CSV otherwise (header with at least id, category, no_evidence).
// Throws io_error, or parse_error (file:line) for a malformed row, a missing
// column, or an id predicted twice with different results.
prediction_table read_predictions(const std::string& path);

// A post's id as plain text: a JSON string id loses its quotes and escapes,
// a number stays as written (`123`). Matches score's CSV id column.
std::string id_text(const std::string& id_json);

}  // namespace qc
