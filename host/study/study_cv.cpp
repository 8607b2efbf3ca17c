#include "study/study_cv.hpp"

#include <iomanip>
#include <sstream>

#include "core/format_double.hpp"

namespace qc {

cv_table study_cross_validation(backend& be, const study_cv_inputs& in) {
  const training_result& t = *in.trained;
  const keyword_model& m = t.model;
  const auto folds =
      train_folds(*in.data, m, m.keywords_raw, *in.res, in.threads,
                  cross_validation_folds(in.data->labels, in.cv.folds, in.cv.repeats, in.cv.seed));
  const cv_train_result at_alpha = evaluate_folds(be, folds);
  nested_inputs ni;
  ni.data = in.data;
  ni.base = &m;
  ni.keywords = &m.keywords_raw;
  ni.res = in.res;
  ni.threads = in.threads;
  ni.cv = in.cv;
  ni.alphas = in.alphas;
  const nested_result nested = nested_cross_validation(be, ni, folds);

  cv_table table;
  const std::size_t n = folds.size();
  if (in.single_split)
    table.rows.push_back(cv_estimate{"single_split",
                                     format_double(m.alpha),
                                     1,
                                     metric_values_of(compute_metrics(*in.single_split)),
                                     {}});
  table.rows.push_back(cv_estimate{"cross_validation", format_double(m.alpha), n,
                                   at_alpha.summary.mean, at_alpha.summary.std});
  table.rows.push_back(cv_estimate{"nested", "", n, nested.estimate.mean, nested.estimate.std});
  table.rows.push_back(cv_estimate{"tuned_on_test",
                                   format_double(in.alphas.values[nested.tuned_best]), n,
                                   nested.tuned.mean, nested.tuned.std});
  return table;
}

void print_cv_estimates(std::ostream& out, const cv_table& t) {
  const std::size_t f1 = objective_index(sweep_objective::macro_f1);
  const std::size_t acc = objective_index(sweep_objective::accuracy);
  const auto cell = [&](const std::optional<double>& mean, const std::optional<double>& sd) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(4);
    if (mean) {
      os << *mean;
    } else {
      os << "-";
    }
    if (sd) os << " +- " << *sd;
    return os.str();
  };
  for (const cv_estimate& e : t.rows)
    out << "  " << std::left << std::setw(18) << e.estimate << std::right << " alpha "
        << std::setw(8) << (e.alpha.empty() ? std::string("per fold") : e.alpha) << ", "
        << std::setw(3) << e.folds << " results: macro F1 " << cell(e.mean[f1], e.std[f1])
        << ", accuracy " << cell(e.mean[acc], e.std[acc]) << "\n";
}

}  // namespace qc
