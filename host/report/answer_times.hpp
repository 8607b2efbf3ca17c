// Answers (JSON Lines) as a source of accepted-answer times: the Stack
// Exchange API's schema (answer_id, question_id, creation_date, is_accepted)
// or dump style (Id, ParentId, CreationDate).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

namespace qc {

struct accepted_answer {
  std::int64_t answer_id = 0;
  std::optional<std::int64_t> time;  // Unix seconds, UTC
};

struct answer_index {
  // Every answer's creation time, by answer id (the first record of an id wins).
  std::unordered_map<std::int64_t, std::optional<std::int64_t>> time_by_answer;
  // Answers marked is_accepted, by question id as text (the first one wins).
  std::unordered_map<std::string, accepted_answer> accepted_by_question;
  std::size_t answers = 0;       // records read
  std::size_t without_time = 0;  // records without a creation date
};

// Adds the answers of one file. Throws io_error, or parse_error (file:line)
// for invalid JSON, a missing or non-integer answer id, a missing question
// id, or a creation date that is not a timestamp.
void read_answers(const std::string& path, answer_index& into);

}  // namespace qc
