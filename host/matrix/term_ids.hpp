// Posts straight to vocabulary columns, for scoring (DEFINITIONS.md 1, 2 and
// the model's vocabulary): one per thread, a cache maps each distinct raw
// token to its column or to "not in the vocabulary" (dropped tokens
// included), so a token costs one hash and one probe, and neither a string
// nor a token list is made per token. A token no thread's cache holds yet
// is looked up in a cache the threads share (shared_columns), so each
// distinct token is normalized once, not once per thread. Columns come out
// exactly as vocabulary::id_of over normalizer::tokens() would give them.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/token_id_map.hpp"
#include "model/vocabulary.hpp"
#include "text/normalizer.hpp"

namespace qc {

// Raw token -> column (or -1) for the threads of one builder: what any of
// them has normalized, in shards each under its own lock (a thread looks
// here only when its own cache misses). Bounded like the threads' caches.
class shared_columns {
 public:
  // The column stored for raw (h == token_hash(raw)), if any.
  bool find(std::string_view raw, std::uint64_t h, std::int32_t& column) const;
  // Stores raw's column unless it is there already.
  void insert(std::string_view raw, std::uint64_t h, std::int32_t column);

 private:
  struct shard {
    mutable std::mutex mu;
    token_id_map map;
  };
  static constexpr std::size_t kShards = 16;
  shard& shard_of(std::uint64_t h) const noexcept { return shards_[(h >> 59) % kShards]; }
  mutable std::array<shard, kShards> shards_;
};

class term_id_normalizer {
 public:
  // `vocab` (and `shared` and `kept`, when given) must outlive this object.
  // With `kept` (a flag per vocabulary column), a column without its flag
  // is left out like a word outside the vocabulary.
  term_id_normalizer(const normalize_options& opts, const text_resources& res,
                     const vocabulary& vocab, shared_columns* shared = nullptr,
                     const std::uint8_t* kept = nullptr);

  // A list of columns (valid until the next call on this object).
  struct column_list {
    const std::int32_t* data;
    std::size_t size;
    const std::int32_t* begin() const noexcept { return data; }
    const std::int32_t* end() const noexcept { return data + size; }
  };

  // The columns of p's normalized tokens that are in the vocabulary, in
  // token order.
  column_list columns_of(const post& p);

 private:
  std::int32_t column_of_new(std::string_view raw, std::uint64_t h);  // a cache miss
  void add_text_columns(std::string_view text);
  void grow();
  normalizer norm_;
  const vocabulary* vocab_;
  shared_columns* shared_;
  const std::uint8_t* kept_;
  token_id_map cache_;  // raw token -> column, or -1
  // The current post's columns: every token's slot is written and kept only
  // when in the vocabulary, so no token costs an unpredictable branch.
  std::unique_ptr<std::int32_t[]> columns_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

}  // namespace qc
