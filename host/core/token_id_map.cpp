// token_id_map: open addressing, linear probing, keys inline or in an arena.
#include "core/token_id_map.hpp"

#include <algorithm>
#include <cstring>

namespace qc {
namespace {
constexpr std::size_t kBlockBytes = std::size_t{64} << 10;
}

// The key's length (8 bytes) and bytes, copied into the arena.
const char* token_id_map::store_key(std::string_view key) {
  const std::size_t need = sizeof(std::uint64_t) + key.size();
  const bool fits = used_blocks_ > 0 && block_used_ + need <= block_sizes_[used_blocks_ - 1];
  if (!fits) {
    // The next block (reused after clear() when it is large enough).
    if (used_blocks_ == blocks_.size() || block_sizes_[used_blocks_] < need) {
      const std::size_t bytes = std::max(kBlockBytes, need);
      blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(used_blocks_),
                     std::unique_ptr<char[]>(new char[bytes]));  // not zeroed
      block_sizes_.insert(block_sizes_.begin() + static_cast<std::ptrdiff_t>(used_blocks_), bytes);
    }
    ++used_blocks_;
    block_used_ = 0;
  }
  char* out = blocks_[used_blocks_ - 1].get() + block_used_;
  const std::uint64_t len = key.size();
  std::memcpy(out, &len, sizeof len);
  std::memcpy(out + sizeof len, key.data(), key.size());
  block_used_ += need;
  return out;
}

void token_id_map::insert(std::string_view key, std::int32_t id, std::uint64_t h) {
  if ((size_ + 1) * 4 > slots_.size() * 3) grow();
  slot s;
  s.tag = tag_of(key.size(), h);
  s.value = id;
  if (key.size() <= kInline) {
    s.key.word = token_word(key);
  } else {
    s.key.ptr = store_key(key);
  }
  place(s);
  ++size_;
}

void token_id_map::place(const slot& s) noexcept {
  std::size_t i = index_of(s.tag);
  while (slots_[i].tag != 0) i = (i + 1) & mask_;
  slots_[i] = s;
}

void token_id_map::grow() {
  std::vector<slot> old;
  old.swap(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, slot{});
  mask_ = slots_.size() - 1;
  for (const slot& s : old)
    if (s.tag != 0) place(s);
}

void token_id_map::clear() noexcept {
  std::fill(slots_.begin(), slots_.end(), slot{});
  size_ = 0;
  used_blocks_ = 0;
  block_used_ = 0;
}

}  // namespace qc
