// The CUDA backend against the reference backend: integer parts, s0 and the
// sweep counts must be identical (s0 is computed on the host from the exact
// integer D, so no tolerance is needed), on the bundled real posts and on
// generated edge cases. Skips, saying why, when no GPU answers (fails
// instead when QC_REQUIRE_GPU=1). The parametrized backend tests in
// test_classifier and test_grid_sweep run on cuda too.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "backend_cases.hpp"
#include "bundled_sample.hpp"
#include "grid_problem.hpp"
#include "qc/kernels/cuda_backend.hpp"
#include "text/token_pipeline.hpp"
#include "train/training.hpp"

namespace {

class cuda_vs_reference : public ::testing::Test {
 protected:
  void SetUp() override {
    qc_test::make_backend_or_skip({"cuda", 1}, cuda_);
    ref_ = qc::make_cpu_backend("reference", 1);
  }

  // Compares parts and the sweep for every tie rule on a matrix and truth.
  void compare(const qc::term_matrix& m, const qc::dense_weights& w,
               const std::vector<std::vector<int>>& labels) {
    const qc::row_scores want = qc::score_rows(*ref_, m, w);
    const qc::row_scores got = qc::score_rows(*cuda_, m, w);
    ASSERT_EQ(got.d, want.d);
    ASSERT_EQ(got.s1, want.s1);
    ASSERT_EQ(got.s0, want.s0);
    std::vector<std::size_t> rows(labels.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    const qc::truth_lists truth = qc::make_truth(labels, rows);
    std::vector<double> alphas;
    for (int i = 0; i <= 100; ++i) alphas.push_back(i / 100.0);
    const int K = w.n_cats;
    for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
      std::vector<std::uint64_t> a(static_cast<std::size_t>(qc::counts_stride(K)) * alphas.size());
      std::vector<std::uint64_t> b(a.size());
      ref_->sweep(m.n_rows(), K, want.s0.data(), want.s1.data(), truth.view(), alphas.data(),
                  static_cast<std::int64_t>(alphas.size()), ties, a.data());
      cuda_->sweep(m.n_rows(), K, want.s0.data(), want.s1.data(), truth.view(), alphas.data(),
                   static_cast<std::int64_t>(alphas.size()), ties, b.data());
      EXPECT_EQ(a, b);
    }
  }

  std::unique_ptr<qc::backend> cuda_, ref_;
};

TEST_F(cuda_vs_reference, bundled_real_posts) {
  const qc_test::bundled_sample s = qc_test::load_bundled_sample();
  const qc::training_result t =
      qc::train_keyword_model(s.data, qc::keyword_model{}, s.keywords, s.res, 0);
  compare(t.matrix, t.model.weights(), t.label_index);
}

TEST_F(cuda_vs_reference, edge_sizes_empty_posts_and_ties) {
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 513u, 70000u}) {
    const qc_test::random_posts posts = qc_test::make_random_posts(7 + n, n, 6, 12, 3, true);
    const auto& [labels, vocab, m, rows] = posts;
    const qc::keyword_trainer tr(m.view(), labels, rows, 3, vocab);
    const auto w =
        qc::compile_weights(tr.select(4, qc::norm_kind::sum, qc::manual_scope::all,
                                      {{"w1"}, {"w2", "w3"}, {}}, {"a", "b", "c"}, vocab),
                            vocab.size());
    SCOPED_TRACE("n = " + std::to_string(n));
    compare(m, w, labels);
  }
}

// Every configuration and alpha of a grid in one grid_sweep() call: the
// counts equal the reference backend's loops, one configuration at a time.
TEST_F(cuda_vs_reference, grid_sweep_all_points_at_once) {
  for (std::size_t n : {0u, 1u, 31u, 32u, 33u, 513u, 70000u}) {
    for (std::size_t n_alphas : {1u, 33u, 101u}) {
      const auto g = qc_test::make_grid_problem(n, n_alphas, 3);
      for (auto ties : {qc::tie_rule::lowest, qc::tie_rule::all}) {
        EXPECT_EQ(qc_test::grid_counts(*cuda_, *g, ties), qc_test::expected_counts(*g, ties))
            << "n=" << n << " alphas=" << n_alphas;
      }
    }
  }
}

// Pipelined scoring: two batches in flight, then the first slot reused
// while the second is still pending; each equals the plain scores.
TEST_F(cuda_vs_reference, pipelined_slots) {
  const auto a = qc_test::make_grid_problem(70000, 1, 1);
  const auto b = qc_test::make_grid_problem(33, 1, 2);
  const qc::dense_weights& wa = a->sets[1];
  const qc::dense_weights& wb = b->sets[3];
  const qc::row_scores ra = qc_test::plain_scores(a->matrix.view(), wa.view(), wa.norms.data());
  const qc::row_scores rb = qc_test::plain_scores(b->matrix.view(), wb.view(), wb.norms.data());
  cuda_->begin_scores(0, a->matrix.view(), wa.view(), wa.norms.data());
  cuda_->begin_scores(1, b->matrix.view(), wb.view(), wb.norms.data());
  qc_test::expect_scores_equal(cuda_->end_scores(0), ra);
  cuda_->begin_scores(0, a->matrix.view(), wa.view(), wa.norms.data());
  qc_test::expect_scores_equal(cuda_->end_scores(1), rb);
  qc_test::expect_scores_equal(cuda_->end_scores(0), ra);
}

}  // namespace
