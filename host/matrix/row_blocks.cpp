// Blocks of row memory, reused once every row in them is gone.
#include "matrix/row_blocks.hpp"

namespace qc {

std::shared_ptr<std::int32_t> row_blocks::room(cursor& c, std::size_t n) {
  if (n > kOwnBlockInts)
    return std::shared_ptr<std::int32_t>(new std::int32_t[n],
                                         std::default_delete<std::int32_t[]>());
  if (!c.block || c.used + n > kBlockInts) {
    c.block = fresh_block();
    c.used = 0;
  }
  std::shared_ptr<std::int32_t> at(c.block, c.block.get() + c.used);
  c.used += n;
  return at;
}

// A spare block, or a new one; when its last row is gone it comes back
// (the deleter holds this pool, so blocks may outlive their builder).
std::shared_ptr<std::int32_t> row_blocks::fresh_block() {
  std::unique_ptr<std::int32_t[]> b;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!spare_.empty()) {
      b = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!b) b.reset(new std::int32_t[kBlockInts]);
  auto self = shared_from_this();
  return std::shared_ptr<std::int32_t>(b.release(),
                                       [self](std::int32_t* p) { self->give_back(p); });
}

// Called from a deleter, so it must not throw: a block that cannot be
// kept is freed.
void row_blocks::give_back(std::int32_t* block) noexcept {
  std::unique_ptr<std::int32_t[]> b(block);
  try {
    const std::lock_guard<std::mutex> lock(mutex_);
    spare_.push_back(std::move(b));
  } catch (...) {
  }
}

std::size_t row_blocks::spare_blocks() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return spare_.size();
}

}  // namespace qc
