// task_pool: one queue under one lock; the threads sleep on a condition
// variable when it is empty.
#include "core/task_pool.hpp"

#include <algorithm>
#include <utility>

namespace qc {

task_pool::task_pool(unsigned size) : size_(std::max(1u, size)) {}

task_pool::~task_pool() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    quit_ = true;
    queue_.clear();
  }
  work_cv_.notify_all();
  for (std::thread& th : threads_) th.join();
}

void task_pool::submit(std::vector<task> tasks) {
  if (threads_.empty() && size_ > 1) {
    threads_.reserve(size_ - 1);
    for (unsigned id = 1; id < size_; ++id) threads_.emplace_back([this, id] { loop(id); });
  }
  {
    std::lock_guard<std::mutex> lk(mu_);
    for (task& t : tasks) queue_.push_back(std::move(t));
  }
  work_cv_.notify_all();
  done_cv_.notify_all();  // a helper waiting for its region takes tasks too
}

void task_pool::loop(unsigned id) {
  for (;;) {
    task t;
    {
      std::unique_lock<std::mutex> lk(mu_);
      work_cv_.wait(lk, [&] { return quit_ || !queue_.empty(); });
      if (quit_) return;
      t = std::move(queue_.front());
      queue_.pop_front();
    }
    if (t(id)) notify();  // the pool's own members: the task is done with everything else
  }
}

void task_pool::help_until(const std::function<bool()>& done) {
  for (;;) {
    task t;
    {
      std::unique_lock<std::mutex> lk(mu_);
      if (done()) return;
      if (queue_.empty()) {
        done_cv_.wait(lk, [&] { return done() || !queue_.empty(); });
        if (done()) return;
      }
      t = std::move(queue_.front());
      queue_.pop_front();
    }
    t(0);
  }
}

void task_pool::notify() {
  { std::lock_guard<std::mutex> lk(mu_); }  // orders the change before a waiter's check
  done_cv_.notify_all();
}

}  // namespace qc
