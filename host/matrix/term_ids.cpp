// Raw tokens to vocabulary columns through a per-thread cache.
#include "matrix/term_ids.hpp"

#include "core/token_hash.hpp"

namespace qc {
namespace {
// Distinct raw tokens kept before the cache starts over (bounds its memory:
// about 32 MB of table plus the long keys).
constexpr std::size_t kMaxCachedTokens = std::size_t{1} << 19;
}  // namespace

term_id_normalizer::term_id_normalizer(const normalize_options& opts, const text_resources& res,
                                       const vocabulary& vocab)
    : norm_(opts, res), vocab_(&vocab) {}

std::int32_t term_id_normalizer::column_of_new(std::string_view raw, std::uint64_t h) {
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  const std::string word = norm_.normalize_token(raw);
  const std::int32_t col = word.empty() ? -1 : vocab_->id_of(word);
  cache_.insert(raw, col, h);
  return col;
}

// One text's raw tokens, looked up a few tokens behind the scan: each
// token's slot is prefetched when it is hashed, so the lookup, kLookahead
// tokens later, rarely waits for memory. Columns come out in token order.
void term_id_normalizer::append_text_columns(std::string_view text,
                                             std::vector<std::int32_t>& out) {
  constexpr std::size_t kLookahead = 8;  // a power of two
  struct pending {
    std::string_view raw;
    std::uint64_t h;
  };
  pending ring[kLookahead];
  std::size_t first = 0, count = 0;  // ring[first..] are waiting, oldest first
  const auto resolve = [&](const pending& t) {
    const std::int32_t* hit = cache_.find(t.raw, t.h);
    const std::int32_t col = hit ? *hit : column_of_new(t.raw, t.h);
    if (col >= 0) out.push_back(col);
  };
  for_each_raw_token(text, [&](std::string_view raw) {
    const std::uint64_t h = token_hash(raw);
    cache_.prefetch(h);
    if (count == kLookahead) {
      resolve(ring[first]);
      ring[first] = {raw, h};
      first = (first + 1) % kLookahead;
    } else {
      ring[(first + count++) % kLookahead] = {raw, h};
    }
  });
  for (; count > 0; --count, first = (first + 1) % kLookahead) resolve(ring[first]);
}

void term_id_normalizer::append_columns(const post& p, std::vector<std::int32_t>& out) {
  norm_.for_each_text_of(p, [&](std::string_view text) { append_text_columns(text, out); });
}

}  // namespace qc
