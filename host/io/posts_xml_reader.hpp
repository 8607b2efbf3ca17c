// The questions of a Stack Exchange data-dump Posts.xml as posts: rows with
// PostTypeId="1". Answers and the other post types are passed over without
// an error and counted (read_stats::other_rows).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "io/byte_range.hpp"
#include "io/byte_source.hpp"
#include "io/post_source.hpp"
#include "io/posts_xml_scanner.hpp"

namespace qc {

class posts_xml_reader final : public post_source {
 public:
  // Reads `source`; `path` names it in messages. reader_options::label_field
  // is not used: dump rows carry no labels.
  posts_xml_reader(std::unique_ptr<byte_source> source, std::string path, reader_options opts);
  explicit posts_xml_reader(std::string path, reader_options opts = {});  // throws io_error
  // Reads one byte range of a file: `source` holds the bytes of `span`
  // (open_span); `root` is the root element's name when the span starts past
  // the file's start (posts_xml_scanner::root_element).
  posts_xml_reader(std::unique_ptr<byte_source> source, std::string path, reader_options opts,
                   const range_span& span, std::string root);
  ~posts_xml_reader() override;

  // As post_source::next_batch. A row is bad when it is malformed XML or a
  // question whose Id, PostTypeId, CreationDate, counts, Title, Body or Tags
  // cannot be read (for other rows only PostTypeId is read).
  bool next_batch(std::vector<post>& out, std::size_t max_posts) override;
  const read_stats& stats() const override;
  const std::string& path() const override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Fills `p` from a question row: id_json, title, body (HTML), tags,
// creation_time, accepted_answer_id, answer_count, view_count, score, line.
// Returns "" or the reason the row is unusable. `scratch` is working space.
std::string question_from_row(const dump_row& row, post& p, std::string& scratch);

// The row's PostTypeId; "" or the reason (missing or not an integer).
std::string row_post_type(const dump_row& row, std::int64_t& type);

}  // namespace qc
