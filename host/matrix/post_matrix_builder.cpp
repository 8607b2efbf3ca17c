// Posts -> CSR with per-thread caches, dense counters and reused buffers.
#include "matrix/post_matrix_builder.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <utility>

#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"

namespace qc {
namespace {
constexpr std::size_t kBlockPosts = 64;  // posts a thread takes at a time
}

post_matrix_builder::post_matrix_builder(const normalize_options& opts, const text_resources& res,
                                         const vocabulary& vocab, unsigned threads,
                                         std::vector<std::uint8_t> kept)
    : opts_(opts),
      res_(res),
      vocab_(&vocab),
      threads_(resolve_threads(threads)),
      kept_(std::move(kept)),
      shared_(std::make_unique<shared_columns>()),
      row_blocks_(std::make_shared<row_blocks>()) {
  if (vocab.size() > static_cast<std::size_t>(INT32_MAX))
    throw error("vocabulary too large for 32-bit column ids");
  if (!kept_.empty() && kept_.size() != vocab.size())
    throw error("post_matrix_builder: one kept flag per vocabulary column is needed");
  n_cols_ = static_cast<std::int32_t>(vocab.size());
  make_workers(prepare_workers_);
}

void post_matrix_builder::make_workers(worker_set& set) const {
  set.reserve(threads_);
  for (unsigned i = 0; i < threads_; ++i)
    set.push_back(std::make_unique<worker>(worker{
        term_id_normalizer(opts_, res_, *vocab_, shared_.get(),
                           kept_.empty() ? nullptr : kept_.data()),
        std::vector<std::int32_t>(vocab_->size(), 0), std::vector<std::int32_t>(vocab_->size(), 0),
        0, std::vector<std::uint64_t>((vocab_->size() + 63) / 64, 0), row_blocks::cursor{}}));
}

// A row's distinct columns in ascending order: a sort, or when the columns'
// bit set is short against the row (small vocabularies), a pass over it.
void post_matrix_builder::sort_distinct(worker& w) {
  constexpr std::size_t kWordsPerColumn = 8;  // about a sort's cost per element
  const auto first = w.distinct.begin();
  if (w.seen.size() > w.n_distinct * kWordsPerColumn) {
    std::sort(first, first + static_cast<std::ptrdiff_t>(w.n_distinct));
    return;
  }
  for (std::size_t k = 0; k < w.n_distinct; ++k) {
    const std::int32_t c = w.distinct[k];
    w.seen[static_cast<std::size_t>(c) >> 6] |= std::uint64_t{1} << (c & 63);
  }
  std::size_t k = 0;
  for (std::size_t i = 0; i < w.seen.size(); ++i) {
    for (std::uint64_t bits = w.seen[i]; bits != 0; bits &= bits - 1)
      w.distinct[k++] =
          static_cast<std::int32_t>(i * 64 + static_cast<std::size_t>(__builtin_ctzll(bits)));
    w.seen[i] = 0;
  }
}

// One post's columns -> its distinct columns, ascending (w.distinct), with
// their counts (w.counts). A column is written at every token and kept at
// its first, so no token costs an unpredictable branch.
void post_matrix_builder::count_row(worker& w, term_id_normalizer::column_list columns) {
  std::int32_t* distinct = w.distinct.data();
  std::int32_t* counts = w.counts.data();
  std::size_t n = 0;
  for (const std::int32_t c : columns) {
    distinct[n] = c;
    n += counts[static_cast<std::size_t>(c)]++ == 0 ? 1 : 0;
  }
  w.n_distinct = n;
  sort_distinct(w);
}

// The counted row's columns and counts (n_distinct of each) into cols and
// vals; the counts start over at zero.
void post_matrix_builder::take_row(worker& w, std::int32_t* cols, std::int32_t* vals) {
  for (std::size_t k = 0; k < w.n_distinct; ++k) {
    const std::int32_t c = w.distinct[k];
    cols[k] = c;
    vals[k] = w.counts[static_cast<std::size_t>(c)];
    w.counts[static_cast<std::size_t>(c)] = 0;
  }
}

// Block b's rows into blocks_[b]; each row's length into row_ptr[row + 1].
void post_matrix_builder::build_block(const std::vector<post>& posts, std::size_t b, worker& w,
                                      std::vector<std::int64_t>& row_ptr) {
  block& out = blocks_[b];
  out.cols.clear();
  out.vals.clear();
  const std::size_t end = std::min(posts.size(), (b + 1) * kBlockPosts);
  for (std::size_t r = b * kBlockPosts; r < end; ++r) {
    const post& p = posts[r];
    if (p.prepared) {
      const std::size_t n = p.row.n;
      const std::int32_t* ints = p.row.ints.get();
      out.cols.insert(out.cols.end(), ints, ints + n);
      out.vals.insert(out.vals.end(), ints + n, ints + 2 * n);
      row_ptr[r + 1] = static_cast<std::int64_t>(n);
      continue;
    }
    count_row(w, w.ids.columns_of(p));
    const std::size_t at = out.cols.size();
    out.cols.resize(at + w.n_distinct);
    out.vals.resize(at + w.n_distinct);
    take_row(w, out.cols.data() + at, out.vals.data() + at);
    row_ptr[r + 1] = static_cast<std::int64_t>(w.n_distinct);
  }
}

void post_matrix_builder::prepare(post& p, unsigned share) {
  // A huge post is left to build(): on the parsing thread its text would
  // add to the reader's buffer and parser, which are still held.
  if (p.title.size() + p.body.size() > kPrepareBytes) return;
  worker& w = *prepare_workers_.at(share);
  count_row(w, w.ids.columns_of(p));
  std::shared_ptr<std::int32_t> ints = row_blocks_->room(w.rows, 2 * w.n_distinct);
  take_row(w, ints.get(), ints.get() + w.n_distinct);
  p.row = prepared_row{std::move(ints), w.n_distinct};
  p.prepared = true;
}

term_matrix post_matrix_builder::build(const std::vector<post>& posts) {
  if (std::all_of(posts.begin(), posts.end(), [](const post& p) { return p.prepared; }))
    return from_prepared(posts);
  if (workers_.empty()) make_workers(workers_);
  const std::size_t n_blocks = (posts.size() + kBlockPosts - 1) / kBlockPosts;
  if (blocks_.size() < n_blocks) blocks_.resize(n_blocks);
  std::vector<std::int64_t> row_ptr = fresh_row_ptr(posts.size());
  std::atomic<std::size_t> next{0};
  const auto n_workers = static_cast<unsigned>(workers_.size());
  parallel_chunks(n_workers, n_workers, [&](std::size_t t, std::size_t, unsigned) {
    for (std::size_t b = next++; b < n_blocks; b = next++)
      build_block(posts, b, *workers_[t], row_ptr);
  });
  return assemble(posts.size(), std::move(row_ptr));
}

void post_matrix_builder::recycle(term_matrix m) { spare_ = m.release(); }

// n_posts + 1 zeros, in a recycled matrix's memory when there is one.
std::vector<std::int64_t> post_matrix_builder::fresh_row_ptr(std::size_t n_posts) {
  std::vector<std::int64_t> row_ptr = std::move(spare_.row_ptr);
  row_ptr.assign(n_posts + 1, 0);
  return row_ptr;
}

// Row lengths -> offsets, then the blocks' rows one after the other.
term_matrix post_matrix_builder::assemble(std::size_t n_posts, std::vector<std::int64_t> row_ptr) {
  for (std::size_t r = 0; r < n_posts; ++r) row_ptr[r + 1] += row_ptr[r];
  std::vector<std::int32_t> cols = std::move(spare_.col_idx);
  std::vector<std::int32_t> vals = std::move(spare_.values);
  cols.resize(static_cast<std::size_t>(row_ptr[n_posts]));
  vals.resize(cols.size());
  std::size_t at = 0;
  const std::size_t n_blocks = (n_posts + kBlockPosts - 1) / kBlockPosts;
  for (std::size_t b = 0; b < n_blocks; ++b) {
    const block& bl = blocks_[b];
    if (bl.cols.empty()) continue;
    std::memcpy(cols.data() + at, bl.cols.data(), bl.cols.size() * sizeof(std::int32_t));
    std::memcpy(vals.data() + at, bl.vals.data(), bl.vals.size() * sizeof(std::int32_t));
    at += bl.cols.size();
  }
  return term_matrix::from_parts(n_cols_, std::move(row_ptr), std::move(cols), std::move(vals));
}

// Every post prepared: its rows one after the other.
term_matrix post_matrix_builder::from_prepared(const std::vector<post>& posts) {
  std::vector<std::int64_t> row_ptr = fresh_row_ptr(posts.size());
  for (std::size_t r = 0; r < posts.size(); ++r)
    row_ptr[r + 1] = row_ptr[r] + static_cast<std::int64_t>(posts[r].row.n);
  std::vector<std::int32_t> cols = std::move(spare_.col_idx);
  std::vector<std::int32_t> vals = std::move(spare_.values);
  cols.clear();
  vals.clear();
  cols.reserve(static_cast<std::size_t>(row_ptr.back()));
  vals.reserve(static_cast<std::size_t>(row_ptr.back()));
  for (const post& p : posts) {
    const std::int32_t* ints = p.row.ints.get();
    cols.insert(cols.end(), ints, ints + p.row.n);
    vals.insert(vals.end(), ints + p.row.n, ints + 2 * p.row.n);
  }
  return term_matrix::from_parts(n_cols_, std::move(row_ptr), std::move(cols), std::move(vals));
}

}  // namespace qc
