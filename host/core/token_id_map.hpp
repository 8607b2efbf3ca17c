// A hash map from short strings (raw tokens) to 32-bit ids that owns its
// keys: the hot table of scoring, where a token costs one hash and usually
// one probe. Keys up to 16 bytes live in the slot itself, so a hit reads one
// 32-byte slot and never chases a pointer; longer keys are copied into
// blocks of an arena. Nothing is allocated per key.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace qc {

class token_id_map {
 public:
  // The id stored for key (h == token_hash(key)), or nullptr.
  const std::int32_t* find(std::string_view key, std::uint64_t h) const noexcept {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.hash == 0) return nullptr;
      if (s.hash == h && s.len == key.size() && same_bytes(s, key)) return &s.value;
    }
  }

  // Asks the processor to fetch the slot where a lookup of hash h starts
  // (a lookup a few tokens later then rarely waits for memory).
  void prefetch(std::uint64_t h) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & mask_]);
  }

  // Adds key, which must not be present yet (h == token_hash(key)).
  void insert(std::string_view key, std::int32_t id, std::uint64_t h);

  std::size_t size() const noexcept { return size_; }
  // Forgets every key; keeps the table's and the arena's memory.
  void clear() noexcept;

 private:
  static constexpr std::size_t kInline = 16;
  struct slot {
    std::uint64_t hash = 0;  // 0: empty
    std::uint32_t len = 0;
    std::int32_t value = 0;
    union {
      char bytes[kInline];
      const char* ptr;
    } key{};
  };
  template <class T>
  static T load(const char* p) noexcept {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  // Short keys inline, by two overlapping loads that cover every byte (a
  // call to memcmp, or a loop over the bytes, costs more than them).
  static bool same_bytes(const slot& s, std::string_view key) noexcept {
    const std::size_t n = key.size();
    if (n > kInline) return std::memcmp(s.key.ptr, key.data(), n) == 0;
    const char* a = s.key.bytes;
    const char* b = key.data();
    if (n >= 8)
      return load<std::uint64_t>(a) == load<std::uint64_t>(b) &&
             load<std::uint64_t>(a + n - 8) == load<std::uint64_t>(b + n - 8);
    if (n >= 4)
      return load<std::uint32_t>(a) == load<std::uint32_t>(b) &&
             load<std::uint32_t>(a + n - 4) == load<std::uint32_t>(b + n - 4);
    if (n == 0) return true;
    return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
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
