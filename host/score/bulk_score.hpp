// Bulk scoring: posts from files -> one prediction row per input record, in
// input order, with bounded memory. Reading and normalizing batch i+1 runs
// while batch i is scored and written (a two-slot pipeline), so a fast
// backend is fed as fast as the host can parse.
#pragma once
#include <string>
#include <vector>

#include "formats/predictions.hpp"
#include "model/keyword_model.hpp"
#include "train/training.hpp"

namespace qc {

struct bulk_score_summary {
  std::size_t scored = 0;
  std::size_t skipped = 0;
  std::size_t no_evidence = 0;            // "unclassified"
  std::vector<std::size_t> per_category;  // posts with evidence, per category
  read_stats stats;
  // Wall seconds in each stage (the read stage overlaps the others).
  double read_normalize_seconds = 0;  // reading + parsing + normalizing (producer)
  double matrix_seconds = 0;          // tokens -> CSR batch
  double backend_seconds = 0;         // backend parts (D, S1) and s0
  double write_seconds = 0;           // predictions and output rows
  double total_seconds = 0;
};

// Where the rows go, in input order: one per scored post, one per record
// skipped under on_error::skip (its id as JSON, "" when it could not be read).
class score_sink {
 public:
  virtual ~score_sink();
  virtual void row(const std::string& id_json, const scored_post& p) = 0;
  virtual void skipped(const std::string& id_json, const std::string& message) = 0;
  // Called after each batch's rows; the rows so far may be passed on.
  virtual void flush() {}
};

// Scores every record of `inputs` with `m` at `alpha`, handing the rows to
// `sink`. Records skipped under on_error::skip become skipped rows. Throws
// like the readers (parse_error with file:line).
bulk_score_summary score_posts(const keyword_model& m, backend& be, double alpha,
                               const std::vector<std::string>& inputs,
                               const pipeline_options& popts, const text_resources& res,
                               score_sink& sink);

// The same, writing the rows to `output` atomically ("-": stdout) as CSV or
// JSON Lines; the file is replaced only when every record was scored.
bulk_score_summary score_posts(const keyword_model& m, backend& be, double alpha,
                               const std::vector<std::string>& inputs,
                               const pipeline_options& popts, const text_resources& res,
                               const std::string& output, prediction_format fmt);

}  // namespace qc
