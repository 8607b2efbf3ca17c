// Predictions as `qclass score` writes them (CSV or JSON Lines), looked up
// by post id.
#pragma once
#include <cstddef>
#include <cstdint>
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
// The same for a file's text; `path` names it in messages.
prediction_table parse_predictions(const std::string& text, const std::string& path);

// A post's id as plain text: a JSON string id loses its quotes and escapes,
// a number stays as written (`123`). Matches score's CSV id column.
std::string id_text(const std::string& id_json);

// ---------------------------------------------------------------- writing

enum class prediction_format { csv, jsonl };
// `forced` is "csv", "jsonl" or empty (then: .csv -> csv, anything else -> jsonl).
// Throws usage_error for another `forced`.
prediction_format prediction_format_for(const std::string& path, const std::string& forced);

// One scored post: category indices into the model's labels.
struct scored_post {
  int best = 0;
  int runner_up = -1;  // none with one category
  double score = 0, margin = 0;
  bool no_evidence = false;
  std::uint64_t tied = 0;  // bit k: category k ties for the best score
};

// The rows `qclass score` writes, appended to a buffer (the caller streams
// it out): CSV `id,category,score,runner_up,margin,no_evidence,status`, or
// one JSON object per line (with "categories" when ties_all).
class prediction_writer {
 public:
  prediction_writer(prediction_format fmt, const std::vector<std::string>& labels, bool ties_all)
      : fmt_(fmt), labels_(labels), ties_all_(ties_all) {}
  // The CSV header line; empty for JSON Lines.
  std::string header() const;
  void append(std::string& out, const std::string& id_json, const scored_post& p) const;
  // A record the reader skipped, with its id as JSON ("" when the reader could
  // not read it: an empty cell, or null) and the reason.
  void append_skipped(std::string& out, const std::string& id_json,
                      const std::string& message) const;

 private:
  prediction_format fmt_;
  const std::vector<std::string>& labels_;
  bool ties_all_;
};

}  // namespace qc
