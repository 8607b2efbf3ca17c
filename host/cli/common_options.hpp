// Options shared by the verbs that read posts: inputs, reading, text
// normalization and vocabulary settings, with one definition each.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "cli/progress.hpp"
#include "model/tokenized_corpus.hpp"
#include "model/vocabulary.hpp"
#include "text/token_pipeline.hpp"

namespace qc::cli {

struct input_flags {
  std::vector<std::string> inputs;
  std::string label_field = "labels";
  std::string on_error = "fail";
  std::size_t max_record_size = default_max_record_bytes;
  unsigned threads = 0;
  std::size_t batch_posts = default_batch_posts;
  std::string byte_range;  // --byte-range START:END ("" reads whole files)
  progress_flags progress;
  std::string verb;  // the progress line's label: the verb's name
};

struct text_flags {
  bool title_only = false;
  bool no_lemma = false;
  bool keep_code = false;
  std::string lemma = "vn";
  std::string body_format = "auto";
  std::string stopwords = "gensim";
  std::string wordnet_dir;
};

struct vocab_flags {
  std::uint32_t min_df = 5;
  std::size_t max_vocab = 20000;
  double max_df_frac = 1.0;
};

// -i/--input, then add_read_flags.
void add_input_flags(CLI::App* cmd, input_flags& f);
// How records are read: --label-field, --on-error, --max-record-size, --threads,
// --batch, --byte-range, and the progress flags (--progress, --quiet).
void add_read_flags(CLI::App* cmd, input_flags& f);
// --max-record-size (bytes, or with a unit: 64MiB, 200M, 1G).
void add_max_record_size_flag(CLI::App* cmd, std::size_t& bytes);
void add_text_flags(CLI::App* cmd, text_flags& f);
void add_vocab_flags(CLI::App* cmd, vocab_flags& f);

pipeline_options to_pipeline_options(const input_flags& f);
// The progress of reading f's inputs, labeled with the verb; `output` is
// where the verb writes its data (see to_progress_mode).
progress_meter reading_meter(const input_flags& f, const std::string& output = "");
// to_pipeline_options(f), telling `meter` the posts read after each batch.
pipeline_options to_pipeline_options(const input_flags& f, progress_meter& meter);
// The reader options of the flags (to_pipeline_options(f).reader).
reader_options to_reader_options(const input_flags& f);
// --byte-range parsed (the whole file when empty); a usage error when it is
// malformed, START > END, or the verb reads other than exactly one input.
byte_range to_byte_range(const std::string& flag, std::size_t inputs);
text_options to_text_options(const text_flags& f);
vocab_options to_vocab_options(const vocab_flags& f);

// One line for stderr/stdout describing what was read and skipped.
std::string describe_read(const read_stats& s);

}  // namespace qc::cli

namespace qc::cli {

struct loaded_corpus {
  tokenized_corpus corpus;
  read_stats stats;
  double seconds = 0;  // reading + normalization wall time
};

// Reads and normalizes every input into one tokenized corpus.
loaded_corpus load_corpus(const input_flags& in, const text_flags& text);

}  // namespace qc::cli

#include "core/backend_select.hpp"  // train_flags::device
#include "eval/bootstrap.hpp"
#include "eval/cross_validation.hpp"
#include "model/keywords.hpp"
#include "train/training.hpp"

namespace qc::cli {

// Options of the verbs that train (train, sweep).
struct train_flags {
  std::string keywords;
  std::string label_map;
  std::string split = "0.6";
  std::uint64_t seed = 0;
  std::string ties = "lowest";
  std::string vocab_from = "all";
  std::string device;  // empty: $QC_DEVICE or auto
};
void add_train_flags(CLI::App* cmd, train_flags& f);
// --bootstrap B (0: no intervals) and --ci C (DEFINITIONS.md 11); the seed
// is the verb's --seed.
void add_bootstrap_flags(CLI::App* cmd, bootstrap_spec& spec);
void add_device_flag(CLI::App* cmd, std::string& device);

// The keyword classifier's settings (train, baseline, study).
struct model_flags {
  std::size_t top_k = 200;
  std::string alpha = "0.18";
  std::string norm = "l2";
  std::string scope = "topk";
};
void add_model_flags(CLI::App* cmd, model_flags& f);
// A keyword_model carrying those settings, to train from.
keyword_model base_model(const model_flags& f);

// Reads the labeled inputs and trains with `base`'s options (top_k, norm,
// scope, alpha), filling its preprocessing and training options from flags.
trained_run train_from_flags(const input_flags& in, const text_flags& text,
                             const vocab_flags& vocab, const train_flags& tf, keyword_model base);
// "labels: 6, vocabulary: 1585 words, train posts: 360, test posts: 240"
std::string describe_training(const training_result& t);

// Cross-validation (train, sweep, baseline, study): --folds k (0: none,
// the single split) and --repeats r; the folds are seeded with --seed.
struct cv_flags {
  std::size_t folds = 0;
  std::size_t repeats = 1;
};
void add_cv_flags(CLI::App* cmd, cv_flags& f);
cv_spec to_cv_spec(const cv_flags& f, const train_flags& tf);
// The folds of `cv` over the run's labeled posts, each trained with the
// run's settings, keywords and text resources.
std::vector<trained_fold> train_cv_folds(const trained_run& run, const cv_spec& cv,
                                         unsigned threads);

}  // namespace qc::cli
