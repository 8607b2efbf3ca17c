// Memory for the term-matrix rows that bulk scoring makes on the parsing
// threads (post_matrix_builder::prepare), by the block: a thread writes its
// rows one after the other into its current block, each post's row keeps
// its block alive (a shared_ptr aliasing the row), and a block whose posts
// are all gone comes back here for the next rows. So the scoring thread
// frees nothing per post, and no allocator lock is taken per row: a free
// on one thread of what another thread allocated takes that thread's
// arena lock, and those contended locks cost more than the rows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace qc {

class row_blocks : public std::enable_shared_from_this<row_blocks> {
 public:
  static constexpr std::size_t kBlockInts = std::size_t{1} << 16;  // 256 KiB
  // A row longer than this gets a block of its own, freed with its post.
  static constexpr std::size_t kOwnBlockInts = kBlockInts / 8;

  // One writer's current block: where its next row goes.
  struct cursor {
    std::shared_ptr<std::int32_t> block;
    std::size_t used = 0;
  };

  // Room for n ints after the cursor's last row (a fresh block when they
  // do not fit): the returned pointer owns, and keeps alive, its block.
  // Calls with distinct cursors may run at the same time.
  std::shared_ptr<std::int32_t> room(cursor& c, std::size_t n);

  // Blocks waiting for reuse (for tests).
  std::size_t spare_blocks();

 private:
  std::shared_ptr<std::int32_t> fresh_block();
  void give_back(std::int32_t* block) noexcept;

  std::mutex mutex_;
  std::vector<std::unique_ptr<std::int32_t[]>> spare_;
};

}  // namespace qc
