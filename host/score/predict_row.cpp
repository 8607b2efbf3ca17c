#include "score/predict_row.hpp"

#include "qc/kernels/keyword_score.hpp"

namespace qc {

scored_post predict_row(const double* s0, const std::int64_t* d, const std::int64_t* s1,
                        double alpha, int K) {
  scored_post p;
  p.best = argmax_lowest(s0, s1, alpha, K);
  p.score = score_of(s0[p.best], alpha, s1[p.best]);
  p.tied = argmax_all(s0, s1, alpha, K);
  p.no_evidence = no_evidence(d, s1, K);
  double second = 0;
  for (int k = 0; k < K; ++k) {
    if (k == p.best) continue;
    const double s = score_of(s0[k], alpha, s1[k]);
    if (p.runner_up < 0 || s > second) {
      p.runner_up = k;
      second = s;
    }
  }
  if (p.runner_up >= 0) p.margin = p.score - second;
  return p;
}

}  // namespace qc
