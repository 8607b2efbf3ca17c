// CSR construction: count -> scan -> fill.
#include "matrix/term_matrix.hpp"

#include <algorithm>
#include <atomic>
#include <ostream>
#include <utility>

#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"

namespace qc {
namespace {

// The sorted in-vocabulary columns of one post.
void sorted_columns(const tokenized_corpus& c, const std::vector<std::int32_t>& cols,
                    std::size_t row, std::vector<std::int32_t>& out) {
  out.clear();
  const auto& ids = c.ids();
  for (std::uint64_t i = c.offsets()[row]; i < c.offsets()[row + 1]; ++i) {
    const std::int32_t col = cols[ids[i]];
    if (col >= 0) out.push_back(col);
  }
  std::sort(out.begin(), out.end());
}

}  // namespace

std::uint64_t term_matrix::next_content_id() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

template <class ColumnsOf>
term_matrix term_matrix::build_rows(std::size_t n, std::int32_t n_cols, unsigned threads,
                                    ColumnsOf cols_of) {
  term_matrix m;
  m.n_cols_ = n_cols;
  m.row_ptr_.assign(n + 1, 0);
  const unsigned t = resolve_threads(threads);

  // 1. count: distinct columns per row, into row_ptr[r + 1].
  parallel_chunks(n, t, [&](std::size_t b, std::size_t e, unsigned) {
    std::vector<std::int32_t> buf;
    for (std::size_t r = b; r < e; ++r) {
      cols_of(r, buf);
      m.row_ptr_[r + 1] =
          static_cast<std::int64_t>(std::unique(buf.begin(), buf.end()) - buf.begin());
    }
  });
  // 2. exclusive scan (inclusive over the shifted counts).
  for (std::size_t r = 0; r < n; ++r) m.row_ptr_[r + 1] += m.row_ptr_[r];
  m.col_idx_.resize(static_cast<std::size_t>(m.row_ptr_[n]));
  m.values_.resize(static_cast<std::size_t>(m.row_ptr_[n]));
  // 3. fill: run-length encode each row's sorted columns into its slot.
  parallel_chunks(n, t, [&](std::size_t b, std::size_t e, unsigned) {
    std::vector<std::int32_t> buf;
    for (std::size_t r = b; r < e; ++r) {
      cols_of(r, buf);
      auto k = static_cast<std::size_t>(m.row_ptr_[r]);
      for (std::size_t i = 0; i < buf.size();) {
        std::size_t j = i;
        while (j < buf.size() && buf[j] == buf[i]) ++j;
        m.col_idx_[k] = buf[i];
        m.values_[k] = static_cast<std::int32_t>(j - i);
        ++k;
        i = j;
      }
    }
  });
  return m;
}

term_matrix term_matrix::build(const tokenized_corpus& corpus, const vocabulary& vocab,
                               unsigned threads) {
  if (vocab.size() > static_cast<std::size_t>(INT32_MAX))
    throw error("vocabulary too large for 32-bit column ids");
  const std::vector<std::int32_t> cols = vocab.columns_for(corpus.dictionary());
  return build_rows(
      corpus.n_posts(), static_cast<std::int32_t>(vocab.size()), threads,
      [&](std::size_t r, std::vector<std::int32_t>& buf) { sorted_columns(corpus, cols, r, buf); });
}

term_matrix term_matrix::from_token_lists(const std::vector<std::vector<std::string>>& posts,
                                          const vocabulary& vocab, unsigned threads) {
  // Each row's sorted columns once (build_rows asks for them twice).
  std::vector<std::vector<std::int32_t>> cols(posts.size());
  parallel_chunks(posts.size(), resolve_threads(threads),
                  [&](std::size_t b, std::size_t e, unsigned) {
                    for (std::size_t r = b; r < e; ++r) {
                      std::vector<std::int32_t>& c = cols[r];
                      c.reserve(posts[r].size());
                      for (const std::string& t : posts[r]) {
                        const std::int32_t id = vocab.id_of(t);
                        if (id >= 0) c.push_back(id);
                      }
                      std::sort(c.begin(), c.end());
                    }
                  });
  return build_rows(posts.size(), static_cast<std::int32_t>(vocab.size()), threads,
                    [&](std::size_t r, std::vector<std::int32_t>& buf) { buf = cols[r]; });
}

term_matrix term_matrix::from_parts(std::int32_t n_cols, std::vector<std::int64_t> row_ptr,
                                    std::vector<std::int32_t> col_idx,
                                    std::vector<std::int32_t> values) {
  if (row_ptr.empty() || row_ptr.front() != 0 ||
      static_cast<std::size_t>(row_ptr.back()) != col_idx.size() || col_idx.size() != values.size())
    throw error("inconsistent CSR arrays");
  term_matrix m;
  m.n_cols_ = n_cols;
  m.row_ptr_ = std::move(row_ptr);
  m.col_idx_ = std::move(col_idx);
  m.values_ = std::move(values);
  return m;
}

term_matrix term_matrix::select_rows(const std::vector<std::size_t>& rows) const {
  return stack_rows({row_selection{this, &rows}});
}

term_matrix term_matrix::stack_rows(const std::vector<row_selection>& parts) {
  term_matrix m;
  m.row_ptr_.assign(1, 0);
  for (const row_selection& part : parts) {
    const term_matrix& from = *part.matrix;
    m.n_cols_ = std::max(m.n_cols_, from.n_cols_);
    for (std::size_t r : *part.rows) {
      if (r + 1 >= from.row_ptr_.size()) throw error("row index out of range");
      const auto b = static_cast<std::ptrdiff_t>(from.row_ptr_[r]),
                 e = static_cast<std::ptrdiff_t>(from.row_ptr_[r + 1]);
      m.col_idx_.insert(m.col_idx_.end(), from.col_idx_.begin() + b, from.col_idx_.begin() + e);
      m.values_.insert(m.values_.end(), from.values_.begin() + b, from.values_.begin() + e);
      m.row_ptr_.push_back(static_cast<std::int64_t>(m.col_idx_.size()));
    }
  }
  return m;
}

term_matrix::arrays term_matrix::release() {
  arrays a{std::move(row_ptr_), std::move(col_idx_), std::move(values_), n_cols_};
  row_ptr_.assign(1, 0);
  col_idx_.clear();
  values_.clear();
  content_id_ = next_content_id();
  return a;
}

void term_matrix::write_matrix_market(std::ostream& out) const {
  out << "%%MatrixMarket matrix coordinate integer general\n"
      << "% qclass term matrix: row = post (input order), column = vocabulary id\n"
      << n_rows() << ' ' << n_cols_ << ' ' << nnz() << '\n';
  for (std::int64_t r = 0; r < n_rows(); ++r) {
    for (std::int64_t k = row_ptr_[static_cast<std::size_t>(r)];
         k < row_ptr_[static_cast<std::size_t>(r) + 1]; ++k) {
      const auto kk = static_cast<std::size_t>(k);
      out << (r + 1) << ' ' << (col_idx_[kk] + 1) << ' ' << values_[kk] << '\n';
    }
  }
}

}  // namespace qc
