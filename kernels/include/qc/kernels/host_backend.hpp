// The host side of the CPU backends: a grid sweep as parts(), s0 and sweep()
// per configuration, and pipelined scoring computed in begin_scores() into
// host slots. The reference and threaded backends derive from it; the CUDA
// backend does not (it keeps its slots in pinned and device memory).
#pragma once
#include <cstdint>
#include <vector>

#include "qc/kernels/backend.hpp"

namespace qc {

class host_backend : public backend {
 public:
  void grid_sweep(const csr_view& m, const grid_config* configs, std::int64_t n_configs,
                  const truth_view& truth, const double* alphas, std::int64_t n_alphas,
                  tie_rule ties, std::uint64_t* counts) override;
  void begin_scores(int slot, const csr_view& m, const weights_view& w,
                    const double* norms) override;
  scores_view end_scores(int slot) override;

 private:
  struct host_slot {
    std::vector<std::int64_t> d, s1;
    std::vector<double> s0;
    scores_view view;
  };
  host_slot slots_[kScoreSlots];
};

}  // namespace qc
