// tf-idf features and liblinear's linear SVM (see tfidf_svm.hpp).
#include "train/tfidf_svm.hpp"

#include <linear.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>

#include "qc/core/error.hpp"
#include "qc/kernels/grid_sweep.hpp"

namespace qc {
namespace {

void quiet(const char*) {}

struct model_deleter {
  void operator()(model* m) const { free_and_destroy_model(&m); }
};

// tf-idf features: the words seen in the train posts, with their idf.
struct tfidf_features {
  std::vector<int> feature;  // 1-based liblinear index, 0 = not a feature
  std::vector<double> idf;
  int n_features = 0;

  tfidf_features(const csr_view& v, const std::vector<std::size_t>& train_rows) {
    // Document frequencies over the train posts.
    std::vector<std::uint32_t> df(static_cast<std::size_t>(v.n_cols), 0);
    for (std::size_t r : train_rows)
      for (std::int64_t e = v.row_begin(static_cast<std::int64_t>(r));
           e < v.row_end(static_cast<std::int64_t>(r)); ++e)
        ++df[static_cast<std::size_t>(v.col_idx[e])];
    feature.assign(df.size(), 0);
    idf.assign(df.size(), 0.0);
    const double n = static_cast<double>(train_rows.size());
    for (std::size_t w = 0; w < df.size(); ++w) {
      if (df[w] == 0) continue;
      feature[w] = ++n_features;
      idf[w] = std::log((1.0 + n) / (1.0 + static_cast<double>(df[w]))) + 1.0;
    }
  }

  // Appends row r as a liblinear feature list: tf-idf, L2-normalized, then
  // the bias feature, then the terminator (index -1). Returns where it starts.
  std::size_t append_row(const csr_view& v, std::size_t r, std::vector<feature_node>& nodes) const {
    const std::size_t first = nodes.size();
    double sq = 0;
    for (std::int64_t e = v.row_begin(static_cast<std::int64_t>(r));
         e < v.row_end(static_cast<std::int64_t>(r)); ++e) {
      const auto w = static_cast<std::size_t>(v.col_idx[e]);
      if (!feature[w]) continue;
      const double x = static_cast<double>(v.values[e]) * idf[w];
      nodes.push_back(feature_node{feature[w], x});
      sq += x * x;
    }
    if (sq > 0) {
      const double norm = std::sqrt(sq);
      for (std::size_t i = first; i < nodes.size(); ++i) nodes[i].value /= norm;
    }
    nodes.push_back(feature_node{n_features + 1, 1.0});  // intercept
    nodes.push_back(feature_node{-1, 0.0});
    return first;
  }
};

// liblinear's L2-loss SVM (dual) on the problem; deterministic.
std::unique_ptr<model, model_deleter> train_svm(const problem& prob, const svm_options& opts) {
  parameter param{};
  param.solver_type = L2R_L2LOSS_SVC_DUAL;
  param.C = opts.C;
  param.eps = opts.tolerance;
  if (const char* why = check_parameter(&prob, &param))
    throw usage_error(std::string("svm: ") + why);
  std::unique_ptr<model, model_deleter> svm;
  static std::mutex rand_lock;  // liblinear shuffles with rand()
  std::lock_guard<std::mutex> lk(rand_lock);
  set_print_string_function(quiet);
  std::srand(1);
  svm.reset(::train(&prob, &param));
  return svm;
}

}  // namespace

tfidf_svm_result train_tfidf_svm(const term_matrix& m,
                                 const std::vector<std::vector<int>>& label_index,
                                 const std::vector<std::size_t>& train_rows,
                                 const std::vector<std::size_t>& test_rows, std::size_t n_labels,
                                 const svm_options& opts) {
  if (train_rows.empty()) throw usage_error("the baseline needs labeled train posts");
  const csr_view v = m.view();
  const tfidf_features f(v, train_rows);
  std::vector<feature_node> nodes;
  std::vector<std::size_t> starts;
  std::vector<double> y;
  for (std::size_t r : train_rows) {
    if (label_index[r].empty()) throw error("a train post without labels");
    starts.push_back(f.append_row(v, r, nodes));
    y.push_back(label_index[r][0]);
  }
  std::vector<feature_node*> x;
  for (std::size_t s : starts) x.push_back(nodes.data() + s);

  problem prob{};
  prob.l = static_cast<int>(train_rows.size());
  prob.n = f.n_features + 1;
  prob.y = y.data();
  prob.x = x.data();
  prob.bias = -1;  // the bias feature is already in every row
  const std::unique_ptr<model, model_deleter> svm = train_svm(prob, opts);

  tfidf_svm_result out;
  out.n_features = static_cast<std::size_t>(f.n_features);
  out.counts = confusion_counts(n_labels);
  for (std::size_t r : test_rows) {
    nodes.clear();
    f.append_row(v, r, nodes);
    const int k = static_cast<int>(predict(svm.get(), nodes.data()));
    out.predicted.push_back(k);
    out.counts.add_post(label_index[r], {k});
  }
  return out;
}

baseline_comparison compare_with_baseline(backend& be, const training_result& t,
                                          const svm_options& opts) {
  if (t.test_rows.empty())
    throw usage_error("the baseline comparison needs a test part: use --split below 1");
  baseline_comparison b;
  const term_matrix test = t.matrix.select_rows(t.test_rows);
  const row_scores s = score_rows(be, test, t.model.weights());
  b.keyword = evaluate(be, s, make_truth(t.label_index, t.test_rows), t.model.alpha, t.model.ties);
  b.keyword_predicted = predicted_sets(s, t.model.alpha, t.model.ties);
  b.svm = train_tfidf_svm(t.matrix, t.label_index, t.train_rows, t.test_rows, t.model.labels.size(),
                          opts);
  return b;
}

paired_uncertainty baseline_uncertainty(const training_result& t, const baseline_comparison& b,
                                        const bootstrap_spec& spec) {
  const std::size_t L = t.model.labels.size();
  std::vector<std::uint64_t> svm_sets;
  svm_sets.reserve(b.svm.predicted.size());
  for (int k : b.svm.predicted) svm_sets.push_back(std::uint64_t{1} << k);
  return compare_paired(make_evaluated(L, t.label_index, t.test_rows, b.keyword_predicted),
                        make_evaluated(L, t.label_index, t.test_rows, std::move(svm_sets)), spec,
                        sweep_objective::macro_f1);
}

}  // namespace qc
