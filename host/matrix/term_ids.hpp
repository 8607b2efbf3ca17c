// Posts straight to vocabulary columns, for scoring (DEFINITIONS.md 1, 2 and
// the model's vocabulary): one per thread, a cache maps each distinct raw
// token to its column or to "not in the vocabulary" (dropped tokens
// included), so a token costs one hash and one probe, and neither a string
// nor a token list is made per token. Columns come out exactly as
// vocabulary::id_of over normalizer::tokens() would give them.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/token_id_map.hpp"
#include "model/vocabulary.hpp"
#include "text/normalizer.hpp"

namespace qc {

class term_id_normalizer {
 public:
  // `vocab` must outlive this object.
  term_id_normalizer(const normalize_options& opts, const text_resources& res,
                     const vocabulary& vocab);

  // Appends the columns of p's normalized tokens that are in the vocabulary,
  // in token order.
  void append_columns(const post& p, std::vector<std::int32_t>& out);

 private:
  std::int32_t column_of_new(std::string_view raw, std::uint64_t h);  // a cache miss
  void append_text_columns(std::string_view text, std::vector<std::int32_t>& out);
  normalizer norm_;
  const vocabulary* vocab_;
  token_id_map cache_;  // raw token -> column, or -1
};

}  // namespace qc
