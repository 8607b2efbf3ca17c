// The exact best alpha of a sweep (DEFINITIONS.md 8, "Exact best α over
// [START, STOP]").
//
// Every score is the line s0_k + α·S1_k, with s0_k taken as the exact
// rational value of its double. Per post, the prediction as a function of α
// is constant between the crossings of its lines, so the interval splits into
// pieces (the points of the pooled breakpoint set B and the open intervals
// between neighbours) on which every post's prediction, and hence every
// metric, is constant. All of this is computed in exact rational arithmetic
// (GMP); only the metrics of each piece are doubles, from compute_metrics.
//
// Cost: per post, O(K^2) exact operations for its crossings and its upper
// envelope; then one left-to-right pass over the pieces that updates the
// confusion counts only where some post's prediction changes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/fraction.hpp"
#include "eval/metrics.hpp"
#include "eval/objective.hpp"

namespace qc {

struct envelope_input {
  std::size_t n_posts = 0;
  int n_cats = 0;                                        // K = L, 1..64
  const double* s0 = nullptr;                            // [n_posts * K]: s0_k of each post
  const std::int64_t* s1 = nullptr;                      // [n_posts * K]: S1_k of each post
  const std::vector<std::vector<int>>* truth = nullptr;  // Y of each post (n_posts entries)
  bool ties_all = false;  // false: lowest index among the tied; true: all tied
  fraction start;         // the sweep interval [start, stop], start <= stop
  fraction stop;
  sweep_objective objective = sweep_objective::macro_f1;
};

// One piece of the sweep interval, in order from left to right.
struct envelope_piece {
  fraction lo, hi;     // exact bounds; equal for a point
  fraction at;         // where it was evaluated: the point itself, or the midpoint
  bool point = false;  // a point of B, else the open interval (lo, hi)
  double value = 0.0;  // the objective on this piece
  confusion_counts counts;
};

struct envelope_result {
  // The best run: the leftmost piece with the maximum value, extended to the
  // right over neighbouring pieces with the same value. Its exact ends; an
  // end is closed when the piece there is a point.
  fraction lo, hi;
  bool lo_closed = false, hi_closed = false;
  // lo when the run is a single point, else (lo + hi)/2; rounded once to the
  // nearest double (ties to even).
  double alpha = 0.0;
  // Whether alpha's own (exact) value lies in the run. False only when the
  // rounding moves it out: a single point that is not a double (such as 1/3),
  // or a run narrower than the spacing of doubles there.
  bool alpha_in_run = false;
  // The objective and the counts at the exact α above (lo, or the exact
  // midpoint), which lies in the run: value is the maximum.
  double value = 0.0;
  confusion_counts counts;
  std::size_t n_breakpoints = 0;  // |B|, START and STOP included
  std::size_t n_pieces = 0;       // 2|B| - 1
  std::size_t n_best_runs = 0;    // maximal runs of consecutive pieces with the maximum value
};

// Finds the exact best α of DEFINITIONS.md 8. When `pieces` is given, it is
// filled with every piece (for tests and diagnostics; costly on big inputs).
// Throws qc::usage_error when there are no posts ("sweep needs at least one
// test post"), when start > stop, when K is outside 1..64 or when an s0 is not
// finite; std::invalid_argument when a pointer is null, the truth list has
// the wrong size, or a label list is invalid (as confusion_counts::add_post).
envelope_result exact_best_alpha(const envelope_input& in,
                                 std::vector<envelope_piece>* pieces = nullptr);

// The exact prediction of one post at α = `alpha`: bit k set for each
// predicted category, one bit for ties_all == false (the lowest index among
// the exactly tied maxima). K must be in 1..64 (else qc::usage_error).
std::uint64_t exact_prediction(const double* s0, const std::int64_t* s1, int n_cats,
                               const fraction& alpha, bool ties_all);

}  // namespace qc
