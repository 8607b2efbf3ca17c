// The threaded CPU backend ("cpu"): the same functors as the reference,
// spread over threads. Rows are split into contiguous chunks (each writes its own slots);
// sweep counts are per-thread integers added together, so the result is
// identical for every thread count.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "qc/core/parallel.hpp"
#include "qc/kernels/host_backend.hpp"
#include "qc/kernels/sweep_checks.hpp"

namespace qc {
namespace {

// One post's scores, split into the categories without keywords (constant
// in alpha: their best b0 with score m0 and every category tied with it) and
// the ones with keywords (var), which are rescored per alpha.
struct post_scores {
  int K = 0;
  const double* s0 = nullptr;
  const std::int64_t* s1 = nullptr;
  int b0 = -1;
  double m0 = 0.0;
  std::uint64_t mask0 = 0;
  int n_var = 0;
  int var[kMaxCategories];
  bool non_negative = true;

  void prepare(const double* ps0, const std::int64_t* ps1) {
    s0 = ps0;
    s1 = ps1;
    b0 = -1;
    m0 = 0.0;
    mask0 = 0;
    n_var = 0;
    non_negative = true;
    for (int k = 0; k < K; ++k) {
      if (s1[k] != 0) {
        var[n_var++] = k;
        non_negative = non_negative && s1[k] > 0;
      } else if (b0 < 0 || s0[k] > m0) {
        b0 = k;
        m0 = s0[k];
        mask0 = std::uint64_t{1} << k;
      } else if (s0[k] == m0) {
        mask0 |= std::uint64_t{1} << k;
      }
    }
  }

  struct result {
    std::uint64_t pred;  // the predicted set under the tie rule
    int best;            // the lowest-index winner
    double top;          // its score
  };

  // Exactly the reference's prediction at one alpha.
  result evaluate(double alpha, tie_rule ties) const {
    int best = b0;
    double top = m0;
    for (int j = 0; j < n_var; ++j) {
      const int k = var[j];
      const double sc = score_of(s0[k], alpha, s1[k]);
      if (best < 0 || sc > top || (sc == top && k < best)) {
        best = k;
        top = sc;
      }
    }
    std::uint64_t pred = std::uint64_t{1} << best;
    if (ties == tie_rule::all) {
      pred = (b0 >= 0 && m0 == top) ? mask0 : 0;
      for (int j = 0; j < n_var; ++j)
        if (score_of(s0[var[j]], alpha, s1[var[j]]) == top) pred |= std::uint64_t{1} << var[j];
    }
    return {pred, best, top};
  }

  // Whether `at_lo` (the prediction at the run's first alpha) holds up to
  // alpha_hi: every other category's score there (its maximum on the run)
  // stays below the winner's score at lo (its minimum), or ties it where the
  // lowest-index rule still picks the winner.
  bool holds(const result& at_lo, double alpha_hi, tie_rule ties) const {
    const bool all = ties == tie_rule::all;
    if (all && (at_lo.pred & (at_lo.pred - 1)) != 0) return false;  // a tied set: look closer
    const int w = at_lo.best;
    const double low = at_lo.top;
    if (b0 >= 0 && b0 != w && m0 >= low && (m0 > low || all || b0 < w)) return false;
    for (int j = 0; j < n_var; ++j) {
      const int k = var[j];
      if (k == w) continue;
      const double up = score_of(s0[k], alpha_hi, s1[k]);
      if (up > low || (up == low && (all || k < w))) return false;
    }
    return true;
  }
};

// Adds the prediction of every alpha in [lo, hi] through add_run(pred, lo, hi).
template <class AddRun>
void decide(const post_scores& ps, const double* alphas, tie_rule ties, bool monotone,
            std::int64_t lo, std::int64_t hi, const post_scores::result& at_lo, AddRun& add_run) {
  if (lo == hi || (monotone && ps.holds(at_lo, alphas[hi], ties))) {
    add_run(at_lo.pred, lo, hi);
    return;
  }
  const std::int64_t mid = lo + (hi - lo) / 2;
  decide(ps, alphas, ties, monotone, lo, mid, at_lo, add_run);
  decide(ps, alphas, ties, monotone, mid + 1, hi, ps.evaluate(alphas[mid + 1], ties), add_run);
}

class threaded_backend final : public host_backend {
 public:
  threaded_backend(unsigned threads, std::size_t sweep_bytes)
      : threads_(resolve_threads(threads)),
        sweep_bytes_(sweep_bytes ? sweep_bytes : kDefaultSweepBytes) {}
  std::string name() const override { return "cpu"; }

  void parts(const csr_view& m, const weights_view& w, std::int64_t* d, std::int64_t* s1) override {
    parallel_chunks(static_cast<std::size_t>(m.n_rows), threads_for(m.n_rows / kRowsPerThread),
                    [&](std::size_t b, std::size_t e, unsigned) {
                      for (auto r = static_cast<std::int64_t>(b); r < static_cast<std::int64_t>(e);
                           ++r)
                        row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
                    });
  }

  // Exact shortcuts, so the counts are identical to the reference:
  // - Categories whose S1 is 0 score s0 at every alpha: their best (lowest
  //   index among the maximum) is found once per post.
  // - Every score s0 + alpha*S1 (S1 >= 0, rounded multiply then add) is
  //   non-decreasing in alpha, so on a run of sorted alphas [lo, hi] no other
  //   category can score more than it does at alphas[hi], and the winner at lo
  //   scores at least what it did there. When those bounds already separate
  //   the winner (strictly, or by a tie the rule resolves its way), the whole
  //   run has the winner's prediction; otherwise the run is halved. A post
  //   whose winner never changes costs two evaluations, not one per alpha.
  // - Runs are added to per-thread difference arrays over the alphas.
  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    check_sweep_truth("sweep", truth, n_posts, K);
    const std::int64_t stride = counts_stride(K);
    const std::size_t total = static_cast<std::size_t>(stride * n_alphas);
    std::memset(counts, 0, sizeof(std::uint64_t) * total);
    if (n_alphas == 0) return;
    bool sorted = true;
    for (std::int64_t a = 1; a < n_alphas; ++a) sorted = sorted && !(alphas[a] < alphas[a - 1]);
    const unsigned t = threads_for(n_posts * n_alphas / kEvaluationsPerThread);
    // Alphas go in chunks so that the threads' difference arrays together
    // stay within sweep_bytes_ (a fine grid would otherwise need
    // threads x alphas x stride counters); runs never cross a chunk.
    const std::int64_t per_alpha = stride * static_cast<std::int64_t>(sizeof(std::int64_t)) * t;
    const std::int64_t chunk = std::max<std::int64_t>(
        1,
        std::min<std::int64_t>(n_alphas, static_cast<std::int64_t>(sweep_bytes_) / per_alpha - 1));
    for (std::int64_t a0 = 0; a0 < n_alphas; a0 += chunk) {
      const std::int64_t a1 = std::min(n_alphas, a0 + chunk);
      // Per thread: signed differences over the chunk's alphas, one extra row for "hi + 1".
      const auto rows = static_cast<std::size_t>(a1 - a0 + 1);
      std::vector<std::vector<std::int64_t>> local(
          t, std::vector<std::int64_t>(rows * static_cast<std::size_t>(stride), 0));
      parallel_chunks(
          static_cast<std::size_t>(n_posts), t, [&](std::size_t b, std::size_t e, unsigned id) {
            std::int64_t* diff = local[id].data();  // row r: alpha a0 + r
            post_scores ps;
            ps.K = K;
            for (auto i = static_cast<std::int64_t>(b); i < static_cast<std::int64_t>(e); ++i) {
              ps.prepare(s0 + i * K, s1 + i * K);
              // S1 < 0 cannot come from counts; without it the bounds would not hold.
              const bool monotone = sorted && ps.non_negative;
              auto add_run = [&](std::uint64_t pred, std::int64_t lo, std::int64_t hi) {
                add_prediction(truth, i, pred, K, [&](std::int64_t idx, int v) {
                  diff[(lo - a0) * stride + idx] += v;
                  diff[(hi + 1 - a0) * stride + idx] -= v;
                });
              };
              decide(ps, alphas, ties, monotone, a0, a1 - 1, ps.evaluate(alphas[a0], ties),
                     add_run);
            }
          });
      for (const auto& l : local) {
        std::vector<std::int64_t> running(static_cast<std::size_t>(stride), 0);
        for (std::int64_t a = a0; a < a1; ++a)
          for (std::int64_t j = 0; j < stride; ++j) {
            running[static_cast<std::size_t>(j)] +=
                l[static_cast<std::size_t>((a - a0) * stride + j)];
            counts[static_cast<std::size_t>(a * stride + j)] +=
                static_cast<std::uint64_t>(running[static_cast<std::size_t>(j)]);
          }
      }
    }
  }

 private:
  // Below these amounts of work a thread costs more than it saves.
  static constexpr std::int64_t kRowsPerThread = 16384;
  static constexpr std::int64_t kEvaluationsPerThread = 1 << 18;
  static constexpr std::size_t kDefaultSweepBytes = std::size_t{256} << 20;
  unsigned threads_for(std::int64_t chunks) const {
    return static_cast<unsigned>(
        std::max<std::int64_t>(1, std::min<std::int64_t>(threads_, chunks)));
  }
  unsigned threads_;
  std::size_t sweep_bytes_;
};

}  // namespace

std::unique_ptr<backend> make_reference_backend();

std::unique_ptr<backend> make_cpu_backend(const std::string& name, unsigned threads,
                                          std::size_t sweep_bytes) {
  if (name == "reference") return make_reference_backend();
  if (name == "cpu") return std::make_unique<threaded_backend>(threads, sweep_bytes);
  throw std::invalid_argument("unknown CPU backend '" + name + "'");
}

}  // namespace qc
