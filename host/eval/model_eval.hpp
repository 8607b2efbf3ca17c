// A saved model evaluated on labeled posts (`qclass eval`): all of them, or
// only those of the model's own test or train ids.
#pragma once
#include <cstddef>
#include <string>

#include "eval/classifier_uncertainty.hpp"
#include "eval/metrics.hpp"
#include "model/keyword_model.hpp"
#include "qc/kernels/backend.hpp"
#include "train/training.hpp"

namespace qc {

enum class eval_part { all, test, train };
eval_part parse_eval_part(const std::string& s);  // "all" | "test" | "train"; usage_error else

struct model_evaluation {
  confusion_counts counts;
  std::size_t rows = 0;   // labeled posts evaluated
  evaluated_posts posts;  // each one's truth and predicted set (what --bootstrap resamples)
};

// Scores the labeled rows of `data` in `part` with `m` at `alpha`. Throws
// parse_error (file:line) for a label that is not one of the model's.
model_evaluation evaluate_model(backend& be, const keyword_model& m, const labeled_data& data,
                                eval_part part, double alpha, unsigned threads);

// A trained model on its test part, at its alpha (what `qclass train`
// reports): the counts of evaluate_test_part with the posts behind them.
model_evaluation evaluate_trained_test_part(backend& be, const training_result& t);

}  // namespace qc
