// Streaming JSON Lines reader (simdjson On-Demand) that accepts the common
// Stack Overflow schemas without configuration: qclass's normalized one, the
// Stack Exchange API's, BigQuery's export and dump-style PascalCase.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_range.hpp"
#include "io/byte_source.hpp"
#include "io/post_source.hpp"

namespace qc {

// Reads posts from one JSONL file ("-" is standard input), plain or
// compressed (see byte_source.hpp), in batches, with bounded memory. Bad
// records throw qc::parse_error naming file and line, or are skipped and
// counted under on_error::skip.
class jsonl_reader final : public post_source {
 public:
  jsonl_reader(std::string path, reader_options opts);  // throws io_error
  // Reads an opened source (plain or decompressed); `path` names it in messages.
  jsonl_reader(std::unique_ptr<byte_source> source, std::string path, reader_options opts);
  // Reads one byte range of a file: `source` holds the bytes of `span`
  // (open_span), whose first line number and file start it takes.
  jsonl_reader(std::unique_ptr<byte_source> source, std::string path, reader_options opts,
               const range_span& span);
  ~jsonl_reader() override;
  jsonl_reader(jsonl_reader&&) noexcept;
  jsonl_reader& operator=(jsonl_reader&&) noexcept;

  // Clears `out`, appends up to `max_posts` posts; false once the input is exhausted
  // and nothing was appended. `max_posts` 0 means no limit: the posts of the next
  // chunk (a few MiB of input). Under on_error::fail the posts before a bad record
  // are delivered first; the call after them throws. Under on_error::skip a call
  // reports (on_skip, stats) the skipped records before its last post and those
  // between its last post and the next batch's first one; the call that delivers
  // the input's last posts reports every skipped record after them too.
  bool next_batch(std::vector<post>& out, std::size_t max_posts) override;
  const read_stats& stats() const override;
  const std::string& path() const override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace qc
