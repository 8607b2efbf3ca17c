// Bulk scoring: posts from files -> one prediction row per input record, in
// input order, with bounded memory. A reader thread reads the input, and
// its parsing threads parse each post and normalize it straight to its
// term-matrix row (vocabulary columns counted by post_matrix_builder) while
// its text is still in cache; this thread puts a batch's rows together and
// scores them, and a writer thread writes them (a two-slot pipeline: with a
// device backend the GPU scores one batch while the host writes the
// previous one and the parsing threads work ahead), so a fast backend is
// fed as fast as the host can parse.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "formats/predictions.hpp"
#include "model/keyword_model.hpp"
#include "train/training.hpp"

namespace qc {

// Posts per batch when scoring (`score`, `study`, Python's score): 1,024
// keeps a batch's posts, rows and term matrix small and the memory first
// touched small (bench/RESULTS.md: 4-5% faster than 4,096 on 100,000
// posts, 7 MB less peak RSS).
constexpr std::size_t default_score_batch_posts = 1024;

struct bulk_score_summary {
  std::size_t scored = 0;
  std::size_t skipped = 0;
  std::size_t no_evidence = 0;            // "unclassified"
  std::vector<std::size_t> per_category;  // posts with evidence, per category
  read_stats stats;
  // Wall seconds of each stage. They overlap: the reader thread's reading,
  // parsing and normalizing, this thread's term matrices and backend calls,
  // and the writer thread's rows (end_scores counts as backend).
  double read_seconds = 0;     // reading + parsing + normalizing (reader thread, busy time)
  double prepare_seconds = 0;  // normalizing + counting, summed over the parsing threads
                               // (0 unless pipeline_options::time_prepare)
  double matrix_seconds = 0;   // a batch's rows into its term matrix
  double backend_seconds = 0;  // backend parts (D, S1) and s0
  double write_seconds = 0;    // predictions and output rows
  double wait_seconds = 0;     // the scoring thread waiting for the reader
  double total_seconds = 0;
  // CPU seconds of the process (user + system) over the run.
  double cpu_seconds = 0;
  unsigned threads = 1;  // threads parsing, normalizing and counting
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

// The rows as a predictions file's text (CSV with its header, or JSON
// Lines), appended to `text`.
class text_sink : public score_sink {
 public:
  text_sink(prediction_format fmt, const keyword_model& m);
  void row(const std::string& id_json, const scored_post& p) override;
  void skipped(const std::string& id_json, const std::string& message) override;

  std::string text;

 private:
  prediction_writer writer_;
};

// Scores every record of `inputs` with `m` at `alpha`, handing the rows to
// `sink`. Records skipped under on_error::skip become skipped rows. Throws
// like the readers (parse_error with file:line). Progress: the reader
// options' on_progress, called after each batch read.
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
