// Hyper-parameter sweeps (DEFINITIONS.md 8): every (top-K, norm, manual
// scope, alpha) grid point evaluated on the test part, plus the exact best
// alpha over the continuous interval for the best configuration.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "eval/alpha_grid.hpp"
#include "eval/envelope.hpp"
#include "train/training.hpp"

namespace qc {

struct sweep_spec {
  alpha_grid alphas;
  std::vector<std::size_t> top_ks;
  std::vector<norm_kind> norms;
  std::vector<manual_scope> scopes;
  tie_rule ties = tie_rule::lowest;
  sweep_objective objective = sweep_objective::macro_f1;
  bool exact = true;  // also compute the exact best alpha (envelope)
};

// One grid point: its settings and the aggregate metrics the table shows
// (std::nullopt: undefined). Per-category counts are kept for the best
// point only (sweep_result::best_counts), so a grid of millions of points
// needs about 150 bytes each.
struct sweep_point {
  std::size_t top_k = 0;
  norm_kind norm = norm_kind::l2;
  manual_scope scope = manual_scope::topk;
  double alpha = 0;
  std::optional<double> precision, recall, f1, accuracy;  // macro averages; accuracy
  std::optional<double> study_precision, study_recall;    // the study's metric
  std::optional<double> value;                            // the objective
};

struct sweep_result {
  std::vector<sweep_point> points;       // grid order: top_k, norm, scope, alpha
  std::size_t best = 0;                  // leftmost maximum of the objective
  confusion_counts best_counts;          // the best point's counts
  std::optional<envelope_result> exact;  // for the best point's configuration
};

// The configurations of the grid for top-Ks [t0, t1) of spec, in grid order
// (top-K, norm, scope), ready for backend::grid_sweep: the weight sets (one
// per top-K and scope; the norms share it), every configuration's norms, and
// the views on them (valid while the batch lives, also after a move).
struct grid_batch {
  std::vector<dense_weights> sets;
  std::vector<std::vector<double>> norms;
  std::vector<grid_config> configs;
  std::vector<sweep_point> heads;  // top_k, norm and scope of each configuration
};
grid_batch make_grid_batch(const training_result& t, const sweep_spec& spec, std::size_t t0,
                           std::size_t t1);

// Called as the grid points' counts come in, with the number done so far
// (for a progress meter).
using sweep_progress = std::function<void(std::size_t points_done)>;

// Throws usage_error when the test part is empty.
sweep_result run_sweep(backend& be, const training_result& t, const sweep_spec& spec,
                       const sweep_progress& progress = {});

// The sweep split by rows (a distributed sweep): the integer counts of every
// grid point on the test rows t.test_rows[r0, r1), [points x
// counts_stride(K)] in grid order. Counts add over rows, so the counts of
// ranges that tile [0, test_rows.size()) sum to those of the whole test part.
std::vector<std::uint64_t> sweep_counts(backend& be, const training_result& t,
                                        const sweep_spec& spec, std::size_t r0, std::size_t r1);
// The number of grid points of spec.
std::size_t grid_points(const sweep_spec& spec);
// The table run_sweep returns, from the whole test part's counts (summed
// sweep_counts): the same points, best point and exact best alpha.
// Throws usage_error when the test part is empty or counts has the wrong size.
sweep_result sweep_from_counts(backend& be, const training_result& t, const sweep_spec& spec,
                               const std::vector<std::uint64_t>& counts);

}  // namespace qc
