// task_pool: every queued task runs once, on one of the pool's threads or
// on the helping caller; help_until returns once its condition holds, also
// when the pool's threads ran the last tasks; a pool destroyed with tasks
// still queued drops them and joins its threads.
#include "core/task_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace {

TEST(task_pool, every_task_runs_once_on_a_thread_of_the_pool) {
  for (const unsigned size : {1u, 2u, 5u}) {
    qc::task_pool pool(size);
    std::vector<std::atomic<int>> runs(1000);
    std::vector<unsigned> thread_of(runs.size(), 99);
    std::atomic<std::size_t> left{runs.size()};
    std::vector<qc::task_pool::task> tasks;
    for (std::size_t i = 0; i < runs.size(); ++i)
      tasks.push_back([&, i](unsigned t) {
        ++runs[i];
        thread_of[i] = t;
        return left.fetch_sub(1) == 1;
      });
    pool.submit(std::move(tasks));
    pool.help_until([&] { return left.load() == 0; });
    for (std::size_t i = 0; i < runs.size(); ++i) {
      ASSERT_EQ(runs[i].load(), 1) << i;
      ASSERT_LT(thread_of[i], size) << i;
    }
  }
}

TEST(task_pool, helper_wakes_when_the_pool_finishes_the_work) {
  qc::task_pool pool(3);
  std::atomic<int> done{0};
  std::vector<qc::task_pool::task> tasks;
  for (int i = 0; i < 2; ++i)
    tasks.push_back([&](unsigned) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      return ++done == 2;
    });
  pool.submit(std::move(tasks));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // both taken by the pool
  pool.help_until([&] { return done.load() == 2; });
  EXPECT_EQ(done.load(), 2);
}

TEST(task_pool, destroyed_with_tasks_queued) {
  std::atomic<int> ran{0};
  {
    qc::task_pool pool(2);  // one thread of its own
    std::vector<qc::task_pool::task> tasks;
    for (int i = 0; i < 100; ++i)
      tasks.push_back([&](unsigned) {
        ++ran;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return false;
      });
    pool.submit(std::move(tasks));
    while (ran.load() == 0) std::this_thread::yield();
  }
  // The task under way finished; the queued ones (a second of work) were dropped.
  EXPECT_GE(ran.load(), 1);
  EXPECT_LT(ran.load(), 100);
}

}  // namespace
