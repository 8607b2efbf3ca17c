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

#include "matrix/row_blocks.hpp"
#include "matrix/term_ids.hpp"
#include "matrix/term_matrix.hpp"

namespace qc {

class post_matrix_builder {
 public:
  // `vocab` must outlive the builder; threads 0: all hardware threads.
  // With `kept` (a flag per vocabulary column, as dense_weights::
  // scoring_words gives), rows hold only the flagged columns: a scorer
  // reads no other, so shorter rows change no score.
  post_matrix_builder(const normalize_options& opts, const text_resources& res,
                      const vocabulary& vocab, unsigned threads,
                      std::vector<std::uint8_t> kept = {});

  // Row i is posts[i]: its prepared row (prepare()) when it has one, else
  // made here on every thread.
  term_matrix build(const std::vector<post>& posts);

  // Makes p's row (post::row, in memory from row_blocks) with the prepare
  // worker `share` (< the threads given at construction): what
  // reader_options::prepare calls on the parsing threads. A post of more
  // than kPrepareBytes of text is left as it is, for build(). Calls for
  // distinct shares, and build(), may run at the same time.
  void prepare(post& p, unsigned share);
  static constexpr std::size_t kPrepareBytes = std::size_t{4} << 20;

  // Takes back a matrix that build() made, once its user is done with it,
  // so that the next build() fills the same memory.
  void recycle(term_matrix m);

  // The threads given at construction (0 resolved): build()'s threads and
  // prepare()'s shares.
  unsigned threads() const noexcept { return threads_; }

 private:
  struct worker {
    term_id_normalizer ids;
    std::vector<std::int32_t> counts;    // per column; all zero between posts
    std::vector<std::int32_t> distinct;  // room for every column; the first n_distinct:
    std::size_t n_distinct = 0;          // the current post's distinct columns
    std::vector<std::uint64_t> seen;     // a bit per column; all zero between posts
    row_blocks::cursor rows;             // where prepare() puts the next row
  };
  struct block {  // the rows of one block of posts, concatenated
    std::vector<std::int32_t> cols, vals;
  };
  using worker_set = std::vector<std::unique_ptr<worker>>;
  void make_workers(worker_set& set) const;
  void build_block(const std::vector<post>& posts, std::size_t b, worker& w,
                   std::vector<std::int64_t>& row_ptr);
  static void count_row(worker& w, term_id_normalizer::column_list columns);
  static void sort_distinct(worker& w);
  static void take_row(worker& w, std::int32_t* cols, std::int32_t* vals);
  term_matrix assemble(std::size_t n_posts, std::vector<std::int64_t> row_ptr);
  term_matrix from_prepared(const std::vector<post>& posts);
  std::vector<std::int64_t> fresh_row_ptr(std::size_t n_posts);

  const normalize_options opts_;
  const text_resources res_;
  const vocabulary* vocab_;
  const unsigned threads_;
  std::vector<std::uint8_t> kept_;          // empty: every column (the workers point into it)
  std::unique_ptr<shared_columns> shared_;  // every worker's
  std::shared_ptr<row_blocks> row_blocks_;  // prepare()'s rows
  worker_set workers_;                      // build()'s, one per thread, made on first use
  std::vector<block> blocks_;               // build()'s
  term_matrix::arrays spare_;               // a recycled matrix's arrays, for build()
  worker_set prepare_workers_;              // prepare()'s, one per share
  std::int32_t n_cols_;
};

}  // namespace qc
