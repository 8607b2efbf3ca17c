// Regression tests for two sweep defects, on every backend this machine has:
// a truth list that does not match the swept rows is refused with a clear
// qc::usage_error before any kernel reads through it, and a grid sweep's
// counts stay within their byte bound along the alpha axis too
// (grid_sweep_in_pieces), with the same counts as one call.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grid_problem.hpp"
#include "qc/core/error.hpp"
#include "qc/kernels/backend.hpp"
#include "qc/kernels/sweep_pieces.hpp"
#ifdef QC_HAVE_CUDA
#include "qc/kernels/cuda_backend.hpp"
#endif

namespace {

std::vector<std::unique_ptr<qc::backend>> available_backends() {
  std::vector<std::unique_ptr<qc::backend>> out;
  out.push_back(qc::make_cpu_backend("reference", 1));
  out.push_back(qc::make_cpu_backend("cpu", 4));
#ifdef QC_HAVE_CUDA
  if (qc::probe_gpu().usable()) out.push_back(qc::make_cuda_backend(0));
#endif
  return out;
}

template <class F>
void expect_refused(F&& f, const std::string& part) {
  try {
    f();
    ADD_FAILURE() << "not refused (expected a message with '" << part << "')";
  } catch (const qc::usage_error& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(sweep_guards, truth_that_does_not_match_the_rows_is_refused) {
  const auto g = qc_test::make_grid_problem(40, 5, 3);
  const auto n_alphas = static_cast<std::int64_t>(g->alphas.size());
  const auto n_configs = static_cast<std::int64_t>(g->configs.size());
  std::vector<std::uint64_t> counts(
      static_cast<std::size_t>(qc::counts_stride(g->K) * n_alphas * n_configs));
  for (auto& be : available_backends()) {
    SCOPED_TRACE(be->name());
    const qc::truth_view full = g->truth.view();
    ASSERT_EQ(full.n_posts, g->matrix.n_rows());
    qc::truth_view shorter = full;
    shorter.n_posts -= 1;
    expect_refused(
        [&] {
          be->grid_sweep(g->matrix.view(), g->configs.data(), n_configs, shorter, g->alphas.data(),
                         n_alphas, qc::tie_rule::lowest, counts.data());
        },
        "the truth list has 39 posts but 40 are swept");
    qc::truth_view longer = full;
    longer.n_posts += 1;
    expect_refused(
        [&] {
          be->grid_sweep(g->matrix.view(), g->configs.data(), n_configs, longer, g->alphas.data(),
                         n_alphas, qc::tie_rule::all, counts.data());
        },
        "41 posts but 40");
    // A label outside [0, K) would index counts out of bounds.
    std::vector<std::int32_t> labels(g->truth.labels);
    labels.back() = g->K;
    const qc::truth_view bad_label{full.n_posts, full.offsets, labels.data()};
    expect_refused(
        [&] {
          be->grid_sweep(g->matrix.view(), g->configs.data(), n_configs, bad_label,
                         g->alphas.data(), n_alphas, qc::tie_rule::lowest, counts.data());
        },
        "not in [0, 3)");
    // A post without labels (add_prediction reads its first label).
    std::vector<std::int32_t> offsets(g->truth.offsets);
    offsets[1] = offsets[0];
    const qc::truth_view no_label{full.n_posts, offsets.data(), full.labels};
    expect_refused(
        [&] {
          be->grid_sweep(g->matrix.view(), g->configs.data(), n_configs, no_label, g->alphas.data(),
                         n_alphas, qc::tie_rule::lowest, counts.data());
        },
        "post 0 of the truth list has no label");
    // sweep() alone: s0/S1 of 40 posts against the shorter truth list.
    const std::size_t nk = static_cast<std::size_t>(g->matrix.n_rows() * g->K);
    std::vector<double> s0(nk, 0.0);
    std::vector<std::int64_t> s1(nk, 0);
    expect_refused(
        [&] {
          be->sweep(g->matrix.n_rows(), g->K, s0.data(), s1.data(), shorter, g->alphas.data(),
                    n_alphas, qc::tie_rule::lowest, counts.data());
        },
        "39 posts but 40");
    // Configurations whose weights do not cover the matrix's columns.
    std::vector<qc::grid_config> narrow(g->configs);
    narrow[0].w.n_words = g->matrix.view().n_cols - 1;
    for (auto& c : narrow) c.w.n_words = narrow[0].w.n_words;
    expect_refused(
        [&] {
          be->grid_sweep(g->matrix.view(), narrow.data(), n_configs, full, g->alphas.data(),
                         n_alphas, qc::tie_rule::lowest, counts.data());
        },
        "columns");
  }
}

// The case: 10^6 alphas, K = 6 and 4 configurations need about
// 1.8 GB of counts in one call; every piece stays within 256 MiB, and the
// pieces cover the grid once, in grid order.
TEST(sweep_pieces, bound_holds_along_the_alpha_axis) {
  const std::int64_t n_configs = 4, n_alphas = 1000000;
  const int K = 6;
  const auto point = static_cast<std::size_t>(qc::counts_stride(K)) * 8;
  ASSERT_GT(point * static_cast<std::size_t>(n_configs * n_alphas), std::size_t{1700} << 20);
  const auto pieces = qc::plan_sweep_pieces(n_configs, n_alphas, K, qc::kSweepCountsBytes);
  ASSERT_FALSE(pieces.empty());
  std::int64_t c = 0, a = 0;
  for (const auto& p : pieces) {
    EXPECT_LE(static_cast<std::size_t>((p.c1 - p.c0) * (p.a1 - p.a0)) * point,
              qc::kSweepCountsBytes);
    EXPECT_EQ(p.c0, c);
    EXPECT_EQ(p.a0, a);
    a = p.a1;
    if (a == n_alphas) {
      a = 0;
      c = p.c1;
    }
  }
  EXPECT_EQ(c, n_configs);
  // Few alphas: configurations go together, all in one piece here.
  const auto together = qc::plan_sweep_pieces(n_configs, 101, K, qc::kSweepCountsBytes);
  ASSERT_EQ(together.size(), 1u);
  EXPECT_EQ(together[0].c1, n_configs);
  EXPECT_EQ(together[0].a1, 101);
}

// A backend that records the largest counts array it was asked to fill.
class recording_backend final : public qc::backend {
 public:
  explicit recording_backend(qc::backend& inner) : inner_(inner) {}
  std::string name() const override { return inner_.name(); }
  void parts(const qc::csr_view& m, const qc::weights_view& w, std::int64_t* d,
             std::int64_t* s1) override {
    inner_.parts(m, w, d, s1);
  }
  void sweep(std::int64_t n, int K, const double* s0, const std::int64_t* s1,
             const qc::truth_view& t, const double* alphas, std::int64_t na, qc::tie_rule ties,
             std::uint64_t* counts) override {
    inner_.sweep(n, K, s0, s1, t, alphas, na, ties, counts);
  }
  void grid_sweep(const qc::csr_view& m, const qc::grid_config* configs, std::int64_t nc,
                  const qc::truth_view& t, const double* alphas, std::int64_t na, qc::tie_rule ties,
                  std::uint64_t* counts) override {
    const int K = nc > 0 ? configs[0].w.n_cats : 0;
    largest = std::max(largest, static_cast<std::size_t>(nc * na * qc::counts_stride(K)) * 8);
    ++calls;
    inner_.grid_sweep(m, configs, nc, t, alphas, na, ties, counts);
  }
  void begin_scores(int slot, const qc::csr_view& m, const qc::weights_view& w,
                    const double* norms) override {
    inner_.begin_scores(slot, m, w, norms);
  }
  qc::scores_view end_scores(int slot) override { return inner_.end_scores(slot); }
  std::size_t largest = 0;
  int calls = 0;

 private:
  qc::backend& inner_;
};

TEST(sweep_pieces, same_counts_as_one_call_within_the_bound) {
  const auto g = qc_test::make_grid_problem(300, 97, 5);
  const auto n_alphas = static_cast<std::int64_t>(g->alphas.size());
  const auto n_configs = static_cast<std::int64_t>(g->configs.size());
  const std::int64_t stride = qc::counts_stride(g->K);
  for (auto& be : available_backends()) {
    SCOPED_TRACE(be->name());
    std::vector<std::uint64_t> want(static_cast<std::size_t>(stride * n_alphas * n_configs));
    be->grid_sweep(g->matrix.view(), g->configs.data(), n_configs, g->truth.view(),
                   g->alphas.data(), n_alphas, qc::tie_rule::all, want.data());
    // Bounds that split the alphas (10 points), group configurations (3
    // configurations' alphas) and hold one point.
    const auto point = static_cast<std::size_t>(stride) * 8;
    for (std::size_t bound : {10 * point, static_cast<std::size_t>(3 * n_alphas) * point, point}) {
      recording_backend rec(*be);
      std::vector<std::uint64_t> got(want.size(), ~std::uint64_t{0});
      qc::grid_sweep_in_pieces(rec, g->matrix.view(), g->configs.data(), n_configs, g->truth.view(),
                               g->alphas.data(), n_alphas, qc::tie_rule::all, bound,
                               [&](const qc::sweep_piece& p, const std::uint64_t* c) {
                                 const std::int64_t na = p.a1 - p.a0;
                                 for (std::int64_t ci = p.c0; ci < p.c1; ++ci)
                                   std::copy(c + (ci - p.c0) * na * stride,
                                             c + (ci - p.c0 + 1) * na * stride,
                                             got.begin() + (ci * n_alphas + p.a0) * stride);
                               });
      EXPECT_EQ(got, want);
      EXPECT_LE(rec.largest, bound);
      EXPECT_GT(rec.calls, 1);
    }
  }
}

}  // namespace
