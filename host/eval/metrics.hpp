// Evaluation metrics of DEFINITIONS.md 7: standard per-category, macro and
// micro precision/recall/F1, accuracy, the confusion matrix, and the study's
// own metric (the authors' `_my_metric`).
//
// Accumulation is separate from the arithmetic: `confusion_counts` holds only
// integers, is built one post at a time, and merges by addition, so any
// backend (threads, a GPU) can produce counts for parts of the test set and
// combine them; `compute_metrics` then turns counts into doubles in one fixed
// order, so the result does not depend on how the counts were produced.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qc {

struct confusion_counts {
  std::size_t n_labels = 0;       // L
  std::uint64_t n_posts = 0;      // test posts added
  std::uint64_t n_exact = 0;      // posts with set(P) == set(Y)
  std::vector<std::uint64_t> tp;  // per category, size L
  std::vector<std::uint64_t> fp;
  std::vector<std::uint64_t> fn;
  // C, row-major L x L: row = the post's first true label Y[0] (or p itself
  // for a correct p), column = the predicted label.
  std::vector<std::uint64_t> confusion;

  confusion_counts() = default;
  explicit confusion_counts(std::size_t labels);

  // Adds one test post: y = its label indices (input order, no duplicates,
  // at least one), p = its predicted set (ascending, no duplicates; may be
  // empty). Every index must be in [0, L). Throws std::invalid_argument when
  // these preconditions fail; the counts are unchanged then.
  void add_post(const int* y, std::size_t ny, const int* p, std::size_t np);
  void add_post(const std::vector<int>& y, const std::vector<int>& p) {
    add_post(y.data(), y.size(), p.data(), p.size());
  }
  // Throws std::invalid_argument unless y is a valid label list for add_post.
  void check_truth(const int* y, std::size_t ny) const;
  // Adds (amount 1) or takes back (amount -1, for a post added before with
  // the same prediction) one post with labels y and the predicted set as a
  // bit mask, by the kernels' add_prediction rule. Unchecked: y as for
  // add_post, predicted within the L <= 64 labels.
  void add_predicted(const int* y, std::size_t ny, std::uint64_t predicted, int amount);
  // The common single-label, single-prediction case.
  void add_single(int y, int p) { add_post(&y, 1, &p, 1); }

  // Adds another part's counts (same L, else std::invalid_argument).
  void merge(const confusion_counts& other);

  std::uint64_t c(std::size_t row, std::size_t col) const {
    return confusion[row * n_labels + col];
  }

  // The study matrix Q, row-major L x L. The "set to 1 only while zero" rule
  // touches only off-diagonal cells (p not in Y, so p != Y[0]) and the
  // diagonal is incremented exactly as C's, so Q is C with every
  // off-diagonal cell capped at 1. It is therefore derived, not stored, and
  // merging C merges Q.
  std::vector<std::uint64_t> study_matrix() const;

  friend bool operator==(const confusion_counts& a, const confusion_counts& b) {
    return a.n_labels == b.n_labels && a.n_posts == b.n_posts && a.n_exact == b.n_exact &&
           a.tp == b.tp && a.fp == b.fp && a.fn == b.fn && a.confusion == b.confusion;
  }
  friend bool operator!=(const confusion_counts& a, const confusion_counts& b) { return !(a == b); }
};

// F1(p, r) = ((2*p)*r)/(p+r), or 0 when p+r == 0.
double f1_score(double p, double r) noexcept;

// Metrics from counts. The aggregate values are std::nullopt ("null") when
// there are no test posts (n_posts == 0) or no labels (L == 0): macro, micro
// and study precision/recall/F1 and accuracy alike. The per-category vectors
// are always filled (size L) by the zero-denominator rules: standard
// precision/recall 0, study sp/sr 1.0.
struct metrics {
  std::size_t n_labels = 0;
  std::uint64_t n_posts = 0;

  // Per category (index order).
  std::vector<double> precision;        // TP/(TP+FP), 0 if TP+FP == 0
  std::vector<double> recall;           // TP/(TP+FN), 0 if TP+FN == 0
  std::vector<double> f1;               // f1_score(precision, recall)
  std::vector<double> study_precision;  // sp_j = Q[j][j]/colsum_j, 1.0 if colsum_j == 0
  std::vector<double> study_recall;     // sr_j = Q[j][j]/rowsum_j, 1.0 if rowsum_j == 0

  // Standard macro: means over all L labels, summed left to right, then / L.
  std::optional<double> macro_precision;
  std::optional<double> macro_recall;
  std::optional<double> macro_f1;  // mean of the per-category F1 values
  // Standard micro: from the summed counts.
  std::optional<double> micro_precision;
  std::optional<double> micro_recall;
  std::optional<double> micro_f1;
  // Posts with set(P) == set(Y), divided by n.
  std::optional<double> accuracy;
  // Study metric: P = mean(sp), R = mean(sr), F1 = f1_score(P, R).
  std::optional<double> study_p;
  std::optional<double> study_r;
  std::optional<double> study_f1;
};

metrics compute_metrics(const confusion_counts& counts);

// Throws std::invalid_argument unless there are L label names.
void check_label_names(const confusion_counts& counts, const std::vector<std::string>& labels);

}  // namespace qc
