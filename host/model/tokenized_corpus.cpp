// Token interning.
#include "model/tokenized_corpus.hpp"

#include <algorithm>

namespace qc {

std::uint32_t term_dictionary::intern(std::string_view w) {
  auto [it, inserted] = ids_.try_emplace(std::string(w), static_cast<std::uint32_t>(words_.size()));
  if (inserted) words_.emplace_back(w);
  return it->second;
}

void tokenized_corpus::add_posts(const std::vector<std::string>& words,
                                 const std::vector<std::uint32_t>& ids,
                                 const std::vector<std::size_t>& offsets) {
  // Room for the batch's tokens at once: a huge post is not copied on a
  // doubling of ids_ (growth stays geometric for the ordinary batches).
  const std::size_t need = ids_.size() + ids.size();
  if (need > ids_.capacity()) ids_.reserve(std::max(need, ids_.capacity() + ids_.capacity() / 2));
  std::vector<std::uint32_t> id_of(words.size());
  for (std::size_t w = 0; w < words.size(); ++w) id_of[w] = dict_.intern(words[w]);
  for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
    for (std::size_t k = offsets[i]; k < offsets[i + 1]; ++k) add_token(id_of[ids[k]]);
    offsets_.push_back(ids_.size());
  }
}

std::int64_t term_dictionary::find(std::string_view w) const {
  const auto it = ids_.find(std::string(w));
  return it == ids_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

}  // namespace qc
