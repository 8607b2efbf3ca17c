// Grid sweeps and pipelined scoring on every backend:
// - the CUDA sweep kernel's work split (grid_sweep.hpp), run here by
//   emulating every block and thread one after another on the CPU, must
//   give the reference counts for every launch shape, so its index
//   arithmetic is tested without a GPU;
// - grid_sweep (of a whole grid and of one configuration at a time) and
//   begin_scores/end_scores of every
//   backend (reference, cpu, and cuda when a GPU answers) must equal the
//   plain computation of plain_reference.hpp, configuration by
//   configuration and batch by batch.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "backend_cases.hpp"
#include "grid_problem.hpp"
#include "qc/core/error.hpp"
#include "qc/kernels/alpha_runs.hpp"
#include "qc/kernels/grid_sweep.hpp"

namespace {

using qc_test::grid_problem;

// What the CUDA backend computes on the device, computed on the host: D/S1
// per weight set, s0 per configuration, then the kernel's blocks in turn.
std::vector<std::uint64_t> emulate_kernel(const grid_problem& g, qc::tie_rule ties, int threads,
                                          std::size_t shared_bytes, std::int64_t target_blocks,
                                          qc::grid_sweep_plan* plan_out = nullptr) {
  auto ref = qc::make_cpu_backend("reference", 1);
  const std::int64_t n = g.matrix.n_rows();
  const int K = g.K;
  const auto C = static_cast<std::int64_t>(g.configs.size());
  const auto A = static_cast<std::int64_t>(g.alphas.size());
  // Weight sets as the backend finds them: by their arrays.
  std::vector<const std::int64_t*> set_ptrs;
  std::vector<std::int32_t> parts_of;
  std::vector<std::int64_t> s1;
  std::vector<double> s0;
  for (const auto& c : g.configs) {
    auto it = std::find(set_ptrs.begin(), set_ptrs.end(), c.w.counts);
    if (it == set_ptrs.end()) {
      set_ptrs.push_back(c.w.counts);
      it = set_ptrs.end() - 1;
      std::vector<std::int64_t> d(static_cast<std::size_t>(n * K)), sx(d.size());
      ref->parts(g.matrix.view(), c.w, d.data(), sx.data());
      s1.insert(s1.end(), sx.begin(), sx.end());
    }
    parts_of.push_back(static_cast<std::int32_t>(it - set_ptrs.begin()));
    std::vector<std::int64_t> d(static_cast<std::size_t>(n * K)), sx(d.size());
    ref->parts(g.matrix.view(), c.w, d.data(), sx.data());
    for (std::size_t i = 0; i < d.size(); ++i)
      s0.push_back(qc::s0_of(d[i], c.norms[i % static_cast<std::size_t>(K)]));
  }
  const qc::grid_sweep_plan plan =
      qc::plan_grid_sweep(n, C, A, K, threads, shared_bytes, target_blocks);
  if (plan_out) *plan_out = plan;
  qc::grid_sweep_args a;
  a.n_posts = n;
  a.K = K;
  a.s0 = s0.data();
  a.s1 = s1.data();
  a.parts_of = parts_of.data();
  a.truth = g.truth.view();
  a.alphas = g.alphas.data();
  a.n_alphas = A;
  a.ties = ties;
  a.sorted_alphas = qc::alphas_non_decreasing(g.alphas.data(), A);
  a.alpha_chunk = plan.alpha_chunk;
  a.chunks_per_config = plan.chunks_per_config;
  const std::int64_t stride = qc::counts_stride(K);
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(C * A * stride), 0);
  std::vector<std::uint32_t> sh(plan.shared_bytes / sizeof(std::uint32_t));
  bool rows_ok = true;  // every amount goes to one of the block's alphas
  for (std::int64_t pb_i = 0; pb_i < plan.point_blocks; ++pb_i) {
    const qc::point_block pb = qc::point_block_of(a, pb_i);
    EXPECT_LE(pb.na * stride * 4, static_cast<std::int64_t>(plan.shared_bytes));
    const std::int64_t off = qc::point_block_offset(a, pb);
    for (std::int64_t x = 0; x < plan.post_blocks; ++x) {
      std::fill(sh.begin(), sh.end(), 0u);
      for (int t = 0; t < threads; ++t)
        qc::grid_sweep_thread(a, pb, x * threads + t, plan.post_blocks * threads,
                              [&](std::int64_t j, std::int64_t idx, int v) {
                                rows_ok = rows_ok && j >= 0 && j < pb.na;
                                sh[static_cast<std::size_t>(j * stride + idx)] +=
                                    static_cast<std::uint32_t>(v);
                              });
      for (int t = 0; t < threads; ++t)
        qc::fold_point_block(sh.data(), pb.na, stride, t, threads,
                             [&](std::int64_t i, std::uint32_t count) {
                               counts[static_cast<std::size_t>(off + i)] += count;
                             });
    }
  }
  EXPECT_TRUE(rows_ok);
  return counts;
}

TEST(grid_sweep_kernel_logic, emulated_blocks_equal_the_reference) {
  const std::size_t stride_bytes = static_cast<std::size_t>(qc::counts_stride(3)) * 4;
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 513u, 2000u}) {
    for (std::size_t n_alphas : {1u, 7u, 33u, 101u}) {
      const auto g = qc_test::make_grid_problem(n, n_alphas, 11);
      // Sorted alphas (runs found by halving), then shuffled (one by one).
      for (int round = 0; round < 2; ++round) {
        if (round == 1) std::reverse(g->alphas.begin(), g->alphas.end() - (n_alphas > 2 ? 1 : 0));
        for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
          const auto want = qc_test::expected_counts(*g, ties);
          // Launch shapes: full chunks, 3 alphas per chunk (partial last
          // chunks), one alpha per block; few and many post blocks.
          for (std::size_t shared : {std::size_t{48 * 1024}, 3 * stride_bytes, stride_bytes}) {
            for (std::int64_t target : {1, 64, 100000}) {
              for (int threads : {32, 256}) {
                qc::grid_sweep_plan plan;
                const auto got = emulate_kernel(*g, ties, threads, shared, target, &plan);
                ASSERT_EQ(got, want)
                    << "n=" << n << " alphas=" << n_alphas << " chunk=" << plan.alpha_chunk
                    << " post_blocks=" << plan.post_blocks << " threads=" << threads
                    << " sorted=" << (round == 0);
              }
            }
          }
        }
      }
    }
  }
}

// The prediction of every alpha of [first, last] through the runs of
// for_each_alpha_run with at most MaxDepth pending, checking that the runs
// cover the range once each, in order.
template <int MaxDepth>
std::vector<std::uint64_t> run_predictions(const qc::post_scores& ps,
                                           const std::vector<double>& alphas, qc::tie_rule ties,
                                           bool monotone, std::int64_t first, std::int64_t last) {
  std::vector<std::uint64_t> pred;
  std::int64_t next = first;
  qc::for_each_alpha_run<MaxDepth>(ps, alphas.data(), ties, monotone, first, last,
                                   [&](std::uint64_t p, std::int64_t lo, std::int64_t hi) {
                                     EXPECT_EQ(lo, next);
                                     EXPECT_LE(lo, hi);
                                     next = hi + 1;
                                     pred.insert(pred.end(), static_cast<std::size_t>(hi - lo + 1),
                                                 p);
                                   });
  EXPECT_EQ(next, last + 1);
  return pred;
}

// Runs of alphas give the reference's prediction at every alpha, with room
// for every pending run and with too little (the alpha-by-alpha fallback),
// on scores with many exact ties and crossings.
TEST(alpha_runs, every_alpha_has_the_reference_prediction) {
  const int K = 5;
  std::vector<double> alphas;
  for (int i = 0; i <= 200; ++i) alphas.push_back(i / 50.0);
  std::uint64_t x = 77;
  const auto next = [&x](std::uint64_t m) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (x >> 33) % m;
  };
  std::size_t multi_run_posts = 0;
  for (int post = 0; post < 3000; ++post) {
    std::vector<double> s0(K);
    std::vector<std::int64_t> s1(K);
    for (int k = 0; k < K; ++k) {
      s0[static_cast<std::size_t>(k)] = static_cast<double>(next(9)) / 4.0;
      s1[static_cast<std::size_t>(k)] = static_cast<std::int64_t>(next(4));
    }
    qc::post_scores ps;
    ps.prepare(K, s0.data(), s1.data());
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      const std::int64_t first = post % 7, last = 200 - post % 5;
      std::vector<std::uint64_t> want;
      for (std::int64_t a = first; a <= last; ++a)
        want.push_back(
            qc::predicted_set(s0.data(), s1.data(), alphas[static_cast<std::size_t>(a)], K, ties));
      ASSERT_EQ((run_predictions<64>(ps, alphas, ties, true, first, last)), want) << post;
      ASSERT_EQ((run_predictions<2>(ps, alphas, ties, true, first, last)), want) << post;
      ASSERT_EQ((run_predictions<1>(ps, alphas, ties, true, first, last)), want) << post;
      ASSERT_EQ((run_predictions<64>(ps, alphas, ties, false, first, last)), want) << post;
      multi_run_posts += want.front() != want.back();
    }
  }
  EXPECT_GT(multi_run_posts, 500u);  // the posts do cross
}

TEST(grid_sweep_kernel_logic, plan_bounds) {
  for (std::int64_t n :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{100000}, std::int64_t{1} << 31}) {
    for (std::int64_t alphas : {1, 31, 32, 33, 1001}) {
      for (int K : {1, 7, 64}) {
        const auto p = qc::plan_grid_sweep(n, 32, alphas, K, 256, 48 * 1024, 1056);
        SCOPED_TRACE("n=" + std::to_string(n) + " alphas=" + std::to_string(alphas) +
                     " K=" + std::to_string(K));
        EXPECT_GE(p.alpha_chunk, 1);
        EXPECT_LE(p.alpha_chunk, std::min<std::int64_t>(alphas, qc::kMaxAlphaChunk));
        EXPECT_LE(p.shared_bytes, 48u * 1024u);
        EXPECT_EQ(p.shared_bytes,
                  static_cast<std::size_t>(p.alpha_chunk * qc::counts_stride(K) * 4));
        EXPECT_EQ(p.chunks_per_config * p.alpha_chunk >= alphas, true);
        EXPECT_LT((p.chunks_per_config - 1) * p.alpha_chunk, alphas);
        EXPECT_EQ(p.point_blocks, 32 * p.chunks_per_config);
        EXPECT_GE(p.post_blocks, 1);
        // Posts one block takes stay within the 32-bit counters' bound.
        const std::int64_t per_block =
            256 * ((n + p.post_blocks * 256 - 1) / (p.post_blocks * 256));
        EXPECT_LE(per_block, qc::kMaxPostsPerBlock + 256);
        // No block without posts (when there are posts).
        if (n > 0) {
          EXPECT_LE((p.post_blocks - 1) * 256, n - 1);
        }
      }
    }
  }
}

using grid_sweep_backends = qc_test::backend_test;

// One grid_sweep() call, and one grid_sweep() of one configuration each, give
// the plain counts of every configuration.
TEST_P(grid_sweep_backends, equal_plain_counts_per_configuration) {
  for (std::size_t n : {0u, 1u, 33u, 3000u}) {
    const auto g = qc_test::make_grid_problem(n, 21, 5);
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      const auto want = qc_test::expected_counts(*g, ties);
      EXPECT_EQ(qc_test::grid_counts(*be_, *g, ties), want) << "grid_sweep, n=" << n;
      EXPECT_EQ(qc_test::per_config_counts(*be_, *g, ties), want)
          << "one configuration per call, n=" << n;
    }
  }
}

// The truth lists of rows [first, last) of t, rebased.
qc::truth_lists truth_rows(const qc::truth_lists& t, std::int64_t first, std::int64_t last) {
  qc::truth_lists out;
  for (std::int64_t i = first; i < last; ++i) {
    const auto b = static_cast<std::size_t>(t.offsets[static_cast<std::size_t>(i)]);
    const auto e = static_cast<std::size_t>(t.offsets[static_cast<std::size_t>(i) + 1]);
    out.labels.insert(out.labels.end(), t.labels.begin() + static_cast<std::ptrdiff_t>(b),
                      t.labels.begin() + static_cast<std::ptrdiff_t>(e));
    out.offsets.push_back(static_cast<std::int32_t>(out.labels.size()));
  }
  return out;
}

// Configurations on their own rows (as the folds of a cross-validation, each
// with its own weights): one call gives each the plain counts of its rows
// alone. Ranges overlap, one is empty, one runs through the last row.
TEST_P(grid_sweep_backends, row_ranges_count_their_rows_only) {
  for (std::size_t n : {0u, 1u, 33u, 3000u}) {
    auto g = qc_test::make_grid_problem(n, 21, 7);
    const auto N = static_cast<std::int64_t>(n);
    const auto C = static_cast<std::int64_t>(g->configs.size());
    for (std::int64_t c = 0; c < C; ++c) {
      g->configs[static_cast<std::size_t>(c)].row0 = c * N / (C + 1);
      g->configs[static_cast<std::size_t>(c)].row1 = c == C - 1 ? -1 : (c + 2) * N / (C + 1);
    }
    g->configs[1].row1 = g->configs[1].row0;  // no rows
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      std::vector<std::uint64_t> want;
      for (const auto& cfg : g->configs) {
        const qc::row_range r = qc::rows_of(cfg, N);
        std::vector<std::size_t> rows;
        for (std::int64_t i = r.first; i < r.last; ++i) rows.push_back(static_cast<std::size_t>(i));
        const qc::term_matrix sub = g->matrix.select_rows(rows);
        const auto one =
            qc_test::plain_counts(sub.view(), cfg.w, cfg.norms,
                                  truth_rows(g->truth, r.first, r.last).view(), g->alphas, ties);
        want.insert(want.end(), one.begin(), one.end());
      }
      EXPECT_EQ(qc_test::grid_counts(*be_, *g, ties), want) << "n=" << n;
    }
    g->configs[0].row1 = N + 1;
    EXPECT_THROW(qc_test::grid_counts(*be_, *g, qc::tie_rule::lowest), qc::usage_error);
  }
}

INSTANTIATE_TEST_SUITE_P(backends, grid_sweep_backends,
                         ::testing::ValuesIn(qc_test::backend_cases({1, 3}, true)),
                         qc_test::backend_case_name);

using pipelined_scoring = qc_test::backend_test;

// Two batches in flight in the two slots: each slot's results are the plain
// scores of its batch, and stay valid while the other slot is used.
TEST_P(pipelined_scoring, slots_equal_plain_scores) {
  const auto a = qc_test::make_grid_problem(700, 1, 1);
  const auto b = qc_test::make_grid_problem(33, 1, 2);
  const qc::dense_weights& wa = a->sets[1];
  const qc::dense_weights& wb = b->sets[3];
  const qc::row_scores ra = qc_test::plain_scores(a->matrix.view(), wa.view(), wa.norms.data());
  const qc::row_scores rb = qc_test::plain_scores(b->matrix.view(), wb.view(), wb.norms.data());
  be_->begin_scores(0, a->matrix.view(), wa.view(), wa.norms.data());
  be_->begin_scores(1, b->matrix.view(), wb.view(), wb.norms.data());
  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    qc_test::expect_scores_equal(be_->end_scores(0), ra);
    qc_test::expect_scores_equal(be_->end_scores(1), rb);
    // Slot 1 again: slot 0 is untouched.
    be_->begin_scores(1, b->matrix.view(), wb.view(), wb.norms.data());
  }
  // Slot 0 reused while slot 1 is still pending.
  be_->begin_scores(0, b->matrix.view(), wb.view(), wb.norms.data());
  qc_test::expect_scores_equal(be_->end_scores(1), rb);
  qc_test::expect_scores_equal(be_->end_scores(0), rb);
  EXPECT_THROW(be_->begin_scores(2, a->matrix.view(), wa.view(), wa.norms.data()),
               std::invalid_argument);
  EXPECT_THROW(be_->end_scores(-1), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(backends, pipelined_scoring,
                         ::testing::ValuesIn(qc_test::backend_cases({2}, true)),
                         qc_test::backend_case_name);

}  // namespace
