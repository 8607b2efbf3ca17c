// The study's cross-validation (`study --folds`): the keyword classifier at
// the model's alpha over stratified folds, and nested cross-validation of
// alpha over the study's grid with the figure tuned on the test folds, beside
// the single split. The report shows the table (cross_validation.csv).
#pragma once
#include <optional>
#include <ostream>

#include "eval/alpha_grid.hpp"
#include "eval/cross_validation.hpp"
#include "formats/cv_csv.hpp"

namespace qc {

struct study_cv_inputs {
  const labeled_data* data = nullptr;
  const training_result* trained = nullptr;  // the single split's run: settings, keywords
  const text_resources* res = nullptr;
  unsigned threads = 0;
  cv_spec cv;
  alpha_grid alphas;
  std::optional<confusion_counts> single_split;  // its test counts at the model's alpha
};

// The four estimates (single_split when given, cross_validation, nested,
// tuned_on_test) of the default objective, standard macro F1.
cv_table study_cross_validation(backend& be, const study_cv_inputs& in);

// One line per estimate: macro F1 and accuracy, mean +- std.
void print_cv_estimates(std::ostream& out, const cv_table& t);

}  // namespace qc
