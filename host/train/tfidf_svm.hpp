// The study's baseline: tf-idf + linear SVM, on qclass's own tokens, split
// and metrics, so that the comparison with the keyword classifier differs
// only in the classifier. The settings are scikit-learn's defaults, which
// the study's Python baseline would have used:
// - tf-idf as TfidfVectorizer: the features are the vocabulary words that
//   occur in a train post; tf = raw count; idf = ln((1 + n) / (1 + df)) + 1
//   over the n train posts; each row scaled to unit L2 norm (an empty row
//   stays empty).
// - the SVM as LinearSVC: L2-regularized squared hinge loss solved in the
//   dual by liblinear (L2R_L2LOSS_SVC_DUAL), C = 1, tolerance 1e-4, an
//   intercept (bias feature 1), one-vs-rest over the classes.
// A post's class is its first label (as a single-label SVM needs); the
// prediction is one category, evaluated like the keyword classifier's.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "eval/classifier_uncertainty.hpp"
#include "eval/metrics.hpp"
#include "matrix/term_matrix.hpp"
#include "train/training.hpp"

namespace qc {

struct svm_options {
  double C = 1.0;
  double tolerance = 1e-4;
};

struct tfidf_svm_result {
  std::vector<int> predicted;  // per test row: the category index
  confusion_counts counts;     // test rows against all their labels
  std::size_t n_features = 0;  // vocabulary words seen in the train posts
};

// m: every labeled post (model vocabulary); label_index: labels per row.
// Deterministic: liblinear's solver shuffles with the C library's rand(),
// which is seeded (srand(1)) under a lock for each training.
tfidf_svm_result train_tfidf_svm(const term_matrix& m,
                                 const std::vector<std::vector<int>>& label_index,
                                 const std::vector<std::size_t>& train_rows,
                                 const std::vector<std::size_t>& test_rows, std::size_t n_labels,
                                 const svm_options& opts);

// Both classifiers on the test part of a training run: the keyword
// classifier at the model's alpha (scored by `be`) and the baseline.
struct baseline_comparison {
  confusion_counts keyword;
  std::vector<std::uint64_t> keyword_predicted;  // per test row: the predicted set
  tfidf_svm_result svm;
};
// Throws usage_error when there is no test part.
baseline_comparison compare_with_baseline(backend& be, const training_result& t,
                                          const svm_options& opts);

// DEFINITIONS.md 11 on the comparison: the keyword classifier first, the
// SVM second, the standard macro F1 (the sweep's default objective).
paired_uncertainty baseline_uncertainty(const training_result& t, const baseline_comparison& b,
                                        const bootstrap_spec& spec);

}  // namespace qc
