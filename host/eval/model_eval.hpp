// A saved model evaluated on labeled posts (`qclass eval`): all of them, or
// only those of the model's own test or train ids.
#pragma once
#include <cstddef>
#include <string>

#include "eval/metrics.hpp"
#include "model/keyword_model.hpp"
#include "qc/kernels/backend.hpp"
#include "train/training.hpp"

namespace qc {

enum class eval_part { all, test, train };
eval_part parse_eval_part(const std::string& s);  // "all" | "test" | "train"; usage_error else

struct model_evaluation {
  confusion_counts counts;
  std::size_t rows = 0;  // labeled posts evaluated
};

// Scores the labeled rows of `data` in `part` with `m` at `alpha`. Throws
// parse_error (file:line) for a label that is not one of the model's.
model_evaluation evaluate_model(backend& be, const keyword_model& m, const labeled_data& data,
                                eval_part part, double alpha, unsigned threads);

}  // namespace qc
