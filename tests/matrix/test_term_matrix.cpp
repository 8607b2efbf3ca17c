// CSR term matrix: structure, counts, determinism across thread counts.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "corpus_of.hpp"
#include "matrix/term_matrix.hpp"

namespace {

using V = std::vector<std::string>;

qc::vocab_options all_words() {
  qc::vocab_options o;
  o.min_df = 1;
  return o;
}

TEST(term_matrix, small_example) {
  const auto c = corpus_of({{"b", "a", "b"}, {}, {"c", "oov", "a"}});
  const auto v = qc::vocabulary::from_words({"a", "b", "c"}, {2, 1, 1});
  const auto m = qc::term_matrix::build(c, v, 1);
  EXPECT_EQ(m.n_rows(), 3);
  EXPECT_EQ(m.n_cols(), 3);
  EXPECT_EQ(m.row_ptr(), (std::vector<std::int64_t>{0, 2, 2, 4}));
  EXPECT_EQ(m.col_idx(), (std::vector<std::int32_t>{0, 1, 0, 2}));
  EXPECT_EQ(m.values(), (std::vector<std::int32_t>{1, 2, 1, 1}));
  const qc::csr_view view = m.view();
  EXPECT_EQ(view.nnz(), 4);
  EXPECT_EQ(view.row_begin(2), 2);
  EXPECT_EQ(view.row_end(2), 4);
  std::ostringstream mm;
  m.write_matrix_market(mm);
  EXPECT_NE(mm.str().find("3 3 4\n1 1 1\n1 2 2\n3 1 1\n3 3 1\n"), std::string::npos) << mm.str();
}

TEST(term_matrix, empty_inputs) {
  const auto m0 = qc::term_matrix::build(corpus_of({}), qc::vocabulary{}, 2);
  EXPECT_EQ(m0.n_rows(), 0);
  EXPECT_EQ(m0.nnz(), 0);
  EXPECT_EQ(m0.view().nnz(), 0);
  const auto m1 = qc::term_matrix::build(corpus_of({{}}), qc::vocabulary{}, 2);
  EXPECT_EQ(m1.n_rows(), 1);
  EXPECT_EQ(m1.nnz(), 0);
}

// Rows sum to the number of in-vocabulary tokens; identical for any thread count.
TEST(term_matrix, same_for_every_thread_count_and_size) {
  for (std::size_t n : {1u, 31u, 32u, 33u, 513u, 5000u}) {
    std::vector<V> posts(n);
    std::uint64_t x = 12345;
    for (auto& p : posts) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      const std::size_t len = (x >> 33) % 40;
      for (std::size_t k = 0; k < len; ++k) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        p.push_back("w" + std::to_string((x >> 35) % 300));
      }
    }
    const auto c = corpus_of(posts);
    const auto v = qc::vocabulary::build(c, all_words());
    const auto ref = qc::term_matrix::build(c, v, 1);
    for (unsigned t : {2u, 3u, 8u}) {
      const auto m = qc::term_matrix::build(c, v, t);
      EXPECT_EQ(m.row_ptr(), ref.row_ptr()) << "n=" << n << " threads=" << t;
      EXPECT_EQ(m.col_idx(), ref.col_idx());
      EXPECT_EQ(m.values(), ref.values());
    }
    for (std::size_t r = 0; r < n; ++r) {
      std::int64_t sum = 0;
      for (auto k = ref.row_ptr()[r]; k < ref.row_ptr()[r + 1]; ++k) {
        sum += ref.values()[static_cast<std::size_t>(k)];
        if (k > ref.row_ptr()[r]) {
          EXPECT_LT(ref.col_idx()[static_cast<std::size_t>(k) - 1],
                    ref.col_idx()[static_cast<std::size_t>(k)]);
        }
      }
      EXPECT_EQ(sum, static_cast<std::int64_t>(posts[r].size()));
    }
  }
}

}  // namespace
