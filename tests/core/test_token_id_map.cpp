// token_id_map: keys inline (<= 8 bytes) and in the arena are found with
// their ids through growth; absent keys and hash collisions are misses;
// clear() forgets every key and the map works again afterwards.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/token_hash.hpp"
#include "core/token_id_map.hpp"

namespace {

std::vector<std::string> keys_of_every_length(int n) {
  std::vector<std::string> keys;
  for (int i = 0; i < n; ++i) {
    std::string k = "k" + std::to_string(i * 7919);
    k.append(static_cast<std::size_t>(i % 40), static_cast<char>('a' + i % 26));
    keys.push_back(k);
  }
  keys.push_back("");
  keys.push_back(std::string(100000, 'x'));  // longer than an arena block
  return keys;
}

void insert_all(qc::token_id_map& m, const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint64_t h = qc::token_hash(keys[i]);
    ASSERT_NE(h, 0u);
    ASSERT_EQ(m.find(keys[i], h), nullptr) << keys[i];
    m.insert(keys[i], static_cast<std::int32_t>(i) - 1, h);
  }
}

void expect_all(const qc::token_id_map& m, const std::vector<std::string>& keys) {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::int32_t* v = m.find(keys[i], qc::token_hash(keys[i]));
    ASSERT_NE(v, nullptr) << keys[i];
    EXPECT_EQ(*v, static_cast<std::int32_t>(i) - 1);
  }
}

TEST(token_id_map, finds_inline_and_arena_keys) {
  const auto keys = keys_of_every_length(20000);
  qc::token_id_map m;
  insert_all(m, keys);
  EXPECT_EQ(m.size(), keys.size());
  expect_all(m, keys);
  EXPECT_EQ(m.find("k1", qc::token_hash("k1")), nullptr);
  // The same hash with another key (or another length) is a miss.
  EXPECT_EQ(m.find("zz", qc::token_hash(keys[3])), nullptr);
  EXPECT_EQ(m.find(keys[3] + "y", qc::token_hash(keys[3])), nullptr);
}

// Keys of every length up to past the two-load compare, under one hash: a
// key differing in any one byte from a stored key is a miss.
TEST(token_id_map, one_byte_apart_is_a_miss) {
  for (std::size_t len = 1; len <= 20; ++len) {
    qc::token_id_map m;
    const std::string key(len, 'a');
    const std::uint64_t h = 12345;  // the same for every key here: only the bytes decide
    m.insert(key, 7, h);
    ASSERT_NE(m.find(key, h), nullptr);
    for (std::size_t p = 0; p < len; ++p) {
      std::string other = key;
      other[p] = 'b';
      EXPECT_EQ(m.find(other, h), nullptr) << len << " " << p;
      m.insert(other, static_cast<std::int32_t>(p), h);
    }
    for (std::size_t p = 0; p < len; ++p) {
      std::string other = key;
      other[p] = 'b';
      const std::int32_t* v = m.find(other, h);
      ASSERT_NE(v, nullptr);
      EXPECT_EQ(*v, static_cast<std::int32_t>(p));
    }
    EXPECT_EQ(*m.find(key, h), 7);
  }
}

TEST(token_id_map, clear_then_reuse) {
  const auto keys = keys_of_every_length(3000);
  qc::token_id_map m;
  insert_all(m, keys);
  m.clear();
  EXPECT_EQ(m.size(), 0u);
  for (const auto& k : keys) ASSERT_EQ(m.find(k, qc::token_hash(k)), nullptr);
  insert_all(m, keys);  // the arena's blocks are reused
  expect_all(m, keys);
}

}  // namespace

// Zero bytes are key bytes: "a", "a\0" and "a\0\0" (the same zero-padded
// word) are three keys, and so are long keys that differ only in length.
TEST(token_id_map, zero_bytes_and_lengths_tell_keys_apart) {
  qc::token_id_map m;
  const std::uint64_t h = 99;
  const std::vector<std::string> keys = {
      std::string("a"),     std::string("a\0", 2), std::string("a\0\0", 3),
      std::string(9, '\0'), std::string(10, '\0'), std::string(8, '\0'),
      std::string()};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(m.find(keys[i], h), nullptr) << i;
    m.insert(keys[i], static_cast<std::int32_t>(i), h);
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::int32_t* v = m.find(keys[i], h);
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(*v, static_cast<std::int32_t>(i));
  }
}

// The hot path's one-load word equals the word of in-bounds loads for every
// length up to 8, whatever bytes follow the key; and the hash a table
// receives is never 0, from either word.
TEST(token_hash, padded_word_equals_word) {
  std::uint64_t x = 3;
  for (int round = 0; round < 2000; ++round) {
    char buf[16];
    for (char& c : buf) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      c = static_cast<char>(x >> 56);
    }
    for (std::size_t len = 1; len <= 8; ++len) {
      const std::string_view key(buf, len);
      ASSERT_EQ(qc::token_word_padded(key), qc::token_word(key)) << round << " " << len;
      EXPECT_EQ(qc::token_hash(key), qc::short_token_hash(qc::token_word(key)));
      EXPECT_NE(qc::token_hash(key), 0u);
    }
  }
  EXPECT_NE(qc::token_hash(""), 0u);
  EXPECT_NE(qc::short_token_hash(0), 0u);
}
