#include "eval/metrics.hpp"

#include <stdexcept>
#include <string>

#include "qc/kernels/confusion_update.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {
namespace {

double ratio_or(std::uint64_t num, std::uint64_t den, double if_zero) {
  return den == 0 ? if_zero : static_cast<double>(num) / static_cast<double>(den);
}

// (x_0 + x_1 + ...)/L, summed left to right.
double mean(const std::vector<double>& x) {
  double s = x[0];
  for (std::size_t k = 1; k < x.size(); ++k) s += x[k];
  return s / static_cast<double>(x.size());
}

bool contains(const int* v, std::size_t n, int x) {
  for (std::size_t i = 0; i < n; ++i) {
    if (v[i] == x) return true;
  }
  return false;
}

}  // namespace

void check_label_names(const confusion_counts& counts, const std::vector<std::string>& labels) {
  if (labels.size() != counts.n_labels) {
    throw std::invalid_argument("metrics: " + std::to_string(labels.size()) + " label names for " +
                                std::to_string(counts.n_labels) + " categories");
  }
}

confusion_counts::confusion_counts(std::size_t labels)
    : n_labels(labels),
      tp(labels, 0),
      fp(labels, 0),
      fn(labels, 0),
      confusion(labels * labels, 0) {}

void confusion_counts::check_truth(const int* y, std::size_t ny) const {
  if (ny == 0) throw std::invalid_argument("metrics: a test post without labels");
  for (std::size_t i = 0; i < ny; ++i) {
    if (y[i] < 0 || static_cast<std::size_t>(y[i]) >= n_labels)
      throw std::invalid_argument("metrics: true label index out of range");
    if (contains(y, i, y[i])) throw std::invalid_argument("metrics: repeated true label");
  }
}

void confusion_counts::add_post(const int* y, std::size_t ny, const int* p, std::size_t np) {
  const auto valid = [this](int k) { return k >= 0 && static_cast<std::size_t>(k) < n_labels; };
  check_truth(y, ny);
  for (std::size_t i = 0; i < np; ++i) {
    if (!valid(p[i])) throw std::invalid_argument("metrics: predicted label index out of range");
    if (i > 0 && p[i - 1] >= p[i]) {
      throw std::invalid_argument("metrics: predicted set not ascending and distinct");
    }
  }

  if (n_labels > static_cast<std::size_t>(kMaxCategories))
    throw std::invalid_argument("metrics: more than 64 labels");
  std::uint64_t predicted = 0;
  for (std::size_t i = 0; i < np; ++i) predicted |= std::uint64_t{1} << p[i];
  add_predicted(y, ny, predicted, 1);
}

void confusion_counts::add_predicted(const int* y, std::size_t ny, std::uint64_t predicted,
                                     int amount) {
  // One post as a truth_view, counted by the rule every backend's sweep uses.
  const std::int32_t offsets[2] = {0, static_cast<std::int32_t>(ny)};
  const truth_view t{1, offsets, y};
  const auto K = static_cast<std::int64_t>(n_labels);
  const std::int64_t tail = 3 * K + K * K;
  add_prediction(t, 0, predicted, static_cast<int>(K), [&](std::int64_t i, int) {
    std::uint64_t* field = i < K       ? &tp[static_cast<std::size_t>(i)]
                           : i < 2 * K ? &fp[static_cast<std::size_t>(i - K)]
                           : i < 3 * K ? &fn[static_cast<std::size_t>(i - 2 * K)]
                           : i < tail  ? &confusion[static_cast<std::size_t>(i - 3 * K)]
                           : i == tail ? &n_exact
                                       : &n_posts;
    *field += static_cast<std::uint64_t>(static_cast<std::int64_t>(amount));
  });
}

void confusion_counts::merge(const confusion_counts& other) {
  if (other.n_labels != n_labels) {
    throw std::invalid_argument("metrics: merging counts over different label counts");
  }
  n_posts += other.n_posts;
  n_exact += other.n_exact;
  for (std::size_t k = 0; k < n_labels; ++k) {
    tp[k] += other.tp[k];
    fp[k] += other.fp[k];
    fn[k] += other.fn[k];
  }
  for (std::size_t i = 0; i < confusion.size(); ++i) confusion[i] += other.confusion[i];
}

std::vector<std::uint64_t> confusion_counts::study_matrix() const {
  std::vector<std::uint64_t> q = confusion;
  for (std::size_t i = 0; i < n_labels; ++i) {
    for (std::size_t j = 0; j < n_labels; ++j) {
      if (i != j && q[i * n_labels + j] > 1) q[i * n_labels + j] = 1;
    }
  }
  return q;
}

double f1_score(double p, double r) noexcept {
  const double s = p + r;
  if (s == 0.0) return 0.0;
  return ((2.0 * p) * r) / s;
}

metrics compute_metrics(const confusion_counts& counts) {
  const std::size_t L = counts.n_labels;
  metrics m;
  m.n_labels = L;
  m.n_posts = counts.n_posts;
  m.precision.resize(L);
  m.recall.resize(L);
  m.f1.resize(L);
  m.study_precision.resize(L);
  m.study_recall.resize(L);

  std::uint64_t sum_tp = 0, sum_fp = 0, sum_fn = 0;
  for (std::size_t k = 0; k < L; ++k) {
    m.precision[k] = ratio_or(counts.tp[k], counts.tp[k] + counts.fp[k], 0.0);
    m.recall[k] = ratio_or(counts.tp[k], counts.tp[k] + counts.fn[k], 0.0);
    m.f1[k] = f1_score(m.precision[k], m.recall[k]);
    sum_tp += counts.tp[k];
    sum_fp += counts.fp[k];
    sum_fn += counts.fn[k];
  }

  const std::vector<std::uint64_t> q = counts.study_matrix();
  for (std::size_t j = 0; j < L; ++j) {
    std::uint64_t colsum = 0, rowsum = 0;
    for (std::size_t i = 0; i < L; ++i) {
      colsum += q[i * L + j];
      rowsum += q[j * L + i];
    }
    const std::uint64_t diag = q[j * L + j];
    m.study_precision[j] = ratio_or(diag, colsum, 1.0);
    m.study_recall[j] = ratio_or(diag, rowsum, 1.0);
  }

  if (counts.n_posts == 0 || L == 0) return m;  // aggregates stay null

  m.macro_precision = mean(m.precision);
  m.macro_recall = mean(m.recall);
  m.macro_f1 = mean(m.f1);
  m.micro_precision = ratio_or(sum_tp, sum_tp + sum_fp, 0.0);
  m.micro_recall = ratio_or(sum_tp, sum_tp + sum_fn, 0.0);
  m.micro_f1 = f1_score(*m.micro_precision, *m.micro_recall);
  m.accuracy = static_cast<double>(counts.n_exact) / static_cast<double>(counts.n_posts);
  m.study_p = mean(m.study_precision);
  m.study_r = mean(m.study_recall);
  m.study_f1 = f1_score(*m.study_p, *m.study_r);
  return m;
}

}  // namespace qc
