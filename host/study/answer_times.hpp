// Answers as a source of accepted-answer times: JSON Lines in the Stack
// Exchange API's schema (answer_id, question_id, creation_date, is_accepted)
// or dump style (Id, ParentId, CreationDate), or a data dump's Posts.xml
// (its answer rows), plain or compressed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

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

// Adds the answers of one file; a Posts.xml is recognized as every reader
// does (by its name, else by its first bytes), and its rows other than
// answers (PostTypeId 2) are passed over. With `wanted`, time_by_answer keeps
// only those answer ids (a whole dump has tens of millions of answers);
// every answer is still checked and counted. Throws io_error, or parse_error
// (file:line) for invalid JSON or XML, a missing or non-integer answer id, a
// missing question id, or a creation date that is not a timestamp.
void read_answers(const std::string& path, answer_index& into,
                  const std::unordered_set<std::int64_t>* wanted = nullptr);

}  // namespace qc
