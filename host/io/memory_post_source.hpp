// Posts already in memory (built by a caller, e.g. from a data frame) as a
// post_source, so every verb's pipeline reads them as it reads files.
#pragma once
#include <string>
#include <vector>

#include "io/post_source.hpp"

namespace qc {

class memory_post_source final : public post_source {
 public:
  // `name` stands for the file in messages ("name:line"); each post's line
  // should be its 1-based position.
  memory_post_source(std::vector<post> posts, std::string name);

  // Moves the posts out in batches (max_posts 0: all that are left).
  bool next_batch(std::vector<post>& out, std::size_t max_posts) override;
  const read_stats& stats() const override { return stats_; }
  const std::string& path() const override { return name_; }

 private:
  std::vector<post> posts_;
  std::size_t next_ = 0;
  std::string name_;
  read_stats stats_;
};

}  // namespace qc
