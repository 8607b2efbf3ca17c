// A generated grid-sweep problem shared by the grid-sweep tests (CPU and
// CUDA): random short posts (many empty, many exact ties), labels with some
// multi-label posts, and configurations over several top-Ks, both norms and
// both manual scopes, where the norms of one (top-K, scope) share a weight
// set as in run_sweep.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "plain_reference.hpp"
#include "qc/kernels/backend.hpp"
#include "random_posts.hpp"
#include "train/training.hpp"

namespace qc_test {

struct grid_problem {
  qc::term_matrix matrix;
  qc::truth_lists truth;
  std::vector<qc::dense_weights> sets;
  std::vector<std::vector<double>> norms;
  std::vector<qc::grid_config> configs;
  std::vector<double> alphas;
  int K = 0;
};

inline std::unique_ptr<grid_problem> make_grid_problem(std::size_t n, std::size_t n_alphas,
                                                       std::uint64_t seed) {
  auto g = std::make_unique<grid_problem>();
  const int K = 3;
  g->K = K;
  random_posts posts = make_random_posts(seed * 2654435761ULL + n, n, 7, 15, K, true);
  const qc::vocabulary& vocab = posts.vocab;
  const auto& labels = posts.labels;
  const auto& rows = posts.rows;
  g->matrix = std::move(posts.matrix);
  g->truth = qc::make_truth(labels, rows);
  const qc::keyword_trainer tr(g->matrix.view(), labels, rows, static_cast<std::size_t>(K), vocab);
  const std::vector<std::set<std::string>> kw = {{"w1", "w9"}, {"w2", "w3"}, {}};
  const std::vector<std::string> names = {"a", "b", "c"};
  for (std::size_t top_k : {1u, 4u}) {
    for (auto scope : {qc::manual_scope::topk, qc::manual_scope::all})
      g->sets.push_back(qc::compile_weights(
          tr.select(top_k, qc::norm_kind::l2, scope, kw, names, vocab), vocab.size()));
    const std::size_t first = g->sets.size() - 2;
    for (auto norm : {qc::norm_kind::l2, qc::norm_kind::sum}) {
      for (std::size_t si = 0; si < 2; ++si) {
        const auto scope = si == 0 ? qc::manual_scope::topk : qc::manual_scope::all;
        std::vector<double> nk;
        for (const auto& cw : tr.select(top_k, norm, scope, kw, names, vocab))
          nk.push_back(cw.norm_value);
        g->norms.push_back(std::move(nk));
        g->configs.push_back(qc::grid_config{g->sets[first + si].view(), nullptr});
      }
    }
  }
  for (std::size_t i = 0; i < g->configs.size(); ++i) g->configs[i].norms = g->norms[i].data();
  for (std::size_t a = 0; a < n_alphas; ++a)
    g->alphas.push_back(n_alphas > 1 ? static_cast<double>(a) / static_cast<double>(n_alphas - 1)
                                     : 0.5);
  return g;
}

// The counts every configuration must have, from plain_counts(): the
// reference backend's loops, one configuration at a time (the oracle).
inline std::vector<std::uint64_t> expected_counts(const grid_problem& g, qc::tie_rule ties) {
  std::vector<std::uint64_t> out;
  for (const auto& c : g.configs) {
    const auto one = plain_counts(g.matrix.view(), c.w, c.norms, g.truth.view(), g.alphas, ties);
    out.insert(out.end(), one.begin(), one.end());
  }
  return out;
}

// The counts of every configuration, one grid_sweep() call of one
// configuration each on `be`.
inline std::vector<std::uint64_t> per_config_counts(qc::backend& be, const grid_problem& g,
                                                    qc::tie_rule ties) {
  const auto n_alphas = static_cast<std::int64_t>(g.alphas.size());
  const std::int64_t block = qc::counts_stride(g.K) * n_alphas;
  std::vector<std::uint64_t> out(static_cast<std::size_t>(block) * g.configs.size(),
                                 ~std::uint64_t{0});
  for (std::size_t c = 0; c < g.configs.size(); ++c)
    be.grid_sweep(g.matrix.view(), &g.configs[c], 1, g.truth.view(), g.alphas.data(), n_alphas,
                  ties, out.data() + static_cast<std::int64_t>(c) * block);
  return out;
}

// The counts of every configuration from one grid_sweep() call on `be`.
inline std::vector<std::uint64_t> grid_counts(qc::backend& be, const grid_problem& g,
                                              qc::tie_rule ties) {
  const auto n_alphas = static_cast<std::int64_t>(g.alphas.size());
  std::vector<std::uint64_t> out(
      static_cast<std::size_t>(qc::counts_stride(g.K) * n_alphas) * g.configs.size(),
      ~std::uint64_t{0});
  be.grid_sweep(g.matrix.view(), g.configs.data(), static_cast<std::int64_t>(g.configs.size()),
                g.truth.view(), g.alphas.data(), n_alphas, ties, out.data());
  return out;
}

// A slot's results equal the expected scores of the same batch, bit for bit.
inline void expect_scores_equal(const qc::scores_view& s, const qc::row_scores& r) {
  ASSERT_EQ(static_cast<std::size_t>(s.n_rows * s.n_cats), r.d.size());
  EXPECT_EQ(std::vector<std::int64_t>(s.d, s.d + r.d.size()), r.d);
  EXPECT_EQ(std::vector<std::int64_t>(s.s1, s.s1 + r.s1.size()), r.s1);
  EXPECT_EQ(std::vector<double>(s.s0, s.s0 + r.s0.size()), r.s0);
}

}  // namespace qc_test
