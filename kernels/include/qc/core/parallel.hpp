// The chunked parallel-for, one for the whole program (host stages and the
// threaded backend): splits [0, n) into contiguous chunks, one per thread.
// Results stay deterministic because each chunk writes its own slots.
#pragma once
#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace qc {

// 0 means "all hardware threads".
inline unsigned resolve_threads(unsigned requested) {
  if (requested) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw ? hw : 1;
}

// Calls f(begin, end, chunk_index) for `threads` contiguous chunks of [0, n).
// The first exception thrown by any chunk is rethrown after all have joined.
template <class F>
void parallel_chunks(std::size_t n, unsigned threads, F&& f) {
  threads =
      std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max<std::size_t>(n, 1))));
  if (threads == 1) {
    f(std::size_t{0}, n, 0u);
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(threads);
  const std::size_t step = (n + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t) {
    const std::size_t b = std::min(n, step * t), e = std::min(n, b + step);
    pool.emplace_back([&, b, e, t] {
      try {
        f(b, e, t);
      } catch (...) {
        errors[t] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& ep : errors)
    if (ep) std::rethrow_exception(ep);
}

}  // namespace qc
