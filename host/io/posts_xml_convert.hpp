// Converts a Stack Exchange data-dump Posts.xml (plain or compressed) into
// qclass's normalized JSON Lines (questions) and, optionally, an answers
// file, with each question's accepted_answer_creation_date joined in.
//
// The join reads the input twice with memory bounded independently of the
// input's size: pass 1 collects the AcceptedAnswerIds of the questions kept
// by the tag filter in a compact open-addressing map (id -> answer time) and
// fills the times of answers that come after their question; pass 2 fills the
// times of answers that come before their question (moved by a merge), and
// writes. See README "Stack Exchange dumps" for the bound.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "core/tag_match.hpp"
#include "io/post_source.hpp"

namespace qc {

struct convert_options {
  // Keep questions carrying any of these tags (ASCII case-insensitive);
  // empty keeps every question.
  std::vector<std::string> tags;
  tag_match match = tag_match::exact;  // substring: "tensorflow" also keeps "tensorflow-serving"
  on_error errors = on_error::fail;
  std::size_t max_record_bytes = default_max_record_bytes;  // largest row accepted
  // Called for each row skipped under on_error::skip, in input order.
  std::function<void(std::size_t line, const std::string& message)> on_skip;
  // Progress: called every 1024 rows with the rows read so far over both
  // passes.
  std::function<void(std::uint64_t rows)> on_progress;
};

struct convert_stats {
  std::uint64_t xml_bytes = 0;            // XML bytes of one pass (decompressed)
  std::size_t questions = 0;              // question rows
  std::size_t questions_written = 0;      // kept by the filter and written
  std::size_t answers = 0;                // answer rows
  std::size_t answers_written = 0;        // answers of written questions (with an answers output)
  std::size_t other_rows = 0;             // rows of other post types
  std::size_t accepted_wanted = 0;        // kept questions with an AcceptedAnswerId
  std::size_t accepted_found = 0;         // of those, written with the answer's date
  std::size_t skipped = 0;                // bad rows skipped under on_error::skip
  std::vector<std::string> skip_reasons;  // the first few, "file:line: reason"
  std::size_t join_bytes = 0;             // memory held by the join's tables at their largest
  double pass1_seconds = 0;
  double pass2_seconds = 0;
};

// Reads `input` (a file: it is read twice, so not "-") and writes one JSON
// object per kept question to `questions`, and per answer of a kept question
// to `answers` when it is not null. Throws usage_error for "-" or an input
// that is not Posts.xml, io_error, and parse_error for a bad row (file:line)
// under on_error::fail. Written text is flushed to the streams in blocks.
convert_stats convert_posts_xml(const std::string& input, std::ostream& questions,
                                std::ostream* answers, const convert_options& opts);

// Does `tags` pass the filter? (Exposed for tests.)
bool tags_match(const std::vector<std::string>& tags, const std::vector<std::string>& wanted,
                tag_match match);

}  // namespace qc
