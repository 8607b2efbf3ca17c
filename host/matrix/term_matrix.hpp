// The CSR term matrix that owns its arrays; view() hands a csr_view to the
// backends. Built in three steps (count -> exclusive scan -> fill), each
// parallel over rows, so the result is the same for every thread count.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "model/tokenized_corpus.hpp"
#include "model/vocabulary.hpp"
#include "qc/kernels/csr_view.hpp"

namespace qc {

class term_matrix {
 public:
  term_matrix() : row_ptr_(1, 0) {}
  // Rows are the corpus's posts; tokens outside the vocabulary are ignored.
  static term_matrix build(const tokenized_corpus& corpus, const vocabulary& vocab,
                           unsigned threads = 0);

  // Posts given as token lists (scoring: no dictionary that grows with the input).
  static term_matrix from_token_lists(const std::vector<std::vector<std::string>>& posts,
                                      const vocabulary& vocab, unsigned threads = 0);
  // A matrix from its CSR arrays (row_ptr[0] == 0, columns strictly
  // increasing within a row, counts > 0), as post_matrix_builder makes them.
  static term_matrix from_parts(std::int32_t n_cols, std::vector<std::int64_t> row_ptr,
                                std::vector<std::int32_t> col_idx,
                                std::vector<std::int32_t> values);
  // The given rows, in the given order.
  term_matrix select_rows(const std::vector<std::size_t>& rows) const;
  // Rows of several matrices one after another (cross-validation stacks
  // every fold's test rows): each part's rows, part after part. The
  // columns are the widest part's.
  struct row_selection {
    const term_matrix* matrix;
    const std::vector<std::size_t>* rows;
  };
  static term_matrix stack_rows(const std::vector<row_selection>& parts);

  csr_view view() const {
    return csr_view{static_cast<std::int64_t>(row_ptr_.size() - 1),
                    n_cols_,
                    row_ptr_.data(),
                    col_idx_.data(),
                    values_.data(),
                    content_id_};
  }
  std::int64_t n_rows() const { return static_cast<std::int64_t>(row_ptr_.size() - 1); }
  std::int32_t n_cols() const { return n_cols_; }
  std::int64_t nnz() const { return row_ptr_.back(); }
  const std::vector<std::int64_t>& row_ptr() const { return row_ptr_; }
  const std::vector<std::int32_t>& col_idx() const { return col_idx_; }
  const std::vector<std::int32_t>& values() const { return values_; }

  // The arrays, moved out for another owner (no copy); the matrix is left
  // with no rows.
  struct arrays {
    std::vector<std::int64_t> row_ptr;
    std::vector<std::int32_t> col_idx;
    std::vector<std::int32_t> values;
    std::int32_t n_cols = 0;
  };
  arrays release();

  // Matrix Market coordinate integer format (1-based), rows in order.
  void write_matrix_market(std::ostream& out) const;

 private:
  // count -> scan -> fill over rows whose sorted columns cols_of(r, buf) yields.
  template <class ColumnsOf>
  static term_matrix build_rows(std::size_t n, std::int32_t n_cols, unsigned threads,
                                ColumnsOf cols_of);

  std::vector<std::int64_t> row_ptr_;
  std::vector<std::int32_t> col_idx_;
  std::vector<std::int32_t> values_;
  std::int32_t n_cols_ = 0;
  // Set once a matrix is built; matrices are immutable afterwards.
  std::uint64_t content_id_ = next_content_id();
  static std::uint64_t next_content_id();
};

}  // namespace qc
