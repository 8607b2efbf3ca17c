// A sweep split by rows (eval/sweep: sweep_counts, sweep_from_counts), on the
// bundled posts: the counts of ranges that tile the test part add up to the
// whole part's, and the table from their sum is run_sweep's table exactly
// (the same CSV text, best point and exact best alpha), on every CPU backend.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "bundled_sample.hpp"
#include "eval/sweep.hpp"
#include "formats/sweep_csv.hpp"
#include "qc/core/error.hpp"
#include "train/training.hpp"

namespace {

const qc::training_result& bundled_training() {
  static const qc::training_result* t = [] {
    const qc_test::bundled_sample s = qc_test::load_bundled_sample();
    return new qc::training_result(
        qc::train_keyword_model(s.data, qc::keyword_model{}, s.keywords, s.res, 0));
  }();
  return *t;
}

qc::sweep_spec small_grid() {
  qc::sweep_spec spec;
  spec.alphas = qc::make_alpha_grid("0:1:0.1");
  spec.top_ks = {50, 200};
  spec.norms = {qc::norm_kind::l2, qc::norm_kind::sum};
  spec.scopes = {qc::manual_scope::topk, qc::manual_scope::all};
  return spec;
}

std::string table_text(const qc::sweep_result& r, const qc::sweep_spec& spec,
                       const qc::training_result& t) {
  std::ostringstream out;
  qc::write_sweep_table(out, r, spec, t.model.labels);
  return out.str();
}

TEST(sweep_counts, ranges_add_up_and_give_run_sweeps_table) {
  const qc::training_result& t = bundled_training();
  const qc::sweep_spec spec = small_grid();
  const std::size_t n = t.test_rows.size();
  ASSERT_GT(n, 10u);
  for (const char* name : {"reference", "cpu"}) {
    SCOPED_TRACE(name);
    const auto be = qc::make_cpu_backend(name, 2);
    const std::vector<std::uint64_t> whole = qc::sweep_counts(*be, t, spec, 0, n);
    const auto stride = static_cast<std::size_t>(qc::counts_stride(int(t.model.labels.size())));
    ASSERT_EQ(whole.size(), qc::grid_points(spec) * stride);
    ASSERT_EQ(qc::grid_points(spec), 2u * 2u * 2u * 11u);
    std::vector<std::uint64_t> sum(whole.size(), 0);
    for (auto [r0, r1] :
         {std::pair<std::size_t, std::size_t>{0, 7}, {7, 7}, {7, n / 2}, {n / 2, n}}) {
      const std::vector<std::uint64_t> part = qc::sweep_counts(*be, t, spec, r0, r1);
      ASSERT_EQ(part.size(), whole.size());
      ASSERT_EQ(part[stride - 1], r1 - r0);  // the posts it counted
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += part[i];
    }
    ASSERT_EQ(sum, whole);
    const qc::sweep_result direct = qc::run_sweep(*be, t, spec);
    const qc::sweep_result merged = qc::sweep_from_counts(*be, t, spec, sum);
    ASSERT_EQ(merged.best, direct.best);
    ASSERT_TRUE(merged.exact.has_value());
    ASSERT_EQ(merged.exact->alpha, direct.exact->alpha);
    ASSERT_EQ(table_text(merged, spec, t), table_text(direct, spec, t));
  }
}

TEST(sweep_counts, bad_ranges_and_counts_are_refused) {
  const qc::training_result& t = bundled_training();
  const qc::sweep_spec spec = small_grid();
  const auto be = qc::make_cpu_backend("cpu", 1);
  const std::size_t n = t.test_rows.size();
  EXPECT_THROW(qc::sweep_counts(*be, t, spec, 0, n + 1), qc::usage_error);
  EXPECT_THROW(qc::sweep_counts(*be, t, spec, 5, 4), qc::usage_error);
  std::vector<std::uint64_t> c = qc::sweep_counts(*be, t, spec, 0, n);
  c.pop_back();
  EXPECT_THROW(qc::sweep_from_counts(*be, t, spec, c), qc::usage_error);
}

}  // namespace
