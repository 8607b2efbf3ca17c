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

void term_id_normalizer::append_columns(const post& p, std::vector<std::int32_t>& out) {
  norm_.for_each_raw_token_of(p, [&](std::string_view raw) {
    const std::uint64_t h = token_hash(raw);
    const std::int32_t* hit = cache_.find(raw, h);
    const std::int32_t col = hit ? *hit : column_of_new(raw, h);
    if (col >= 0) out.push_back(col);
  });
}

}  // namespace qc
