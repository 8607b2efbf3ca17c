#include "formats/posts_jsonl.hpp"

#include "formats/json_write.hpp"
#include "io/timestamp.hpp"

namespace qc {

namespace {

void member_time(json_writer& w, const char* name, const std::optional<std::int64_t>& t) {
  w.key(name);
  if (t)
    w.value(format_iso8601(*t));
  else
    w.null();
}

}  // namespace

void append_post_jsonl(std::string& out, const post& p, const std::vector<std::string>& labels) {
  json_writer w(out);
  w.begin_object();
  w.key("id").raw(p.id_json);
  w.member("title", p.title).key("body");
  if (p.body.empty())
    w.null();  // what a null or missing body reads as
  else
    w.value(p.body);
  w.member("body_format", p.body_is_html ? "html" : "text");
  w.key("tags").strings(p.tags);
  member_time(w, "creation_date", p.creation_time);
  w.key("accepted_answer_id").value(p.accepted_answer_id);
  member_time(w, "accepted_answer_creation_date", p.accepted_answer_time);
  w.key("answer_count").value(p.answer_count);
  w.key("view_count").value(p.view_count);
  w.key("score").value(p.score);
  w.key("labels").strings(labels);
  w.end_object();
  out += '\n';
}

}  // namespace qc
