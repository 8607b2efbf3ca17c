// A bounded first-in, first-out hand-off from one producer thread to one
// consumer thread: the producer waits while the queue is full, the consumer
// while it is empty. Either side can end it: the producer with finish() (the
// consumer still takes what is queued), the consumer with stop() (the
// producer's next push gives up).
#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>

namespace qc {

template <class T>
class bounded_queue {
 public:
  explicit bounded_queue(std::size_t capacity) : capacity_(capacity) {}

  // Waits for room. False (the item is dropped) once the queue is stopped.
  bool push(T item) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return q_.size() < capacity_ || stopped_; });
    if (stopped_) return false;
    q_.push_back(std::move(item));
    cv_.notify_all();
    return true;
  }
  // Waits for an item. False when none is left and the queue is finished or
  // stopped.
  bool pop(T& out) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return !q_.empty() || done_ || stopped_; });
    if (q_.empty()) return false;
    out = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return true;
  }
  // The producer is done: pop returns false once the queue is empty.
  void finish() {
    std::lock_guard<std::mutex> lk(mu_);
    done_ = true;
    cv_.notify_all();
  }
  // The consumer gives up: waiting pushes and pops return false.
  void stop() {
    std::lock_guard<std::mutex> lk(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard<std::mutex> lk(mu_);
    return stopped_;
  }

 private:
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> q_;
  bool done_ = false;
  bool stopped_ = false;
};

}  // namespace qc
