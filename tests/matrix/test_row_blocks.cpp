// row_blocks: rows one after the other in a block, a block reused once its
// rows are gone, long rows on their own, blocks that outlive their pool,
// and writers on several threads.
#include "matrix/row_blocks.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using qc::row_blocks;
using row = std::shared_ptr<std::int32_t>;

TEST(row_blocks, rows_follow_each_other_in_a_block) {
  auto pool = std::make_shared<row_blocks>();
  row_blocks::cursor c;
  const row a = pool->room(c, 10);
  const row b = pool->room(c, 20);
  const row empty = pool->room(c, 0);
  EXPECT_EQ(b.get(), a.get() + 10);
  EXPECT_EQ(empty.get(), a.get() + 30);
  EXPECT_EQ(c.used, 30u);
}

TEST(row_blocks, a_block_comes_back_when_its_rows_are_gone) {
  auto pool = std::make_shared<row_blocks>();
  row_blocks::cursor c;
  std::vector<row> first;
  const std::size_t n = row_blocks::kOwnBlockInts;
  for (std::size_t used = 0; used + n <= row_blocks::kBlockInts; used += n)
    first.push_back(pool->room(c, n));
  const std::int32_t* const block = first.front().get();
  const row next = pool->room(c, 5);  // does not fit: a new block
  EXPECT_NE(next.get(), block + row_blocks::kBlockInts);
  EXPECT_EQ(pool->spare_blocks(), 0u);
  first.pop_back();
  EXPECT_EQ(pool->spare_blocks(), 0u) << "a row of the block is still held";
  first.clear();
  EXPECT_EQ(pool->spare_blocks(), 1u);
  row_blocks::cursor other;
  const row reused = pool->room(other, 7);
  EXPECT_EQ(reused.get(), block);
  EXPECT_EQ(pool->spare_blocks(), 0u);
}

TEST(row_blocks, a_long_row_has_a_block_of_its_own) {
  auto pool = std::make_shared<row_blocks>();
  row_blocks::cursor c;
  const row a = pool->room(c, 3);
  {
    const std::size_t n = row_blocks::kBlockInts * 2;
    const row big = pool->room(c, n);
    big.get()[n - 1] = 42;  // the whole row is writable (ASan)
    EXPECT_EQ(big.get()[n - 1], 42);
    EXPECT_EQ(c.used, 3u);
  }
  EXPECT_EQ(pool->spare_blocks(), 0u) << "freed, not kept";
  EXPECT_EQ(pool->room(c, 4).get(), a.get() + 3);
}

TEST(row_blocks, rows_outlive_the_pool) {
  auto pool = std::make_shared<row_blocks>();
  row_blocks::cursor c;
  row r = pool->room(c, 4);
  for (std::int32_t i = 0; i < 4; ++i) r.get()[i] = i * 3;
  c = row_blocks::cursor{};
  pool.reset();
  for (std::int32_t i = 0; i < 4; ++i) EXPECT_EQ(r.get()[i], i * 3);
  r.reset();  // the block, and then the pool, go (ASan: nothing leaks)
}

// Writers on two threads while this thread reads their rows and lets them
// go, over many blocks: every row holds what its writer put there, and
// blocks come back while the writers take more (TSan).
TEST(row_blocks, writers_on_several_threads) {
  auto pool = std::make_shared<row_blocks>();
  constexpr int kThreads = 2;
  constexpr std::int32_t kRows = 20000;
  struct made_row {
    std::int32_t value;
    std::size_t n;
    row r;
  };
  std::mutex m;
  std::vector<made_row> handed;
  int done = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      row_blocks::cursor c;
      for (std::int32_t i = 0; i < kRows; ++i) {
        const std::int32_t value = t * kRows + i;
        const std::size_t n = static_cast<std::size_t>(1 + i % 97);
        row r = pool->room(c, n);
        for (std::size_t k = 0; k < n; ++k) r.get()[k] = value;
        const std::lock_guard<std::mutex> lock(m);
        handed.push_back({value, n, std::move(r)});
      }
      const std::lock_guard<std::mutex> lock(m);
      ++done;
    });
  }
  std::size_t seen = 0;
  for (bool last = false; !last;) {
    std::vector<made_row> batch;
    {
      const std::lock_guard<std::mutex> lock(m);
      last = done == kThreads;
      batch.swap(handed);
    }
    for (const made_row& x : batch)
      for (std::size_t k = 0; k < x.n; ++k) ASSERT_EQ(x.r.get()[k], x.value);
    seen += batch.size();
    if (batch.empty()) std::this_thread::yield();
  }
  for (std::thread& th : threads) th.join();
  EXPECT_EQ(seen, static_cast<std::size_t>(kThreads) * kRows);
  EXPECT_GT(pool->spare_blocks(), 0u);
}

}  // namespace
