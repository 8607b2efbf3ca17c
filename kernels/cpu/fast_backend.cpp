// The fast CPU backend: the same functors as the reference, spread over
// threads. Rows are split into contiguous chunks (each writes its own slots);
// sweep counts are per-thread integers added together, so the result is
// identical for every thread count.
#include <algorithm>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>
#include <vector>

#include "qc/kernels/backend.hpp"

namespace qc {
namespace {

template <class F>
void run_chunks(std::int64_t n, unsigned threads, F&& f) {
  const std::int64_t t = std::max<std::int64_t>(1, std::min<std::int64_t>(threads, n));
  if (t == 1) {
    f(std::int64_t{0}, n, 0u);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(t));
  const std::int64_t step = (n + t - 1) / t;
  for (std::int64_t i = 0; i < t; ++i) {
    const std::int64_t b = std::min(n, i * step), e = std::min(n, b + step);
    pool.emplace_back([&, b, e, i] {
      try {
        f(b, e, static_cast<unsigned>(i));
      } catch (...) {
        errors[static_cast<std::size_t>(i)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& ep : errors)
    if (ep) std::rethrow_exception(ep);
}

class fast_backend final : public backend {
 public:
  explicit fast_backend(unsigned threads) : threads_(threads ? threads : default_threads()) {}
  std::string name() const override { return "cpu"; }

  void parts(const csr_view& m, const weights_view& w, std::int64_t* d, std::int64_t* s1) override {
    run_chunks(m.n_rows, threads_for(m.n_rows / kRowsPerThread),
               [&](std::int64_t b, std::int64_t e, unsigned) {
                 for (std::int64_t r = b; r < e; ++r)
                   row_parts(m, r, w, d + r * w.n_cats, s1 + r * w.n_cats);
               });
  }

  // Per post, categories whose S1 is 0 score s0 at every alpha: their best
  // (lowest index among the maximum) is found once. Only categories with
  // keywords are rescored per alpha, and a post without any has the same
  // prediction at every alpha, counted once. Same doubles, same comparisons,
  // same tie rule as the reference, so the counts are identical.
  void sweep(std::int64_t n_posts, int K, const double* s0, const std::int64_t* s1,
             const truth_view& truth, const double* alphas, std::int64_t n_alphas, tie_rule ties,
             std::uint64_t* counts) override {
    const std::int64_t stride = counts_stride(K);
    const std::size_t total = static_cast<std::size_t>(stride * n_alphas);
    std::memset(counts, 0, sizeof(std::uint64_t) * total);
    const unsigned t = threads_for(n_posts * n_alphas / kEvaluationsPerThread);
    // Per thread: counts for every alpha, plus one block for constant posts.
    std::vector<std::vector<std::uint64_t>> local(
        t, std::vector<std::uint64_t>(total + static_cast<std::size_t>(stride), 0));
    run_chunks(n_posts, t, [&](std::int64_t b, std::int64_t e, unsigned id) {
      std::uint64_t* mine = local[id].data();
      std::uint64_t* constant = mine + total;
      int var[kMaxCategories];
      for (std::int64_t i = b; i < e; ++i) {
        const double* ps0 = s0 + i * K;
        const std::int64_t* ps1 = s1 + i * K;
        int b0 = -1, n_var = 0;
        double m0 = 0.0;
        std::uint64_t mask0 = 0;
        for (int k = 0; k < K; ++k) {
          if (ps1[k] != 0) {
            var[n_var++] = k;
          } else if (b0 < 0 || ps0[k] > m0) {
            b0 = k;
            m0 = ps0[k];
            mask0 = std::uint64_t{1} << k;
          } else if (ps0[k] == m0) {
            mask0 |= std::uint64_t{1} << k;
          }
        }
        if (n_var == 0) {
          const std::uint64_t p = ties == tie_rule::all ? mask0 : std::uint64_t{1} << b0;
          add_prediction(truth, i, p, K,
                         [constant](std::int64_t idx, int v) { constant[idx] += v; });
          continue;
        }
        for (std::int64_t a = 0; a < n_alphas; ++a) {
          const double alpha = alphas[a];
          int best = b0;
          double top = m0;
          for (int j = 0; j < n_var; ++j) {
            const int k = var[j];
            const double sc = score_of(ps0[k], alpha, ps1[k]);
            if (best < 0 || sc > top || (sc == top && k < best)) {
              best = k;
              top = sc;
            }
          }
          std::uint64_t p = std::uint64_t{1} << best;
          if (ties == tie_rule::all) {
            p = (b0 >= 0 && m0 == top) ? mask0 : 0;
            for (int j = 0; j < n_var; ++j)
              if (score_of(ps0[var[j]], alpha, ps1[var[j]]) == top) p |= std::uint64_t{1} << var[j];
          }
          std::uint64_t* c = mine + a * stride;
          add_prediction(truth, i, p, K, [c](std::int64_t idx, int v) { c[idx] += v; });
        }
      }
    });
    for (const auto& l : local) {
      for (std::size_t j = 0; j < total; ++j) counts[j] += l[j];
      for (std::int64_t a = 0; a < n_alphas; ++a)
        for (std::int64_t j = 0; j < stride; ++j)
          counts[static_cast<std::size_t>(a * stride + j)] +=
              l[total + static_cast<std::size_t>(j)];
    }
  }

 private:
  // Below these amounts of work a thread costs more than it saves.
  static constexpr std::int64_t kRowsPerThread = 16384;
  static constexpr std::int64_t kEvaluationsPerThread = 1 << 18;
  unsigned threads_for(std::int64_t chunks) const {
    return static_cast<unsigned>(
        std::max<std::int64_t>(1, std::min<std::int64_t>(threads_, chunks)));
  }
  static unsigned default_threads() {
    const unsigned hw = std::thread::hardware_concurrency();
    return hw ? hw : 1;
  }
  unsigned threads_;
};

}  // namespace

std::unique_ptr<backend> make_reference_backend();

std::unique_ptr<backend> make_cpu_backend(const std::string& name, unsigned threads) {
  if (name == "reference") return make_reference_backend();
  if (name == "cpu") return std::make_unique<fast_backend>(threads);
  throw std::invalid_argument("unknown CPU backend '" + name + "'");
}

}  // namespace qc
