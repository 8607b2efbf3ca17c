// The threaded CPU backend ("cpu"): the same functors as the reference,
// spread over threads. Rows are split into contiguous chunks (each writes its own slots);
// sweep counts are per-thread integers added together, so the result is
// identical for every thread count.
#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "qc/core/parallel.hpp"
#include "qc/kernels/alpha_runs.hpp"
#include "qc/kernels/host_backend.hpp"
#include "qc/kernels/sweep_checks.hpp"

namespace qc {
namespace {

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

  // Exact shortcuts, so the counts are identical to the reference: each
  // post's predictions come as runs of alphas (alpha_runs.hpp), added to
  // per-thread difference arrays over the alphas.
  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    check_sweep_truth("sweep", truth, n_posts, K);
    const std::int64_t stride = counts_stride(K);
    const std::size_t total = static_cast<std::size_t>(stride * n_alphas);
    std::memset(counts, 0, sizeof(std::uint64_t) * total);
    if (n_alphas == 0) return;
    const bool sorted = alphas_non_decreasing(alphas, n_alphas);
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
            for (auto i = static_cast<std::int64_t>(b); i < static_cast<std::int64_t>(e); ++i) {
              ps.prepare(K, s0 + i * K, s1 + i * K);
              // S1 < 0 cannot come from counts; without it the bounds would not hold.
              const bool monotone = sorted && ps.non_negative;
              auto add_run = [&](std::uint64_t pred, std::int64_t lo, std::int64_t hi) {
                add_prediction(truth, i, pred, K, [&](std::int64_t idx, int v) {
                  diff[(lo - a0) * stride + idx] += v;
                  diff[(hi + 1 - a0) * stride + idx] -= v;
                });
              };
              for_each_alpha_run<64>(ps, alphas, ties, monotone, a0, a1 - 1, add_run);
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
