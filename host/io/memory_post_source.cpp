#include "io/memory_post_source.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace qc {

memory_post_source::memory_post_source(std::vector<post> posts, std::string name)
    : posts_(std::move(posts)), name_(std::move(name)) {}

bool memory_post_source::next_batch(std::vector<post>& out, std::size_t max_posts) {
  out.clear();
  const std::size_t left = posts_.size() - next_;
  const std::size_t n = max_posts == 0 ? left : std::min(left, max_posts);
  if (n == 0) return false;
  const auto first = posts_.begin() + static_cast<std::ptrdiff_t>(next_);
  out.assign(std::make_move_iterator(first),
             std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
  next_ += n;
  stats_.records += n;
  return true;
}

}  // namespace qc
