#include "eval/envelope.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "qc/core/error.hpp"
#include "qc/kernels/keyword_score.hpp"

namespace qc {
namespace {

// ------------------------------------------------------------ one post, exact

// The exact scores of one post, reused from post to post.
struct post_scratch {
  explicit post_scratch(int k)
      : s0(static_cast<std::size_t>(k)), val(static_cast<std::size_t>(k)) {}
  std::vector<fraction> s0;   // exact s0_k
  std::vector<fraction> val;  // exact score_k at some α
  fraction x, best;
};

void load_s0(post_scratch& ps, const double* s0, int K) {
  for (int k = 0; k < K; ++k) {
    if (!std::isfinite(s0[k])) throw usage_error("sweep: a score part s0 is not finite");
    ps.s0[static_cast<std::size_t>(k)] = s0[k];
  }
}

// The categories tied at the maximum of s0_k + a·S1_k, as a bit mask.
std::uint64_t exact_top_set(post_scratch& ps, const std::int64_t* s1, int K, const fraction& a) {
  std::size_t best = 0;
  for (int k = 0; k < K; ++k) {
    const auto uk = static_cast<std::size_t>(k);
    ps.val[uk] = a * static_cast<long>(s1[k]);
    ps.val[uk] += ps.s0[uk];
    if (k > 0 && ps.val[uk] > ps.val[best]) best = uk;
  }
  std::uint64_t set = 0;
  for (int k = 0; k < K; ++k) {
    if (ps.val[static_cast<std::size_t>(k)] == ps.val[best]) set |= std::uint64_t{1} << k;
  }
  return set;
}

int lowest_bit(std::uint64_t set) noexcept {
  int k = 0;
  while ((set & (std::uint64_t{1} << k)) == 0) ++k;
  return k;
}

std::uint64_t apply_rule(std::uint64_t set, bool ties_all) noexcept {
  return ties_all ? set : std::uint64_t{1} << lowest_bit(set);
}

void check_categories(int K) {
  if (K < 1 || K > kMaxCategories) {
    throw usage_error("sweep: the number of categories must be 1.." +
                      std::to_string(kMaxCategories) + ", not " + std::to_string(K));
  }
}

void check_input(const envelope_input& in) {
  if (in.n_posts == 0) throw usage_error("sweep needs at least one test post");
  check_categories(in.n_cats);
  if (in.start > in.stop) {
    throw usage_error("sweep: START " + to_string(in.start) + " is above STOP " +
                      to_string(in.stop));
  }
  if (in.s0 == nullptr || in.s1 == nullptr || in.truth == nullptr) {
    throw std::invalid_argument("exact_best_alpha: null input");
  }
  if (in.truth->size() != in.n_posts) {
    throw std::invalid_argument("exact_best_alpha: " + std::to_string(in.truth->size()) +
                                " label lists for " + std::to_string(in.n_posts) + " posts");
  }
  const confusion_counts labels(static_cast<std::size_t>(in.n_cats));
  for (const std::vector<int>& y : *in.truth) labels.check_truth(y.data(), y.size());
}

// ------------------------------------------------------------ breakpoints

// B: the sorted, distinct breakpoints, each with a sort key (its value
// truncated to a double, which is monotone, so keys that differ order their
// fractions and only equal keys need an exact comparison).
struct breakpoints {
  std::vector<fraction> points;
  std::vector<double> keys;

  std::size_t size() const noexcept { return points.size(); }
  // The index of q, which must be in B.
  std::size_t find(const fraction& q) const {
    const double kq = q.get_d();
    std::size_t lo = 0, hi = points.size();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const int c = keys[mid] != kq ? (keys[mid] < kq ? -1 : 1) : cmp(points[mid], q);
      if (c == 0) return mid;
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    throw std::logic_error("envelope: a crossing is missing from the breakpoint set");
  }
};

// Where a double estimate of a crossing is surely outside [START, STOP]: the
// estimate is within a relative 4e-16 of the exact value, far less than the
// margin.
struct crossing_cut {
  double lo, hi;
};

// Adds one post's crossings α* = (s0_k - s0_j) / (S1_j - S1_k) that lie
// strictly inside (start, stop).
void add_crossings(post_scratch& ps, const std::int64_t* s1, const double* s0, int K,
                   const envelope_input& in, crossing_cut cut, std::vector<fraction>& pool) {
  for (int j = 0; j < K; ++j) {
    for (int k = j + 1; k < K; ++k) {
      if (s1[j] == s1[k]) continue;
      const double estimate = (s0[k] - s0[j]) / static_cast<double>(s1[j] - s1[k]);
      if (!(estimate > cut.lo && estimate < cut.hi)) continue;
      ps.x = ps.s0[static_cast<std::size_t>(k)] - ps.s0[static_cast<std::size_t>(j)];
      ps.x /= static_cast<long>(s1[j] - s1[k]);
      if (ps.x > in.start && ps.x < in.stop) pool.push_back(ps.x);
    }
  }
}

// Sorts the pooled crossings (with START and STOP) into B.
breakpoints sort_breakpoints(std::vector<fraction> pool) {
  std::vector<std::pair<double, std::size_t>> keyed(pool.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) keyed[i] = {pool[i].get_d(), i};
  const auto three_way = [&](const std::pair<double, std::size_t>& a,
                             const std::pair<double, std::size_t>& b) {
    if (a.first != b.first) return a.first < b.first ? -1 : 1;
    // Equal keys mostly mean equal values (the same crossing in many posts).
    return cmp(pool[a.second], pool[b.second]);
  };
  std::sort(keyed.begin(), keyed.end(),
            [&](const auto& a, const auto& b) { return three_way(a, b) < 0; });
  keyed.erase(std::unique(keyed.begin(), keyed.end(),
                          [&](const auto& a, const auto& b) { return three_way(a, b) == 0; }),
              keyed.end());
  breakpoints b;
  b.points.reserve(keyed.size());
  b.keys.reserve(keyed.size());
  for (const auto& [key, i] : keyed) {
    b.points.push_back(std::move(pool[i]));
    b.keys.push_back(key);
  }
  return b;
}

breakpoints collect_breakpoints(const envelope_input& in, post_scratch& ps) {
  const auto uK = static_cast<std::size_t>(in.n_cats);
  const double start_d = to_double(in.start), stop_d = to_double(in.stop);
  const crossing_cut cut{start_d - 1e-9 * (1.0 + std::fabs(start_d)),
                         stop_d + 1e-9 * (1.0 + std::fabs(stop_d))};
  std::vector<fraction> pool{in.start};
  if (in.stop != in.start) pool.push_back(in.stop);
  for (std::size_t i = 0; i < in.n_posts; ++i) {
    load_s0(ps, in.s0 + i * uK, in.n_cats);
    add_crossings(ps, in.s1 + i * uK, in.s0 + i * uK, in.n_cats, in, cut, pool);
  }
  return sort_breakpoints(std::move(pool));
}

// ------------------------------------------------------------ upper envelopes

// A post's prediction changes to `mask` from piece `piece` on. Piece 2g is
// the point B_g, piece 2g+1 the open interval (B_g, B_g+1).
struct change {
  std::size_t piece;
  std::size_t post;
  std::uint64_t mask;
};

struct prediction_walk {
  std::vector<std::uint64_t> initial;  // each post's prediction at START
  std::vector<change> changes;         // by piece, then post
};

// The first α where a line steeper than `slope` reaches line t (into
// ps.best); false when there is none.
bool next_crossing(post_scratch& ps, const std::int64_t* s1, int K, std::size_t t,
                   std::int64_t slope) {
  bool found = false;
  for (int k = 0; k < K; ++k) {
    if (s1[k] <= slope) continue;
    ps.x = ps.s0[t] - ps.s0[static_cast<std::size_t>(k)];
    ps.x /= static_cast<long>(s1[k] - slope);
    if (!found || ps.x < ps.best) {
      ps.best.swap(ps.x);
      found = true;
    }
  }
  return found;
}

// Walks post i's upper envelope from START to STOP: its prediction at START,
// then only the pieces where it changes.
void walk_post(const envelope_input& in, std::size_t i, const breakpoints& B, post_scratch& ps,
               prediction_walk& w) {
  const int K = in.n_cats;
  const std::int64_t* s1 = in.s1 + i * static_cast<std::size_t>(K);
  load_s0(ps, in.s0 + i * static_cast<std::size_t>(K), K);
  const std::size_t M = B.size();
  std::uint64_t current = 0;
  const auto record = [&](std::size_t piece, std::uint64_t top) {
    const std::uint64_t mask = apply_rule(top, in.ties_all);
    if (piece == 0) {
      w.initial[i] = mask;
    } else if (mask != current) {
      w.changes.push_back({piece, i, mask});
    }
    current = mask;
  };
  std::uint64_t top = exact_top_set(ps, s1, K, in.start);
  record(0, top);
  for (std::size_t g = 0; g + 1 < M;) {
    // On (B_g, next crossing) the winners are the tied lines of steepest
    // slope; lines tied with them there are identical to them.
    std::int64_t slope = std::numeric_limits<std::int64_t>::min();
    for (int k = 0; k < K; ++k)
      if ((top >> k) & 1) slope = std::max(slope, s1[k]);
    std::uint64_t steep = 0;
    for (int k = 0; k < K; ++k)
      if (((top >> k) & 1) && s1[k] == slope) steep |= std::uint64_t{1} << k;
    record(2 * g + 1, steep);
    const auto t = static_cast<std::size_t>(lowest_bit(steep));
    if (!next_crossing(ps, s1, K, t, slope) || ps.best >= in.stop) break;
    g = B.find(ps.best);
    top = exact_top_set(ps, s1, K, ps.best);
    record(2 * g, top);
  }
  if (M > 1) record(2 * M - 2, exact_top_set(ps, s1, K, in.stop));
}

prediction_walk walk_envelopes(const envelope_input& in, const breakpoints& B, post_scratch& ps) {
  prediction_walk w;
  w.initial.resize(in.n_posts);
  for (std::size_t i = 0; i < in.n_posts; ++i) walk_post(in, i, B, ps, w);
  std::sort(w.changes.begin(), w.changes.end(), [](const change& a, const change& b) {
    return a.piece != b.piece ? a.piece < b.piece : a.post < b.post;
  });
  return w;
}

// ------------------------------------------------------------ the pieces

void count_post(confusion_counts& c, const std::vector<int>& y, std::uint64_t mask, int amount) {
  c.add_predicted(y.data(), y.size(), mask, amount);
}

// The objective in m; null only without test posts.
double objective_of(const metrics& m, sweep_objective objective) {
  const std::optional<double> v = objective_value(m, objective);
  if (!v) throw usage_error("sweep needs at least one test post");
  return *v;
}

envelope_piece make_piece(const breakpoints& B, std::size_t p, double value,
                          const confusion_counts& counts) {
  envelope_piece piece;
  piece.point = p % 2 == 0;
  piece.lo = B.points[p / 2];
  piece.hi = piece.point ? piece.lo : B.points[p / 2 + 1];
  piece.at = piece.point ? piece.lo : fraction((piece.lo + piece.hi) / 2);
  piece.value = value;
  piece.counts = counts;
  return piece;
}

// The objective on every piece, left to right, recomputing the metrics only
// where some prediction changed. Fills `pieces` when given.
std::vector<double> piece_values(const envelope_input& in, const breakpoints& B,
                                 const prediction_walk& w, std::vector<envelope_piece>* pieces) {
  const std::vector<std::vector<int>>& truth = *in.truth;
  const std::size_t n_pieces = 2 * B.size() - 1;
  if (pieces) {
    pieces->clear();
    pieces->reserve(n_pieces);
  }
  std::vector<double> values(n_pieces);
  confusion_counts counts(static_cast<std::size_t>(in.n_cats));
  for (std::size_t i = 0; i < in.n_posts; ++i) count_post(counts, truth[i], w.initial[i], 1);
  std::vector<std::uint64_t> current = w.initial;
  std::size_t next = 0;
  double value = objective_of(compute_metrics(counts), in.objective);
  for (std::size_t p = 0; p < n_pieces; ++p) {
    const std::size_t first_change = next;
    for (; next < w.changes.size() && w.changes[next].piece == p; ++next) {
      const change& ch = w.changes[next];
      count_post(counts, truth[ch.post], current[ch.post], -1);
      count_post(counts, truth[ch.post], ch.mask, 1);
      current[ch.post] = ch.mask;
    }
    if (next != first_change) value = objective_of(compute_metrics(counts), in.objective);
    values[p] = value;
    if (pieces) pieces->push_back(make_piece(B, p, value, counts));
  }
  return values;
}

// ------------------------------------------------------------ the best run

struct best_run {
  std::size_t first = 0, last = 0;  // pieces
  std::size_t runs = 0;             // maximal runs with the maximum value
};

best_run find_best_run(const std::vector<double>& values) {
  const double best = *std::max_element(values.begin(), values.end());
  best_run r;
  while (values[r.first] != best) ++r.first;
  r.last = r.first;
  while (r.last + 1 < values.size() && values[r.last + 1] == best) ++r.last;
  for (std::size_t p = 0; p < values.size(); ++p) {
    if (values[p] == best && (p == 0 || values[p - 1] != best)) ++r.runs;
  }
  return r;
}

// The counts on piece `at_piece`: every post's prediction there, counted afresh.
confusion_counts counts_at(const envelope_input& in, const prediction_walk& w,
                           std::size_t at_piece) {
  std::vector<std::uint64_t> current = w.initial;
  for (std::size_t c = 0; c < w.changes.size() && w.changes[c].piece <= at_piece; ++c) {
    current[w.changes[c].post] = w.changes[c].mask;
  }
  confusion_counts counts(static_cast<std::size_t>(in.n_cats));
  for (std::size_t i = 0; i < in.n_posts; ++i) count_post(counts, (*in.truth)[i], current[i], 1);
  return counts;
}

envelope_result describe_run(const envelope_input& in, const breakpoints& B,
                             const prediction_walk& w, const std::vector<double>& values,
                             const best_run& run) {
  envelope_result r;
  r.lo = B.points[run.first / 2];
  r.hi = B.points[run.last % 2 == 0 ? run.last / 2 : run.last / 2 + 1];
  r.lo_closed = run.first % 2 == 0;
  r.hi_closed = run.last % 2 == 0;
  r.n_breakpoints = B.size();
  r.n_pieces = values.size();
  r.n_best_runs = run.runs;

  // α exactly: lo for a single point, else the midpoint; and its piece.
  std::size_t at_piece = run.first;
  fraction mid = r.lo;
  if (run.first != run.last || !r.lo_closed) {
    mid = (r.lo + r.hi) / 2;
    std::size_t g = run.first / 2;
    while (g + 1 < B.size() && B.points[g + 1] <= mid) ++g;
    at_piece = B.points[g] == mid ? 2 * g : 2 * g + 1;
  }
  r.alpha = to_double(mid);
  const fraction a(r.alpha);
  r.alpha_in_run =
      (a > r.lo || (a == r.lo && r.lo_closed)) && (a < r.hi || (a == r.hi && r.hi_closed));
  r.value = values[at_piece];
  r.counts = counts_at(in, w, at_piece);
  return r;
}

}  // namespace

// ------------------------------------------------------------------ the sweep

std::uint64_t exact_prediction(const double* s0, const std::int64_t* s1, int n_cats,
                               const fraction& alpha, bool ties_all) {
  check_categories(n_cats);
  post_scratch ps(n_cats);
  load_s0(ps, s0, n_cats);
  return apply_rule(exact_top_set(ps, s1, n_cats, alpha), ties_all);
}

envelope_result exact_best_alpha(const envelope_input& in, std::vector<envelope_piece>* pieces) {
  check_input(in);
  post_scratch ps(in.n_cats);
  const breakpoints B = collect_breakpoints(in, ps);
  const prediction_walk w = walk_envelopes(in, B, ps);
  const std::vector<double> values = piece_values(in, B, w, pieces);
  return describe_run(in, B, w, values, find_best_run(values));
}

}  // namespace qc
