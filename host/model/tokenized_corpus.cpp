// Token interning.
#include "model/tokenized_corpus.hpp"

namespace qc {

std::uint32_t term_dictionary::intern(std::string_view w) {
  auto [it, inserted] = ids_.try_emplace(std::string(w), static_cast<std::uint32_t>(words_.size()));
  if (inserted) words_.emplace_back(w);
  return it->second;
}

std::int64_t term_dictionary::find(std::string_view w) const {
  const auto it = ids_.find(std::string(w));
  return it == ids_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

}  // namespace qc
