#include "study/answer_times.hpp"

#include <fstream>

#include "io/byte_source.hpp"
#include "io/post_source.hpp"
#include "io/posts_xml_scanner.hpp"
#include "io/timestamp.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

// The first of two field names present in the object.
simdjson::simdjson_result<simdjson::dom::element> field(simdjson::dom::object& o, const char* a,
                                                        const char* b) {
  auto r = o[a];
  if (r.error() == simdjson::SUCCESS) return r;
  return o[b];
}

// The answer rows of a Posts.xml: Id, ParentId and CreationDate (the
// question's AcceptedAnswerId says which one is accepted).
void read_xml_answers(const std::string& path, answer_index& into,
                      const std::unordered_set<std::int64_t>* wanted) {
  posts_xml_scanner scanner(open_byte_source(path), path);
  dump_row row;
  for (;;) {
    const auto st = scanner.next(row);
    if (st == posts_xml_scanner::status::end) break;
    if (st == posts_xml_scanner::status::error)
      throw parse_error(path, scanner.error_line(), scanner.error_reason());
    std::optional<std::int64_t> type, id, parent, ms;
    std::string why = dump_int(row, dump_attr::post_type_id, type);
    if (why.empty() && type != 2) continue;
    if (why.empty()) why = dump_int(row, dump_attr::id, id);
    if (why.empty() && !id) why = "an answer row without Id";
    if (why.empty()) why = dump_int(row, dump_attr::parent_id, parent);
    if (why.empty() && !parent) why = "an answer row without ParentId";
    if (why.empty()) why = dump_time(row, dump_attr::creation_date, ms);
    if (!why.empty()) throw parse_error(path, row.line, why);
    std::optional<std::int64_t> time;
    if (ms) time = *ms / 1000 - (*ms % 1000 < 0 ? 1 : 0);  // as the posts reader
    ++into.answers;
    if (!time) ++into.without_time;
    if (!wanted || wanted->count(*id)) into.time_by_answer.emplace(*id, time);
  }
}

}  // namespace

void read_answers(const std::string& path, answer_index& into,
                  const std::unordered_set<std::int64_t>* wanted) {
  if (detect_post_format(path) == post_format::posts_xml) {
    read_xml_answers(path, into, wanted);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw io_error(path + ": cannot open for reading");
  simdjson::dom::parser parser;
  std::string l;
  std::size_t line = 0;
  while (std::getline(in, l)) {
    ++line;
    if (l.find_first_not_of(" \t\r") == std::string::npos) continue;
    simdjson::dom::object o;
    if (parser.parse(simdjson::padded_string(l)).get_object().get(o))
      throw parse_error(path, line, "not a JSON object");
    std::int64_t answer_id = 0;
    if (field(o, "answer_id", "Id").get_int64().get(answer_id))
      throw parse_error(path, line, "no answer_id (an integer)");
    simdjson::dom::element q;
    if (field(o, "question_id", "ParentId").get(q) || q.is_null())
      throw parse_error(path, line, "no question_id");
    std::string question;
    std::string_view sv;
    std::int64_t qi = 0;
    if (!q.get_string().get(sv)) {
      question = std::string(sv);
    } else if (!q.get_int64().get(qi)) {
      question = std::to_string(qi);
    } else {
      throw parse_error(path, line, "question_id must be an integer or a string");
    }
    std::optional<std::int64_t> time;
    simdjson::dom::element c;
    if (!field(o, "creation_date", "CreationDate").get(c) && !c.is_null()) {
      std::int64_t secs = 0;
      if (!c.get_string().get(sv)) {
        time = parse_timestamp(sv);
        if (!time) throw parse_error(path, line, "creation_date is not a timestamp");
      } else if (!c.get_int64().get(secs)) {
        time = secs;
      } else {
        throw parse_error(path, line, "creation_date is not a timestamp");
      }
    }
    bool accepted = false;
    simdjson::dom::element a;
    if (!o["is_accepted"].get(a) && !a.is_null() && a.get_bool().get(accepted))
      throw parse_error(path, line, "is_accepted must be true or false");
    ++into.answers;
    if (!time) ++into.without_time;
    if (!wanted || wanted->count(answer_id)) into.time_by_answer.emplace(answer_id, time);
    if (accepted) into.accepted_by_question.emplace(question, accepted_answer{answer_id, time});
  }
  if (in.bad()) throw io_error(path + ": read error");
}

}  // namespace qc
