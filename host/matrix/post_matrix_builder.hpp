// Batches of posts straight to term matrices, for scoring: each post is
// normalized to vocabulary columns (term_ids.hpp) and its terms are counted
// in a dense per-thread array, so only a row's distinct columns are ordered
// (by a bit set over the columns when that is cheaper than sorting them).
// Threads take blocks of posts as they come free, every block writes its own
// buffers, and all buffers are kept from batch to batch. The matrix equals
// term_matrix::from_token_lists over the posts' normalized tokens, for every
// thread count.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "matrix/term_ids.hpp"
#include "matrix/term_matrix.hpp"

namespace qc {

class post_matrix_builder {
 public:
  // `vocab` must outlive the builder; threads 0: all hardware threads.
  post_matrix_builder(const normalize_options& opts, const text_resources& res,
                      const vocabulary& vocab, unsigned threads);

  // Row i is posts[i].
  term_matrix build(const std::vector<post>& posts);

 private:
  struct worker {
    term_id_normalizer ids;
    std::vector<std::int32_t> columns;   // the current post's columns, in token order
    std::vector<std::int32_t> counts;    // per column; all zero between posts
    std::vector<std::int32_t> distinct;  // the current post's distinct columns
    std::vector<std::uint64_t> seen;     // a bit per column; all zero between posts
  };
  struct block {  // the rows of one block of posts, concatenated
    std::vector<std::int32_t> cols, vals;
  };
  void build_block(const std::vector<post>& posts, std::size_t b, worker& w,
                   std::vector<std::int64_t>& row_ptr);
  void count_row(worker& w, block& out);
  static void sort_distinct(worker& w);
  term_matrix assemble(std::size_t n_posts, std::vector<std::int64_t> row_ptr) const;

  std::vector<std::unique_ptr<worker>> workers_;  // one per thread
  std::vector<block> blocks_;
  std::int32_t n_cols_;
};

}  // namespace qc
