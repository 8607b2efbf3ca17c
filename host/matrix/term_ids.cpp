// Raw tokens to vocabulary columns through a per-thread cache.
#include "matrix/term_ids.hpp"

#include <algorithm>
#include <utility>

#include "core/token_hash.hpp"

namespace qc {
namespace {
// Distinct raw tokens kept before the cache starts over (bounds its memory:
// about 16 MB of table plus the long keys).
constexpr std::size_t kMaxCachedTokens = std::size_t{1} << 19;
// The same for the cache the threads share (about 4 MB of tables).
constexpr std::size_t kMaxSharedTokens = std::size_t{1} << 17;
}  // namespace

bool shared_columns::find(std::string_view raw, std::uint64_t h, std::int32_t& column) const {
  const shard& s = shard_of(h);
  const std::lock_guard<std::mutex> lock(s.mu);
  const std::int32_t* hit = s.map.find(raw, h);
  if (hit) column = *hit;
  return hit != nullptr;
}

void shared_columns::insert(std::string_view raw, std::uint64_t h, std::int32_t column) {
  shard& s = shard_of(h);
  const std::lock_guard<std::mutex> lock(s.mu);
  if (s.map.find(raw, h)) return;  // another thread was first
  if (s.map.size() >= kMaxSharedTokens / kShards) s.map.clear();
  s.map.insert(raw, column, h);
}

term_id_normalizer::term_id_normalizer(const normalize_options& opts, const text_resources& res,
                                       const vocabulary& vocab, shared_columns* shared,
                                       const std::uint8_t* kept)
    : norm_(opts, res), vocab_(&vocab), shared_(shared), kept_(kept) {}

std::int32_t term_id_normalizer::column_of_new(std::string_view raw, std::uint64_t h) {
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  std::int32_t col = -1;
  if (!shared_ || !shared_->find(raw, h, col)) {
    const std::string word = norm_.normalize_token(raw);
    col = word.empty() ? -1 : vocab_->id_of(word);
    if (col >= 0 && kept_ && !kept_[col]) col = -1;
    if (shared_) shared_->insert(raw, h, col);
  }
  cache_.insert(raw, col, h);
  return col;
}

void term_id_normalizer::grow() {
  const std::size_t bigger = std::max<std::size_t>(1024, capacity_ * 2);
  std::unique_ptr<std::int32_t[]> fresh(new std::int32_t[bigger]);
  std::copy(columns_.get(), columns_.get() + size_, fresh.get());
  columns_ = std::move(fresh);
  capacity_ = bigger;
}

// One text's raw tokens, each looked up in the cache (a hit nearly always):
// its column is written, and kept only when it is one.
void term_id_normalizer::add_text_columns(std::string_view text) {
  std::size_t n = size_;
  const char* const padded_end = text.data() + text.size() - std::min<std::size_t>(8, text.size());
  for_each_raw_token(text, [&](std::string_view raw) {
    if (n == capacity_) {
      size_ = n;
      grow();
    }
    std::uint64_t h;
    const std::int32_t* hit;
    if (raw.size() <= 8 && raw.data() <= padded_end) {  // 8 bytes readable: one load
      const std::uint64_t word = token_word_padded(raw);
      h = short_token_hash(word);
      hit = cache_.find_short(raw.size(), word, h);
    } else {
      h = token_hash(raw);
      hit = cache_.find(raw, h);
    }
    const std::int32_t col = hit ? *hit : column_of_new(raw, h);
    columns_[n] = col;
    n += col >= 0 ? 1 : 0;
  });
  size_ = n;
}

term_id_normalizer::column_list term_id_normalizer::columns_of(const post& p) {
  // A huge post's columns are not kept for the rest of the run.
  constexpr std::size_t kKeepColumns = std::size_t{1} << 22;
  if (capacity_ > kKeepColumns) {
    columns_.reset();
    capacity_ = 0;
  }
  size_ = 0;
  norm_.for_each_text_of(p, [&](std::string_view text) { add_text_columns(text); });
  return {columns_.get(), size_};
}

}  // namespace qc
