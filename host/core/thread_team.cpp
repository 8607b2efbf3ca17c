// thread_team: threads waiting on a condition variable for the next run.
#include "core/thread_team.hpp"

#include <algorithm>

namespace qc {

thread_team::thread_team(unsigned size) : size_(std::max(1u, size)), errors_(size_) {}

thread_team::~thread_team() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    quit_ = true;
  }
  work_cv_.notify_all();
  for (std::thread& th : threads_) th.join();
}

void thread_team::start() {
  threads_.reserve(size_ - 1);
  for (unsigned id = 1; id < size_; ++id) threads_.emplace_back([this, id] { loop(id); });
}

void thread_team::call(unsigned t) {
  try {
    (*job_)(t);
  } catch (...) {
    errors_[t] = std::current_exception();
  }
}

void thread_team::loop(unsigned id) {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lk(mu_);
      work_cv_.wait(lk, [&] { return quit_ || generation_ != seen; });
      if (quit_) return;
      seen = generation_;
      if (id >= n_) continue;
    }
    call(id);
    std::lock_guard<std::mutex> lk(mu_);
    if (--pending_ == 0) done_cv_.notify_one();
  }
}

void thread_team::run(unsigned n, const std::function<void(unsigned)>& f) {
  n = std::min(n, size_);
  std::fill(errors_.begin(), errors_.end(), nullptr);
  job_ = &f;
  if (n > 1) {
    if (threads_.empty()) start();
    {
      std::lock_guard<std::mutex> lk(mu_);
      n_ = n;
      pending_ = n - 1;
      ++generation_;
    }
    work_cv_.notify_all();
  }
  if (n > 0) call(0);
  if (n > 1) {
    std::unique_lock<std::mutex> lk(mu_);
    done_cv_.wait(lk, [&] { return pending_ == 0; });
  }
  job_ = nullptr;
  for (const std::exception_ptr& e : errors_)
    if (e) std::rethrow_exception(e);
}

}  // namespace qc
