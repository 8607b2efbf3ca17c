// Shared CLI flags.
#include "cli/common_options.hpp"

#include "core/fraction.hpp"

#include <chrono>

#include "io/byte_range.hpp"
#include "qc/core/error.hpp"
#include "train/split.hpp"

namespace qc::cli {

void add_input_flags(CLI::App* cmd, input_flags& f) {
  cmd->add_option("-i,--input", f.inputs,
                  "Posts to read: JSON Lines or data-dump Posts.xml files, plain or compressed "
                  "(.gz/.bz2/.xz/.zst/.7z); '-' for stdin")
      ->required();
  add_read_flags(cmd, f);
}

void add_read_flags(CLI::App* cmd, input_flags& f) {
  cmd->add_option("--label-field", f.label_field,
                  "Field holding the labels (array of strings or a string)")
      ->capture_default_str();
  cmd->add_option("--on-error", f.on_error,
                  "Bad records: fail (stop with file:line) or skip (skip and count)")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  add_max_record_size_flag(cmd, f.max_record_size);
  cmd->add_option("-t,--threads", f.threads, "Worker threads (0: all cores)")
      ->capture_default_str();
  cmd->add_option("--batch", f.batch_posts, "Posts per batch")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
      ->capture_default_str();
  cmd->add_option("--byte-range", f.byte_range,
                  "Read only the records whose first byte lies in [START, END) of the one "
                  "(uncompressed) input; END may be left out (START:). Ranges that tile a "
                  "file read each record once")
      ->type_name("START:END");
  add_progress_flags(cmd, f.progress);
  f.verb = cmd->get_name();  // "labels merge" for a verb's subcommand
  for (const CLI::App* p = cmd->get_parent(); p && p->get_parent(); p = p->get_parent())
    f.verb = p->get_name() + " " + f.verb;
}

byte_range to_byte_range(const std::string& flag, std::size_t inputs) {
  if (flag.empty()) return {};
  const byte_range r = parse_byte_range(flag);
  if (inputs != 1) {
    throw usage_error("--byte-range needs exactly one input file, not " + std::to_string(inputs));
  }
  return r;
}

void add_max_record_size_flag(CLI::App* cmd, std::size_t& bytes) {
  cmd->add_option("--max-record-size", bytes,
                  "Largest record (a JSON Lines line, a Posts.xml row) read; a longer one is a "
                  "bad record. Bytes, or with a unit (64MiB, 200M, 1G). An accepted record "
                  "takes up to about 4x its size in memory (10x in train and eval; README, Limits)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{256}, std::size_t{1} << 40))
      ->default_str("64MiB");
}

void add_text_flags(CLI::App* cmd, text_flags& f) {
  cmd->add_flag("--title-only", f.title_only, "Use the title alone, not the body");
  cmd->add_option("--lemma", f.lemma, "Lemmatizer: vn (verb then noun), v (verb only), none")
      ->check(CLI::IsMember({"vn", "v", "none"}))
      ->capture_default_str();
  cmd->add_flag("--no-lemma", f.no_lemma, "Same as --lemma none");
  cmd->add_flag("--keep-code", f.keep_code, "Keep <code> elements of HTML bodies");
  cmd->add_option("--body-format", f.body_format,
                  "Body as html, text, or auto (the record's body_format decides)")
      ->check(CLI::IsMember({"auto", "html", "text"}))
      ->capture_default_str();
  cmd->add_option("--stopwords", f.stopwords, "Stop words: gensim, none, or a file (one per line)")
      ->capture_default_str();
  cmd->add_option("--wordnet-dir", f.wordnet_dir,
                  "WordNet 3.0 dict folder (default: $QC_WORDNET_DIR or /usr/share/wordnet)");
}

void add_vocab_flags(CLI::App* cmd, vocab_flags& f) {
  cmd->add_option("--min-df", f.min_df, "Keep words found in at least this many posts")
      ->capture_default_str();
  cmd->add_option("--max-vocab", f.max_vocab, "Keep at most this many words")
      ->capture_default_str();
  cmd->add_option("--max-df-frac", f.max_df_frac,
                  "Drop words found in more than floor(N * this) posts (1 disables)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
}

reader_options to_reader_options(const input_flags& f) {
  reader_options r;
  r.label_field = f.label_field;
  r.errors = f.on_error == "skip" ? on_error::skip : on_error::fail;
  r.range = to_byte_range(f.byte_range, f.inputs.size());
  r.max_record_bytes = f.max_record_size;
  r.parse_threads = f.threads;
  return r;
}

pipeline_options to_pipeline_options(const input_flags& f) {
  pipeline_options p;
  p.reader = to_reader_options(f);
  p.threads = f.threads;
  p.batch_posts = f.batch_posts;
  return p;
}

progress_meter reading_meter(const input_flags& f, const std::string& output) {
  const byte_range r = to_byte_range(f.byte_range, f.inputs.size());
  return progress_meter::reading(f.verb, known_input_bytes(f.inputs, r.begin, r.end),
                                 to_progress_mode(f.progress, output));
}

pipeline_options to_pipeline_options(const input_flags& f, progress_meter& meter) {
  pipeline_options p = to_pipeline_options(f);
  p.reader.on_progress = meter.callback();
  return p;
}

text_options to_text_options(const text_flags& f) {
  text_options t;
  t.norm.title_only = f.title_only;
  t.norm.keep_code = f.keep_code;
  t.norm.lemma = f.no_lemma ? lemma_mode::none : parse_lemma_mode(f.lemma);
  t.norm.body = parse_body_format(f.body_format);
  t.stopwords = f.stopwords;
  t.wordnet_dir = f.wordnet_dir;
  return t;
}

vocab_options to_vocab_options(const vocab_flags& f) {
  vocab_options v;
  v.min_df = f.min_df;
  v.max_vocab = f.max_vocab;
  v.max_df_frac = f.max_df_frac;
  return v;
}

std::string describe_read(const read_stats& s) {
  std::string out = "posts read: " + std::to_string(s.records);
  if (s.other_rows) {
    out += " (questions; other Posts.xml rows passed over: " + std::to_string(s.other_rows) + ")";
  }
  if (s.skipped) {
    out += ", skipped (bad records): " + std::to_string(s.skipped);
    for (const auto& r : s.skip_reasons) out += "\n  skipped: " + r;
    if (s.skipped > s.skip_reasons.size())
      out += "\n  ... and " + std::to_string(s.skipped - s.skip_reasons.size()) + " more";
  }
  return out;
}

}  // namespace qc::cli

namespace qc::cli {

loaded_corpus load_corpus(const input_flags& in, const text_flags& text) {
  const auto t0 = std::chrono::steady_clock::now();
  const text_options topts = to_text_options(text);
  const text_resources res = load_text_resources(topts);
  loaded_corpus out;
  progress_meter meter = reading_meter(in);
  out.stats =
      tokenize_files(in.inputs, to_pipeline_options(in, meter), topts.norm, res,
                     [&](token_batch& b) { out.corpus.add_posts(b.words, b.ids, b.offsets); });
  meter.finish();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace qc::cli

namespace qc::cli {

void add_device_flag(CLI::App* cmd, std::string& device) {
  cmd->add_option("--device", device,
                  "Compute backend: auto, cpu, reference or cuda (default: $QC_DEVICE or auto)")
      ->check(CLI::IsMember({"auto", "cpu", "reference", "cuda"}));
}

void add_train_flags(CLI::App* cmd, train_flags& f) {
  cmd->add_option("--keywords", f.keywords, "Manual keywords TSV: category<TAB>kw1,kw2,...");
  cmd->add_option("--label-map", f.label_map, "Label map TSV: fine_label<TAB>category");
  cmd->add_option("--split", f.split, "Fraction of labeled posts used for training (0..1)")
      ->capture_default_str();
  cmd->add_option("--seed", f.seed, "Seed of the stratified split (and of the bootstrap)")
      ->capture_default_str();
  cmd->add_option("--ties", f.ties, "Prediction on ties: lowest (one category) or all")
      ->check(CLI::IsMember({"lowest", "all"}))
      ->capture_default_str();
  cmd->add_option("--vocab-from", f.vocab_from, "Build the vocabulary from all records or train")
      ->check(CLI::IsMember({"all", "train"}))
      ->capture_default_str();
  add_device_flag(cmd, f.device);
}

void add_bootstrap_flags(CLI::App* cmd, bootstrap_spec& spec) {
  cmd->add_option("--bootstrap", spec.resamples,
                  "Bootstrap resamples for intervals of accuracy, macro and micro F1 (0: none)")
      ->capture_default_str();
  cmd->add_option("--ci", spec.confidence, "Confidence of the bootstrap intervals")
      ->capture_default_str();
}

void add_model_flags(CLI::App* cmd, model_flags& f) {
  cmd->add_option("--top-k", f.top_k, "Words kept per category")->capture_default_str();
  cmd->add_option("--alpha", f.alpha, "Bonus of a manual keyword")->capture_default_str();
  cmd->add_option("--norm", f.norm, "Weight norm: l2 (authors' code) or sum (paper)")
      ->check(CLI::IsMember({"l2", "sum"}))
      ->capture_default_str();
  cmd->add_option("--manual-scope", f.scope,
                  "Manual keywords that get alpha: topk (in the top K; authors' code) or all")
      ->check(CLI::IsMember({"topk", "all"}))
      ->capture_default_str();
}

keyword_model base_model(const model_flags& f) {
  keyword_model base;
  base.top_k = f.top_k;
  base.alpha = parse_decimal_double(f.alpha);
  base.norm = parse_norm(f.norm);
  base.scope = parse_manual_scope(f.scope);
  return base;
}

std::string describe_training(const training_result& t) {
  return "labels: " + std::to_string(t.model.labels.size()) +
         ", vocabulary: " + std::to_string(t.model.vocab.size()) +
         " words, train posts: " + std::to_string(t.train_rows.size()) +
         ", test posts: " + std::to_string(t.test_rows.size());
}

trained_run train_from_flags(const input_flags& in, const text_flags& text,
                             const vocab_flags& vocab, const train_flags& tf, keyword_model base) {
  base.split = tf.split;
  parse_split_fraction(tf.split);  // early usage error
  base.seed = tf.seed;
  base.ties = parse_ties(tf.ties);
  base.vocab_opts = to_vocab_options(vocab);
  base.vocab_from = parse_vocab_source(tf.vocab_from);
  std::vector<keyword_entry> keywords =
      tf.keywords.empty() ? std::vector<keyword_entry>{} : read_keywords_file(tf.keywords);
  label_map map;
  if (!tf.label_map.empty()) map = label_map::read(tf.label_map);
  progress_meter meter = reading_meter(in);
  trained_run run =
      train_from_files(in.inputs, to_pipeline_options(in, meter), to_text_options(text),
                       std::move(base), std::move(keywords), map);
  meter.finish();
  return run;
}

void add_cv_flags(CLI::App* cmd, cv_flags& f) {
  cmd->add_option("--folds", f.folds,
                  "Stratified k-fold cross-validation with k folds (seeded with --seed) instead "
                  "of the single split");
  cmd->add_option("--repeats", f.repeats, "Cross-validation: repeats of the k-fold, seeds S..S+r-1")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

cv_spec to_cv_spec(const cv_flags& f, const train_flags& tf) {
  if (f.folds == 1) throw usage_error("--folds must be at least 2");
  cv_spec cv;
  cv.folds = f.folds;
  cv.repeats = f.repeats;
  cv.seed = tf.seed;
  return cv;
}

std::vector<trained_fold> train_cv_folds(const trained_run& run, const cv_spec& cv,
                                         unsigned threads) {
  const auto folds = cross_validation_folds(run.data.labels, cv.folds, cv.repeats, cv.seed);
  return train_folds(run.data, run.result.model, run.result.model.keywords_raw, run.resources,
                     threads, folds);
}

}  // namespace qc::cli
