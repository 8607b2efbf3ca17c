// The fixture of the reader tests (JSON Lines and Posts.xml): a scratch
// folder, and every post of a file read at once.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "scratch_test.hpp"

namespace qc_test {

// A scratch test that reads posts with the library's readers.
class reader_test : public scratch_test {
 protected:
  static std::vector<qc::post> read(const std::string& path, qc::reader_options opts = {},
                                    qc::read_stats* stats = nullptr) {
    return qc::read_all_posts(path, opts, stats);
  }
  // Reads `reader` to the end in batches of `max_posts`, merging the skips
  // each call reported into `call_skips` with its posts by line, as a caller
  // writing one output line per input record does: the lines in that order.
  template <class Reader>
  static std::vector<std::size_t> lines_as_merged(Reader& reader, std::size_t max_posts,
                                                  std::vector<std::size_t>& call_skips) {
    std::vector<qc::post> batch;
    std::vector<std::size_t> merged;
    while (reader.next_batch(batch, max_posts)) {
      std::size_t next = 0;
      for (const qc::post& p : batch) {
        while (next < call_skips.size() && call_skips[next] < p.line)
          merged.push_back(call_skips[next++]);
        merged.push_back(p.line);
      }
      while (next < call_skips.size()) merged.push_back(call_skips[next++]);
      call_skips.clear();
    }
    return merged;
  }

 public:
  // Every field of a post but its line and accepted_answer_time.
  static void expect_same_fields(const qc::post& a, const qc::post& b) {
    EXPECT_EQ(a.id_json, b.id_json);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(a.body_is_html, b.body_is_html);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.creation_time, b.creation_time);
    EXPECT_EQ(a.accepted_answer_id, b.accepted_answer_id);
    EXPECT_EQ(a.answer_count, b.answer_count);
    EXPECT_EQ(a.view_count, b.view_count);
    EXPECT_EQ(a.score, b.score);
  }

 protected:
  static qc::reader_options skipping() {
    qc::reader_options o;
    o.errors = qc::on_error::skip;
    return o;
  }
};

}  // namespace qc_test
