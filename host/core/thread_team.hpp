// A fixed team of threads kept for the life of the object, for work done
// region after region (the readers' parsing shares). parallel_chunks starts
// threads per call; a team's threads stay, so each keeps its malloc arena
// and what the shares allocate (the posts) stays in the same few arenas
// instead of spreading over a new arena per short-lived thread.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qc {

class thread_team {
 public:
  // `size` threads in all: the caller of run() and size - 1 kept threads
  // (started on the first run that needs them).
  explicit thread_team(unsigned size);
  ~thread_team();
  thread_team(const thread_team&) = delete;
  thread_team& operator=(const thread_team&) = delete;

  unsigned size() const noexcept { return size_; }

  // Calls f(t) for t in [0, n), n <= size(): f(0) on the calling thread, the
  // others on the team's threads; returns once all are done and rethrows the
  // first exception (by t) that any of them threw.
  void run(unsigned n, const std::function<void(unsigned)>& f);

 private:
  void start();
  void loop(unsigned id);
  void call(unsigned t);

  const unsigned size_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  const std::function<void(unsigned)>* job_ = nullptr;
  unsigned n_ = 0;
  std::uint64_t generation_ = 0;  // one per run
  unsigned pending_ = 0;          // team threads still working on this run
  bool quit_ = false;
  std::vector<std::exception_ptr> errors_;
};

}  // namespace qc
