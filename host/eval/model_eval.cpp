#include "eval/model_eval.hpp"

#include <map>
#include <set>
#include <vector>

#include "qc/core/error.hpp"

namespace qc {

eval_part parse_eval_part(const std::string& s) {
  if (s == "all") return eval_part::all;
  if (s == "test") return eval_part::test;
  if (s == "train") return eval_part::train;
  throw usage_error("part must be all, test or train (got '" + s + "')");
}

model_evaluation evaluate_model(backend& be, const keyword_model& m, const labeled_data& data,
                                eval_part part, double alpha, unsigned threads) {
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < m.labels.size(); ++k) index[m.labels[k]] = static_cast<int>(k);
  std::set<std::string> wanted;
  if (part == eval_part::test) wanted.insert(m.test_ids.begin(), m.test_ids.end());
  if (part == eval_part::train) wanted.insert(m.train_ids.begin(), m.train_ids.end());
  std::vector<std::vector<int>> label_index(data.labels.size());
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < data.labels.size(); ++r) {
    if (data.labels[r].empty()) continue;
    if (part != eval_part::all && !wanted.count(data.ids[r])) continue;
    for (const auto& l : data.labels[r]) {
      const auto it = index.find(l);
      if (it == index.end())
        throw parse_error(data.where[r], 0,
                          "label '" + l + "' is not one of the model's categories");
      label_index[r].push_back(it->second);
    }
    rows.push_back(r);
  }
  const term_matrix all = term_matrix::build(data.corpus, m.vocab, threads);
  const term_matrix mat = all.select_rows(rows);
  const row_scores s = score_rows(be, mat, m.weights());
  model_evaluation out;
  out.counts = evaluate(be, s, make_truth(label_index, rows), alpha, m.ties);
  out.rows = rows.size();
  return out;
}

}  // namespace qc
