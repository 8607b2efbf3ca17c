// Posts as JSON Lines in qclass's normalized schema (README "Input"): what
// `qclass labels merge` writes, for `train` and every other verb to read.
//
// One object per line, members in this order: id (the id's JSON text as
// read), title, body, body_format ("html" or "text"), tags, creation_date,
// accepted_answer_id, accepted_answer_creation_date, answer_count,
// view_count, score (null where absent, an empty body too; dates ISO 8601
// UTC, to the second), labels. Reading a line back gives the same post.
#pragma once
#include <string>
#include <vector>

#include "io/post.hpp"

namespace qc {

// Appends the line of `p` with `labels` as its labels field, ending in '\n'.
void append_post_jsonl(std::string& out, const post& p, const std::vector<std::string>& labels);

}  // namespace qc
