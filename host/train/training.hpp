// Labeled data in, trained keyword model and its evaluation out
// (DEFINITIONS.md 3-7). Used by the train, eval and sweep verbs.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "eval/metrics.hpp"
#include "matrix/term_matrix.hpp"
#include "model/keyword_model.hpp"
#include "qc/kernels/backend.hpp"
#include "text/token_pipeline.hpp"
#include "train/split.hpp"

namespace qc {

// Every record of the labeled input files, tokenized.
struct labeled_data {
  std::vector<std::string> ids;                  // id JSON text
  std::vector<std::string> where;                // "file:line", for messages
  std::vector<std::vector<std::string>> labels;  // deduplicated, mapped
  tokenized_corpus corpus;
  read_stats stats;
};

labeled_data load_labeled(const std::vector<std::string>& inputs, const pipeline_options& popts,
                          const normalize_options& nopts, const text_resources& res,
                          const label_map* map);

struct training_result {
  keyword_model model;
  term_matrix matrix;                         // every record, model vocabulary
  std::vector<std::vector<int>> label_index;  // per record (empty: unlabeled)
  std::vector<std::size_t> train_rows, test_rows;
  std::vector<std::set<std::string>> keyword_sets;  // normalized, per category
  std::vector<std::string> warnings;
  std::unique_ptr<keyword_trainer> trainer;
};

// `base` carries every option (preprocessing, top_k, norm, ...); its labels,
// vocabulary and categories are filled in. Throws usage_error when the data
// has no labeled posts.
training_result train_keyword_model(const labeled_data& data, const keyword_model& base,
                                    std::vector<keyword_entry> keywords, const text_resources& res,
                                    unsigned threads);
// The same on given parts (a cross-validation fold: positions into data,
// ascending) instead of base's --split.
training_result train_keyword_model(const labeled_data& data, const keyword_model& base,
                                    std::vector<keyword_entry> keywords, const text_resources& res,
                                    unsigned threads, const split_result& parts);

// A training run from files: the data read, the result, and the text
// resources (WordNet and stop words) for scoring with the same settings.
struct trained_run {
  labeled_data data;
  training_result result;
  text_resources resources;
  double seconds = 0;  // reading, normalizing and training
};
// Reads the labeled inputs with `topts`'s preprocessing (recorded in the
// model) and trains with `base`'s options (top_k, norm, scope, alpha, split,
// seed, ties, vocabulary). `map` may be empty. Uses popts.threads.
trained_run train_from_files(const std::vector<std::string>& inputs, const pipeline_options& popts,
                             const text_options& topts, keyword_model base,
                             std::vector<keyword_entry> keywords, const label_map& map);

// WordNet and stop words as a saved model's preprocessing needs them.
text_resources load_model_text_resources(const keyword_model& m, const std::string& wordnet_dir);

// Label lists of some rows, packed for the backends.
struct truth_lists {
  std::vector<std::int32_t> offsets{0};
  std::vector<std::int32_t> labels;
  truth_view view() const {
    return truth_view{static_cast<std::int64_t>(offsets.size() - 1), offsets.data(), labels.data()};
  }
};
truth_lists make_truth(const std::vector<std::vector<int>>& label_index,
                       const std::vector<std::size_t>& rows);

// D, S1 and s0 of every row of a matrix under some weights.
struct row_scores {
  int n_cats = 0;
  std::vector<std::int64_t> d, s1;
  std::vector<double> s0;
};
row_scores score_rows(backend& be, const term_matrix& m, const dense_weights& w);
// s0 from d for other norms (the sweep reuses d).
void fill_s0(row_scores& r, const std::vector<double>& norms);

// Flat backend counts of one grid point -> confusion_counts.
confusion_counts counts_from_flat(const std::uint64_t* flat, int K);

// Every scored row's predicted set at alpha (bit k: category k).
std::vector<std::uint64_t> predicted_sets(const row_scores& scores, double alpha, tie_rule ties);

// Evaluates predictions at one alpha on rows already scored.
confusion_counts evaluate(backend& be, const row_scores& scores, const truth_lists& truth,
                          double alpha, tie_rule ties);

// The trained model on its test part, at its alpha (what `qclass train` reports).
confusion_counts evaluate_test_part(backend& be, const training_result& t);

}  // namespace qc
