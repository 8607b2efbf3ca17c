// A hash map from short strings (raw tokens) to 32-bit ids that owns its
// keys: the hot table of scoring, where a token costs one hash and usually
// one probe. A slot is 16 bytes (four to a cache line, so the table of a
// corpus's common tokens stays in a core's cache): a tag made of the hash's
// high bits and the key's length, the id, and the key itself when it has up
// to 8 bytes (zero-padded), else a pointer to its copy in an arena. A hit on
// a short key reads one slot; nothing is allocated per key.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "core/token_hash.hpp"

namespace qc {

class token_id_map {
 public:
  // The id stored for key (h == token_hash(key)), or nullptr.
  const std::int32_t* find(std::string_view key, std::uint64_t h) const noexcept {
    if (key.size() <= kInline) return find_short(key.size(), token_word(key), h);
    if (slots_.empty()) return nullptr;
    const std::uint32_t t = tag_of(key.size(), h);
    for (std::size_t i = index_of(t);; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.tag == 0) return nullptr;
      if (s.tag == t && same_long(s.key.ptr, key)) return &s.value;
    }
  }

  // find() for a key of `len` <= 8 bytes given as its token_word.
  const std::int32_t* find_short(std::size_t len, std::uint64_t word,
                                 std::uint64_t h) const noexcept {
    if (slots_.empty()) return nullptr;
    const std::uint32_t t = tag_of(len, h);
    for (std::size_t i = index_of(t);; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.tag == 0) return nullptr;
      if (s.tag == t && s.key.word == word) return &s.value;
    }
  }

  // Adds key, which must not be present yet (h == token_hash(key)).
  void insert(std::string_view key, std::int32_t id, std::uint64_t h);

  std::size_t size() const noexcept { return size_; }
  // Forgets every key; keeps the table's and the arena's memory.
  void clear() noexcept;

 private:
  static constexpr std::size_t kInline = 8;
  struct slot {
    std::uint32_t tag = 0;  // 0: empty
    std::int32_t value = 0;
    union {
      std::uint64_t word;  // a key of up to kInline bytes, zero-padded
      const char* ptr;     // a longer key: its length (8 bytes), then its bytes
    } key{};
  };
  // Bits 5-31: the hash's bits 37-63 (they also place the slot, so a table
  // can grow without the keys' hashes); bit 4: set, so a tag is never 0;
  // bits 0-3: the key's length, or 9 for every length over kInline. Equal
  // tags and equal words then mean equal short keys, whatever their bytes.
  static std::uint32_t tag_of(std::size_t len, std::uint64_t h) noexcept {
    const auto len_code = static_cast<std::uint32_t>(len <= kInline ? len : kInline + 1);
    return (static_cast<std::uint32_t>(h >> 32) & ~0x1Fu) | 0x10u | len_code;
  }
  std::size_t index_of(std::uint32_t tag) const noexcept { return (tag >> 5) & mask_; }
  template <class T>
  static T load(const char* p) noexcept {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static bool same_long(const char* stored, std::string_view key) noexcept {
    const std::size_t n = key.size();
    if (load<std::uint64_t>(stored) != n) return false;
    const char* a = stored + sizeof(std::uint64_t);
    const char* b = key.data();
    if (n <= 16)  // two overlapping loads cover every byte (n > 8 here)
      return load<std::uint64_t>(a) == load<std::uint64_t>(b) &&
             load<std::uint64_t>(a + n - 8) == load<std::uint64_t>(b + n - 8);
    return std::memcmp(a, b, n) == 0;
  }
  const char* store_key(std::string_view key);
  void place(const slot& s) noexcept;
  void grow();

  std::vector<slot> slots_;
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  // Arena for keys longer than kInline: blocks_[0, used_blocks_) hold keys;
  // the last used one has block_used_ bytes taken.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> block_sizes_;
  std::size_t used_blocks_ = 0;
  std::size_t block_used_ = 0;
};

}  // namespace qc
