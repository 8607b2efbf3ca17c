// Raw tokens to word ids through a per-thread cache.
#include "train/word_ids.hpp"

#include <string>

#include "core/token_hash.hpp"

namespace qc {
namespace {
// Distinct raw tokens kept from batch to batch before the cache and the
// words start over (bounds their memory across posts).
constexpr std::size_t kMaxCachedTokens = std::size_t{1} << 19;
}  // namespace

word_id_normalizer::word_id_normalizer(const normalize_options& opts, const text_resources& res)
    : norm_(opts, res) {}

std::int32_t word_id_normalizer::word_of_new(std::string_view raw, std::uint64_t h) {
  const std::string word = norm_.normalize_token(raw);
  const std::int32_t id = word.empty() ? -1 : static_cast<std::int32_t>(words_.intern(word));
  cache_.insert(raw, id, h);
  return id;
}

void word_id_normalizer::append_words(const post& p, std::vector<std::uint32_t>& out) {
  norm_.for_each_raw_token_of(p, [&](std::string_view raw) {
    const std::uint64_t h = token_hash(raw);
    const std::int32_t* hit = cache_.find(raw, h);
    const std::int32_t id = hit ? *hit : word_of_new(raw, h);
    if (id >= 0) out.push_back(static_cast<std::uint32_t>(id));
  });
}

void word_id_normalizer::trim() {
  if (cache_.size() < kMaxCachedTokens) return;
  cache_.clear();
  words_ = term_dictionary{};
}

}  // namespace qc
