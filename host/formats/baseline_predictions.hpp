// The per-post predictions `qclass baseline --predictions` writes (CSV):
// id,labels,keyword,tfidf_svm, one row per test post; several categories
// in one field are joined by '|'.
#pragma once
#include <string>
#include <vector>

#include "train/tfidf_svm.hpp"
#include "train/training.hpp"

namespace qc {

// ids: every post's id as JSON text (labeled_data::ids), indexed like
// t.label_index; b: the comparison on t's test rows.
std::string baseline_predictions_csv(const training_result& t, const std::vector<std::string>& ids,
                                     const baseline_comparison& b);

}  // namespace qc
