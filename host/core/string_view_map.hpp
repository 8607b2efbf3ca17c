// A hash map from string views to small values, for the hot lookups of
// text processing (the normalizer's token cache, the vocabulary's word ids).
// Open addressing with linear probing over a power-of-two table and
// token_hash (XXH3), so a hit costs one short hash and usually one probe; std::unordered_map
// costs a node walk and a general-purpose hash, which dominated both. Keys
// are views: the caller keeps their bytes alive while the map is used.
#pragma once
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "core/token_hash.hpp"

namespace qc {

template <class V>
class string_view_map {
 public:
  // Never 0 (0 marks an empty slot).
  static std::uint64_t hash(std::string_view s) noexcept { return token_hash(s); }

  // The value stored for key (h == hash(key)), or nullptr.
  const V* find(std::string_view key, std::uint64_t h) const noexcept {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && s.key.size() == key.size() &&
          std::memcmp(s.key.data(), key.data(), key.size()) == 0)
        return &s.value;
    }
  }
  const V* find(std::string_view key) const noexcept { return find(key, hash(key)); }

  // Adds key, which must not be present yet (h == hash(key)); returns the
  // stored value (valid until the next insert).
  const V* insert(std::string_view key, V value, std::uint64_t h) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    ++size_;
    return place(slot{h, key, std::move(value)});
  }

  void reserve(std::size_t n) {
    std::size_t want = slots_.empty() ? 1024 : slots_.size();
    while (n * 4 > want * 3) want *= 2;
    if (want != slots_.size()) rehash(want);
  }
  std::size_t size() const noexcept { return size_; }
  void clear() noexcept {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  struct slot {
    std::uint64_t hash = 0;
    std::string_view key;
    V value{};
  };
  const V* place(slot s) {
    std::size_t i = s.hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = std::move(s);
    return &slots_[i].value;
  }
  void grow() { rehash(slots_.empty() ? 1024 : slots_.size() * 2); }
  void rehash(std::size_t n_slots) {
    std::vector<slot> old;
    old.swap(slots_);
    slots_.assign(n_slots, slot{});
    mask_ = slots_.size() - 1;
    for (slot& s : old)
      if (s.hash != 0) place(std::move(s));
  }
  std::vector<slot> slots_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
};

}  // namespace qc
