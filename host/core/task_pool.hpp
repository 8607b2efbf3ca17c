// A fixed set of threads that run queued tasks, for work that flows without
// a barrier: a reader queues the parts of the next region while the threads
// still parse the last one, and helps with the tasks itself while it waits
// for the region it needs next. The threads are kept for the pool's life,
// so each keeps its malloc arena.
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qc {

class task_pool {
 public:
  // A task, called with the number of the thread that runs it (0: the
  // thread that calls help_until; 1 .. size()-1: the pool's). It must not
  // throw. It returns true when it may have made help_until's done() true
  // (a waiting helper is then woken).
  using task = std::function<bool(unsigned thread)>;

  // `size` threads in all: the helping caller and size - 1 kept threads
  // (started with the first task).
  explicit task_pool(unsigned size);
  ~task_pool();  // waits for the tasks already started, drops the others
  task_pool(const task_pool&) = delete;
  task_pool& operator=(const task_pool&) = delete;

  unsigned size() const noexcept { return size_; }

  // Queues the tasks, in order (they start in that order).
  void submit(std::vector<task> tasks);

  // Runs queued tasks on this thread (as thread 0) until done() is true,
  // waiting when there are none; done() is checked under the pool's lock
  // after every task that returns true (so a task's last step may make it
  // true, and the task may not touch what done() guards after that step).
  void help_until(const std::function<bool()>& done);

  // Wakes help_until to check done() again.
  void notify();

 private:
  void loop(unsigned id);
  const unsigned size_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable work_cv_;  // a task is queued, or quit_
  std::condition_variable done_cv_;  // notify()
  std::deque<task> queue_;
  bool quit_ = false;
};

}  // namespace qc
