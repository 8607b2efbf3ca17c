// One Stack Overflow post as every reader delivers it, whatever the source schema.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace qc {

// A post's term-matrix row made ahead of time: its n distinct columns in
// ascending order, then their n counts. `ints` points at them and keeps
// alive the memory they lie in (a block shared with other rows).
struct prepared_row {
  std::shared_ptr<const std::int32_t> ints;
  std::size_t n = 0;
};

// A text buffer (a post's title or body, or a text made from it) grown
// past this capacity by a large post is given back rather than kept for the
// next post, so one huge post does not pin its size for the whole run.
constexpr std::size_t kKeepTextBytes = std::size_t{1} << 20;

struct post {
  // The record's id as JSON text, echoed as is: `123` for a number,
  // `"abc"` (with quotes) for a string. Never empty for a delivered post.
  std::string id_json;
  std::string title;
  std::string body;
  // Body format after DEFINITIONS.md 1.1 under --body-format auto:
  // false only when the record's body_format is a string other than "html".
  bool body_is_html = true;
  std::vector<std::string> tags;
  // Labels from the chosen label field: duplicates removed, first kept.
  std::vector<std::string> labels;
  std::optional<std::int64_t> creation_time;  // Unix seconds, UTC
  std::optional<std::int64_t> accepted_answer_id;
  std::optional<std::int64_t> accepted_answer_time;  // Unix seconds, UTC
  std::optional<std::int64_t> answer_count;
  std::optional<std::int64_t> view_count;
  std::optional<std::int64_t> score;
  std::size_t line = 0;  // 1-based line (JSONL) or row line (XML) in its file
  // Made on the parsing thread by reader_options::prepare when the reader
  // was given one (bulk scoring: the post's term-matrix row). `prepared`
  // says the hook made it; the reader then takes back the post's text
  // (title, body, tags, labels) to reuse its memory for the next record.
  prepared_row row;
  bool prepared = false;
};

}  // namespace qc
