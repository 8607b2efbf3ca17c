#include "formats/baseline_predictions.hpp"

#include "formats/csv_text.hpp"
#include "formats/predictions.hpp"

namespace qc {
namespace {

// The categories' names joined by '|', as one CSV field.
std::string names_field(const std::vector<std::string>& labels, const std::vector<int>& ks) {
  std::string o;
  for (int k : ks) {
    if (!o.empty()) o += '|';
    o += labels[static_cast<std::size_t>(k)];
  }
  std::string field;
  append_csv_field(field, o);
  return field;
}

std::vector<int> set_members(std::uint64_t set, int n_cats) {
  std::vector<int> ks;
  for (int k = 0; k < n_cats; ++k)
    if ((set >> k) & 1u) ks.push_back(k);
  return ks;
}

}  // namespace

std::string baseline_predictions_csv(const training_result& t, const std::vector<std::string>& ids,
                                     const baseline_comparison& b) {
  const std::vector<std::string>& labels = t.model.labels;
  const int K = static_cast<int>(labels.size());
  std::string o = "id,labels,keyword,tfidf_svm\n";
  for (std::size_t i = 0; i < t.test_rows.size(); ++i) {
    const std::size_t r = t.test_rows[i];
    append_csv_field(o, id_text(ids[r]));
    o += ',' + names_field(labels, t.label_index[r]) + ',' +
         names_field(labels, set_members(b.keyword_predicted[i], K)) + ',' +
         names_field(labels, {b.svm.predicted[i]}) + '\n';
  }
  return o;
}

}  // namespace qc
