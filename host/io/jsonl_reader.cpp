// JSON Lines reader: fixed-size regions of whole lines, parsed by a simdjson
// On-Demand document stream, with a line-by-line path for exact diagnostics
// and for records larger than the stream's window. A region is cut into
// parts that the parsing threads (a task_pool) take as they come free;
// while they parse one region the reading thread reads and frames the
// next, then helps, and hands the parts' records on in input order.
//
// Schemas are detected per record, without configuration. The id decides:
// the first of `id`, `question_id`, `Id` that is present and not null.
//   - `id` or `question_id`: snake_case fields. This covers (a) qclass's
//     normalized records, (b) Stack Exchange API records (`question_id`,
//     creation_date in Unix seconds) and (c) BigQuery exports (tags "a|b",
//     quoted integers, "2016-01-12 17:36:25.123 UTC"); these three differ only
//     in value types, which every field accepts in all their forms.
//   - `Id`: (d) dump-style PascalCase fields (`Title`, `Body`, `Tags` as
//     "<a><b>" or "|a|b|", `CreationDate`, `AcceptedAnswerId`, ...).
// Fields of the other family are validated as JSON but otherwise ignored.
// `body_format` and the label field (reader_options::label_field) are read
// under either family. A key that occurs twice takes its last value.
#include "io/jsonl_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "core/task_pool.hpp"
#include "io/int_text.hpp"
#include "io/record_queue.hpp"
#include "io/tag_text.hpp"
#include "io/text_encoding.hpp"
#include "io/timestamp.hpp"
#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"

namespace qc {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

#define QC_SJ_TRY(expr)                          \
  do {                                           \
    if (error_code qc_e_ = (expr)) return qc_e_; \
  } while (0)

constexpr std::size_t chunk_bytes = std::size_t{512} << 10;  // initial read buffer
constexpr std::size_t stream_window = std::size_t{1} << 20;  // iterate_many batch size
constexpr std::size_t share_bytes = std::size_t{512} << 10;  // a region's bytes per parsing thread
constexpr int max_nesting = 1000;
// A per-line parser that had to grow beyond this for one huge record is
// released afterwards, so memory stays bounded by the typical record.
constexpr std::size_t keep_parser_capacity = std::size_t{16} << 20;

const char* error_name(error_code e) noexcept {
  switch (e) {
    case simdjson::SUCCESS:
      return "SUCCESS";
    case simdjson::CAPACITY:
      return "CAPACITY";
    case simdjson::MEMALLOC:
      return "MEMALLOC";
    case simdjson::TAPE_ERROR:
      return "TAPE_ERROR";
    case simdjson::DEPTH_ERROR:
      return "DEPTH_ERROR";
    case simdjson::STRING_ERROR:
      return "STRING_ERROR";
    case simdjson::T_ATOM_ERROR:
      return "T_ATOM_ERROR";
    case simdjson::F_ATOM_ERROR:
      return "F_ATOM_ERROR";
    case simdjson::N_ATOM_ERROR:
      return "N_ATOM_ERROR";
    case simdjson::NUMBER_ERROR:
      return "NUMBER_ERROR";
    case simdjson::UTF8_ERROR:
      return "UTF8_ERROR";
    case simdjson::EMPTY:
      return "EMPTY";
    case simdjson::UNESCAPED_CHARS:
      return "UNESCAPED_CHARS";
    case simdjson::UNCLOSED_STRING:
      return "UNCLOSED_STRING";
    case simdjson::INCORRECT_TYPE:
      return "INCORRECT_TYPE";
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "NUMBER_OUT_OF_RANGE";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "INCOMPLETE_ARRAY_OR_OBJECT";
    case simdjson::TRAILING_CONTENT:
      return "TRAILING_CONTENT";
    default:
      return "ERROR";
  }
}

std::string json_error_reason(error_code e) {
  if (e == simdjson::UTF8_ERROR) return "invalid UTF-8";
  if (e == simdjson::DEPTH_ERROR) {
    return "invalid JSON (nested deeper than " + std::to_string(max_nesting) + " levels)";
  }
  return std::string("invalid JSON (simdjson: ") + error_name(e) + ": " +
         simdjson::error_message(e) + ")";
}

const char* type_name(od::json_type t) noexcept {
  switch (t) {
    case od::json_type::array:
      return "array";
    case od::json_type::object:
      return "object";
    case od::json_type::number:
      return "number";
    case od::json_type::string:
      return "string";
    case od::json_type::boolean:
      return "boolean";
    case od::json_type::null:
      return "null";
  }
  return "unknown";
}

// Reads and validates any JSON value, keeping nothing.
error_code skip_value(od::value& v, int depth) {
  if (depth > max_nesting) return simdjson::DEPTH_ERROR;
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  switch (t) {
    case od::json_type::object: {
      od::object o;
      QC_SJ_TRY(v.get_object().get(o));
      for (auto field_result : o) {
        od::field f;
        QC_SJ_TRY(std::move(field_result).get(f));
        std::string_view key;
        QC_SJ_TRY(f.unescaped_key().get(key));
        QC_SJ_TRY(skip_value(f.value(), depth + 1));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      od::array a;
      QC_SJ_TRY(v.get_array().get(a));
      for (auto element_result : a) {
        od::value e;
        QC_SJ_TRY(std::move(element_result).get(e));
        QC_SJ_TRY(skip_value(e, depth + 1));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s);
    }
    case od::json_type::number: {
      double d;  // get_double accepts integers of any length
      return v.get_double().get(d);
    }
    case od::json_type::boolean: {
      bool b;
      const error_code e = v.get_bool().get(b);
      if (e == simdjson::INCORRECT_TYPE) {  // "tru", "falsey": a bad literal
        return v.raw_json_token().front() == 't' ? simdjson::T_ATOM_ERROR : simdjson::F_ATOM_ERROR;
      }
      return e;
    }
    case od::json_type::null: {
      bool is_null = false;
      QC_SJ_TRY(v.is_null().get(is_null));
      return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

// Consumes a null; false through `ok` never happens for valid JSON.
error_code consume_null(od::value& v) {
  bool is_null = false;
  QC_SJ_TRY(v.is_null().get(is_null));
  return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
}

void set_once(std::string& slot, std::string message) {
  if (slot.empty()) slot = std::move(message);
}

std::string quoted(std::string_view s) {
  constexpr std::size_t max_shown = 60;
  std::string out = "'";
  out.append(s.substr(0, max_shown));
  if (s.size() > max_shown) out += "...";
  out += "'";
  return out;
}

// Records a type error and consumes the offending value.
error_code wrong_type(od::value& v, od::json_type t, std::string_view key, const char* expected,
                      std::string& slot) {
  set_once(slot, "field '" + std::string(key) + "' must be " + expected + ", got " + type_name(t));
  return skip_value(v, 1);
}

// A JSON string or null; null and absent both give "".
error_code read_string(od::value& v, std::string_view key, std::string& out, std::string& err) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  if (t == od::json_type::string) {
    std::string_view s;
    QC_SJ_TRY(v.get_string().get(s));
    out.assign(s.data(), s.size());
    return simdjson::SUCCESS;
  }
  if (t == od::json_type::null) {
    out.clear();
    return consume_null(v);
  }
  return wrong_type(v, t, key, "a string", err);
}

// A JSON number as an integer: integral doubles (7.0) are accepted.
std::optional<std::int64_t> number_to_int(od::number n) {
  switch (n.get_number_type()) {
    case od::number_type::signed_integer:
      return n.get_int64();
    case od::number_type::unsigned_integer:
      return std::nullopt;  // > INT64_MAX
    case od::number_type::floating_point_number: {
      const double d = n.get_double();
      if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
        return static_cast<std::int64_t>(d);
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// An integer: a JSON number, a numeric string ("" is null) or null.
error_code read_int(od::value& v, std::string_view key, std::optional<std::int64_t>& out,
                    std::string& err) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  switch (t) {
    case od::json_type::null:
      out.reset();
      return consume_null(v);
    case od::json_type::number: {
      const std::string_view raw = trim_space(v.raw_json_token());
      od::number n;
      error_code e = v.get_number().get(n);
      if (e == simdjson::NUMBER_ERROR) {  // too large for 64 bits: still valid JSON?
        double d;
        QC_SJ_TRY(v.get_double().get(d));
        set_once(err, "field '" + std::string(key) + "' must be a 64-bit integer, got " +
                          std::string(raw));
        return simdjson::SUCCESS;
      }
      QC_SJ_TRY(e);
      out = number_to_int(n);
      if (!out) {
        set_once(err,
                 "field '" + std::string(key) + "' must be an integer, got " + std::string(raw));
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      QC_SJ_TRY(v.get_string().get(s));
      if (s.empty()) {
        out.reset();
        return simdjson::SUCCESS;
      }
      out = parse_int64_text(s);
      if (!out) {
        set_once(err,
                 "field '" + std::string(key) + "' must be an integer, got string " + quoted(s));
      }
      return simdjson::SUCCESS;
    }
    default:
      return wrong_type(v, t, key, "an integer", err);
  }
}

// A timestamp: ISO 8601 / BigQuery / dump-style text, Unix seconds as a
// number or numeric string, or null ("" is null too).
error_code read_time(od::value& v, std::string_view key, std::optional<std::int64_t>& out,
                     std::string& err) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  switch (t) {
    case od::json_type::null:
      out.reset();
      return consume_null(v);
    case od::json_type::number: {
      const std::string_view raw = trim_space(v.raw_json_token());
      double d;
      QC_SJ_TRY(v.get_double().get(d));
      const double f = std::floor(d);
      if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) {
        set_once(err, "field '" + std::string(key) + "': timestamp out of range");
        return simdjson::SUCCESS;
      }
      // Integers are re-read exactly (a double holds only 53 bits).
      const std::optional<std::int64_t> exact = parse_int64_text(raw);
      out = exact ? *exact : static_cast<std::int64_t>(f);
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view s;
      QC_SJ_TRY(v.get_string().get(s));
      if (s.empty()) {
        out.reset();
        return simdjson::SUCCESS;
      }
      out = parse_timestamp(s);
      if (!out) out = parse_int64_text(s);
      if (!out) set_once(err, "field '" + std::string(key) + "': bad timestamp " + quoted(s));
      return simdjson::SUCCESS;
    }
    default:
      return wrong_type(v, t, key, "a timestamp string or number", err);
  }
}

// An array of strings, copied into `out`. A non-string element records an
// error (the array is still consumed).
error_code read_string_array(od::value& v, std::string_view key, std::vector<std::string>& out,
                             std::string& err) {
  od::array a;
  QC_SJ_TRY(v.get_array().get(a));
  out.clear();
  std::size_t index = 0;
  for (auto element_result : a) {
    od::value e;
    QC_SJ_TRY(std::move(element_result).get(e));
    od::json_type t;
    QC_SJ_TRY(e.type().get(t));
    if (t == od::json_type::string) {
      std::string_view s;
      QC_SJ_TRY(e.get_string().get(s));
      out.emplace_back(s);
    } else {
      set_once(err, "field '" + std::string(key) + "' must be an array of strings, element " +
                        std::to_string(index) + " is " + type_name(t));
      QC_SJ_TRY(skip_value(e, 2));
    }
    ++index;
  }
  return simdjson::SUCCESS;
}

error_code read_tags(od::value& v, std::string_view key, std::vector<std::string>& out,
                     std::string& err) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  switch (t) {
    case od::json_type::array:
      return read_string_array(v, key, out, err);
    case od::json_type::string: {
      std::string_view s;
      QC_SJ_TRY(v.get_string().get(s));
      split_tags(s, out);
      return simdjson::SUCCESS;
    }
    case od::json_type::null:
      out.clear();
      return consume_null(v);
    default:
      return wrong_type(v, t, key, "an array of strings or a string", err);
  }
}

void dedupe(std::vector<std::string>& labels) {
  if (labels.size() < 2) return;
  std::size_t kept = 0;
  if (labels.size() <= 32) {
    for (std::size_t i = 0; i < labels.size(); ++i) {
      bool seen = false;
      for (std::size_t j = 0; j < kept && !seen; ++j) seen = labels[j] == labels[i];
      if (!seen) {
        if (kept != i) labels[kept] = std::move(labels[i]);
        ++kept;
      }
    }
  } else {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (seen.insert(labels[i]).second) {
        if (kept != i) labels[kept] = std::move(labels[i]);
        ++kept;
      }
    }
  }
  labels.resize(kept);
}

// Labels (DEFINITIONS.md section 3): an array of strings, a bare string
// (one label) or null (none); duplicates removed, first kept.
error_code read_labels(od::value& v, std::string_view key, std::vector<std::string>& out,
                       std::string& err) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  switch (t) {
    case od::json_type::array:
      QC_SJ_TRY(read_string_array(v, key, out, err));
      dedupe(out);
      return simdjson::SUCCESS;
    case od::json_type::string: {
      std::string_view s;
      QC_SJ_TRY(v.get_string().get(s));
      out.assign(1, std::string(s));
      return simdjson::SUCCESS;
    }
    case od::json_type::null:
      out.clear();
      return consume_null(v);
    default:
      return wrong_type(v, t, key, "an array of strings, a string or null", err);
  }
}

// The id as JSON text, echoed as is; null counts as absent.
error_code read_id(od::value& v, std::optional<std::string>& out) {
  od::json_type t;
  QC_SJ_TRY(v.type().get(t));
  if (t == od::json_type::null) {
    out.reset();
    return consume_null(v);
  }
  const std::string_view token = v.raw_json_token();
  QC_SJ_TRY(skip_value(v, 1));  // validates it, containers included
  if (t == od::json_type::object || t == od::json_type::array) {
    // The value ends where the next token (',' or '}' of the record) starts.
    const char* stop = nullptr;
    QC_SJ_TRY(v.current_location().get(stop));
    out.emplace(
        trim_space(std::string_view(token.data(), static_cast<std::size_t>(stop - token.data()))));
  } else {
    out.emplace(trim_space(token));
  }
  return simdjson::SUCCESS;
}

// What a key means. Families: 0 = snake_case (schemas a, b, c), 1 = PascalCase (d).
enum class role : std::uint8_t {
  other,
  id,
  title,
  body,
  tags,
  created,
  accepted_id,
  accepted_time,
  answer_count,
  view_count,
  score,
  body_format,
};

struct key_info {
  std::string_view name;
  role what;
  std::uint8_t family;
  std::uint8_t id_rank;  // precedence among the id keys
};

constexpr key_info known_keys[] = {
    {"id", role::id, 0, 0},
    {"question_id", role::id, 0, 1},
    {"Id", role::id, 1, 2},
    {"title", role::title, 0, 0},
    {"body", role::body, 0, 0},
    {"tags", role::tags, 0, 0},
    {"creation_date", role::created, 0, 0},
    {"accepted_answer_id", role::accepted_id, 0, 0},
    {"answer_count", role::answer_count, 0, 0},
    {"view_count", role::view_count, 0, 0},
    {"score", role::score, 0, 0},
    {"accepted_answer_creation_date", role::accepted_time, 0, 0},
    {"body_format", role::body_format, 0, 0},
    {"Title", role::title, 1, 0},
    {"Body", role::body, 1, 0},
    {"Tags", role::tags, 1, 0},
    {"CreationDate", role::created, 1, 0},
    {"AcceptedAnswerId", role::accepted_id, 1, 0},
    {"AnswerCount", role::answer_count, 1, 0},
    {"ViewCount", role::view_count, 1, 0},
    {"Score", role::score, 1, 0},
};

const key_info* lookup(std::string_view key) noexcept {
  for (const key_info& k : known_keys) {
    if (k.name.size() == key.size() && k.name == key) return &k;
  }
  return nullptr;
}

// Scratch space for one record, reused between records.
struct record_builder {
  post fam[2];
  std::string fam_error[2];
  std::optional<std::string> ids[3];
  std::vector<std::string> labels;
  bool body_is_html = true;
  std::string error;    // errors of the family-independent fields
  int last_family = 0;  // of the last finished record

  void reset() {
    for (int i = 0; i < 2; ++i) {
      fam[i] = post{};
      fam_error[i].clear();
    }
    for (auto& id : ids) id.reset();
    labels.clear();
    body_is_html = true;
    error.clear();
  }
};

error_code read_field(od::value& v, std::string_view key, const key_info& k, record_builder& b) {
  post& p = b.fam[k.family];
  std::string& err = b.fam_error[k.family];
  switch (k.what) {
    case role::id:
      return read_id(v, b.ids[k.id_rank]);
    case role::title:
      return read_string(v, key, p.title, err);
    case role::body:
      return read_string(v, key, p.body, err);
    case role::tags:
      return read_tags(v, key, p.tags, err);
    case role::created:
      return read_time(v, key, p.creation_time, err);
    case role::accepted_time:
      return read_time(v, key, p.accepted_answer_time, err);
    case role::accepted_id:
      return read_int(v, key, p.accepted_answer_id, err);
    case role::answer_count:
      return read_int(v, key, p.answer_count, err);
    case role::view_count:
      return read_int(v, key, p.view_count, err);
    case role::score:
      return read_int(v, key, p.score, err);
    case role::body_format: {
      od::json_type t;
      QC_SJ_TRY(v.type().get(t));
      if (t == od::json_type::string) {
        std::string_view s;
        QC_SJ_TRY(v.get_string().get(s));
        b.body_is_html = s == "html";
        return simdjson::SUCCESS;
      }
      b.body_is_html = true;
      if (t == od::json_type::null) return consume_null(v);
      return wrong_type(v, t, key, "a string", b.error);
    }
    case role::other:
      break;
  }
  return skip_value(v, 1);
}

// Reads one record's fields. Returns a simdjson error for invalid JSON; a
// record that is valid JSON but unusable leaves a reason in the builder.
error_code read_object(od::object& obj, std::string_view label_field, record_builder& b) {
  bool label_is_known_key = false;
  for (auto field_result : obj) {
    od::field f;
    QC_SJ_TRY(std::move(field_result).get(f));
    std::string_view key;
    QC_SJ_TRY(f.unescaped_key().get(key));
    const key_info* k = lookup(key);
    if (key == label_field) {
      if (k == nullptr) {
        QC_SJ_TRY(read_labels(f.value(), key, b.labels, b.error));
        continue;
      }
      label_is_known_key = true;  // read again below, as labels
    }
    if (k != nullptr) {
      QC_SJ_TRY(read_field(f.value(), key, *k, b));
    } else {
      QC_SJ_TRY(skip_value(f.value(), 1));
    }
  }
  if (label_is_known_key) {  // e.g. --label-field tags: a second, label-only pass
    bool ok = false;
    QC_SJ_TRY(obj.reset().get(ok));
    for (auto field_result : obj) {
      od::field f;
      QC_SJ_TRY(std::move(field_result).get(f));
      std::string_view key;
      QC_SJ_TRY(f.unescaped_key().get(key));
      if (key == label_field) QC_SJ_TRY(read_labels(f.value(), key, b.labels, b.error));
    }
  }
  return simdjson::SUCCESS;
}

// Moves the finished record into `out`; returns the reason it is unusable, or "".
std::string finish_record(record_builder& b, post& out) {
  if (!b.error.empty()) return std::move(b.error);
  int rank = 0;
  while (rank < 3 && !b.ids[rank]) ++rank;
  if (rank == 3) return "missing id (no 'id', 'question_id' or 'Id' field, or it is null)";
  const int family = rank == 2 ? 1 : 0;
  if (!b.fam_error[family].empty()) return std::move(b.fam_error[family]);
  out = std::move(b.fam[family]);
  b.last_family = family;
  out.id_json = std::move(*b.ids[rank]);
  out.labels = std::move(b.labels);
  out.body_is_html = b.body_is_html;
  return {};
}

struct line_span {
  std::size_t start;   // first non-blank byte, offset in the buffer
  std::size_t end;     // end of the line, before '\n'
  std::size_t number;  // 1-based
};

// One share of a region's lines, parsed on its own thread with its own
// parsers into its own queue (merged in input order by region_parts).
struct line_share : record_queue {
  const std::string* display = nullptr;
  const char* data = nullptr;  // the region's buffer
  std::size_t room = 0;        // bytes readable from data, padding included
  od::parser stream_parser;
  od::parser line_parser;
  record_builder builder;

  void record_error(std::size_t line, const std::string& reason, std::string id_json = {}) {
    record_queue::record_error(*display, line, reason, std::move(id_json));
  }

  // An empty builder for the next record; the key family the last record
  // used gets the text buffers of the last prepared post.
  void start_record() {
    builder.reset();
    reuse_text(builder.fam[builder.last_family]);
  }

  // Explains a line whose root object did not parse: trailing content after
  // a complete object reads better than simdjson's "ended early".
  std::string diagnose(const line_span& ln, error_code e) {
    if (e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || e == simdjson::TAPE_ERROR) {
      od::document_stream docs;
      if (!line_parser
               .iterate_many(data + ln.start, ln.end - ln.start,
                             std::max<std::size_t>(ln.end - ln.start + 1024, 4096))
               .get(docs)) {
        std::size_t count = 0;
        bool first_ok = false;
        for (auto it = docs.begin(); it != docs.end() && count < 2; ++it, ++count) {
          od::document_reference doc;
          if ((*it).get(doc)) break;
          if (count == 0) {
            od::object o;
            record_builder scratch;
            first_ok = !doc.get_object().get(o) && !read_object(o, opts.label_field, scratch);
            if (!first_ok) break;
          }
        }
        if (first_ok && count >= 2) {
          return "unexpected content after the JSON object (two JSON values on one line?)";
        }
      }
    }
    return json_error_reason(e);
  }

  // The slow, exact path: one line, one document.
  void parse_line(const line_span& ln) {
    const std::size_t len = ln.end - ln.start;
    const std::size_t room_left = room - ln.start;
    od::document doc;
    error_code e = line_parser.iterate(data + ln.start, len, room_left).get(doc);
    std::string reason;
    bool read_into_builder = false;  // the builder holds what this line gave
    bool added = false;              // a post went to `ready`
    if (e) {
      reason = json_error_reason(e);
    } else {
      od::json_type t;
      e = doc.type().get(t);
      if (e) {
        reason = json_error_reason(e);
      } else if (t != od::json_type::object) {
        reason = std::string("record is not a JSON object (got ") + type_name(t) + ")";
      } else {
        od::object obj;
        start_record();
        read_into_builder = true;
        e = doc.get_object().get(obj);
        if (!e) e = read_object(obj, opts.label_field, builder);
        if (e) {
          reason = diagnose(ln, e);
        } else if (!doc.current_location().error()) {
          reason = "unexpected content after the JSON object (two JSON values on one line?)";
        } else {
          post p;
          reason = finish_record(builder, p);
          if (reason.empty()) {
            p.line = ln.number;
            ready.push_back(std::move(p));
            added = true;
          }
        }
      }
    }
    if (line_parser.capacity() > keep_parser_capacity) line_parser = od::parser{};
    if (added) prepare_last();  // after a huge line's parser memory is given back
    if (!reason.empty()) {
      std::string id;  // a bad record keeps its id when it was read
      for (auto& candidate : builder.ids) {
        if (read_into_builder && candidate) {
          id = std::move(*candidate);
          break;
        }
      }
      record_error(ln.number, std::move(reason), std::move(id));
    }
  }

  // The fast path: a document stream over lines [0, n). Every document must
  // start where its line starts; a line's record is kept once the next
  // document is seen to start on the next line. Returns how many lines were
  // handled; the rest go through parse_line. The last line is always left
  // to parse_line, which also checks that nothing follows its object.
  std::size_t parse_stream(const line_span* lines, std::size_t n) {
    const std::size_t base = lines[0].start;
    const std::size_t len = lines[n - 1].end - base;
    od::document_stream docs;
    // Documents are never longer than the record limit: a smaller window then suffices.
    const std::size_t window = std::min(stream_window, opts.max_record_bytes + 1);
    if (stream_parser.iterate_many(data + base, len, window).get(docs)) return 0;
    std::size_t k = 0;  // documents seen
    post held;          // the record of line k-1, not yet confirmed
    for (auto it = docs.begin(); it != docs.end(); ++it, ++k) {
      od::document_reference doc;
      if ((*it).get(doc) || k >= n || base + it.current_index() != lines[k].start) {
        return k == 0 ? 0 : k - 1;
      }
      if (k > 0) {  // line k-1 confirmed
        ready.push_back(std::move(held));
        prepare_last();
      }
      if (k + 1 == n) return k;  // the last line: exact path
      od::object obj;
      start_record();
      if (doc.get_object().get(obj) || read_object(obj, opts.label_field, builder) ||
          !finish_record(builder, held).empty()) {
        return k;
      }
      held.line = lines[k].number;
    }
    return k == 0 ? 0 : k - 1;
  }

  // Lines [0, n): the document stream first, then line by line.
  void parse(const line_span* lines, std::size_t n) {
    std::size_t i = n > 1 ? parse_stream(lines, n) : 0;
    for (; i < n && !failure; ++i) parse_line(lines[i]);
  }
};

}  // namespace

// A region of whole lines, framed and queued for parsing in parts: its
// buffer, its lines, what each part gave, and what framing met before its
// lines (a line too long, a UTF-16 file).
struct region_job {
  std::unique_ptr<char[]> buf;  // capacity + SIMDJSON_PADDING bytes
  std::size_t capacity = 0;
  std::vector<line_span> lines;
  record_queue head;   // before the lines
  region_parts parts;  // of the lines
};

struct jsonl_reader::impl : record_queue {
  std::string path;
  std::string display;  // the name in messages
  std::unique_ptr<byte_source> src;
  bool eof = false;
  bool at_start = true;

  std::unique_ptr<char[]> buf;  // capacity + SIMDJSON_PADDING bytes
  std::size_t capacity = 0;
  std::size_t begin = 0;  // unprocessed bytes are [begin, end)
  std::size_t end = 0;
  std::size_t partial = 0;  // the buffer's first bytes, the last region's partial line
  std::size_t next_line = 1;
  record_queue* framing = nullptr;  // the head of the job being framed

  // Regions in flight: while the parsing threads work on one, this thread
  // frames the next (reading included).
  region_pipeline<region_job> regions;
  std::unique_ptr<char[]> spare_buf;  // a delivered job's buffer, when of the usual size
  std::vector<std::unique_ptr<line_share>> shares;  // one per parsing thread
  std::unique_ptr<task_pool> pool;                  // last: its tasks use the above

  ~impl() { pool.reset(); }  // running tasks finish before the jobs go

  void use_source(std::unique_ptr<byte_source> source) {
    src = std::move(source);
    display = src->display();
    src->read_in_parallel(read_threads_for(resolve_threads(opts.parse_threads)));
  }

  // Fills the buffer up to its capacity or the end of input.
  void fill() {
    while (!eof && end < capacity) {
      const std::size_t n = src->read(buf.get() + end, capacity - end);
      if (n == 0) {
        eof = true;
        break;
      }
      end += n;
    }
  }

  void reallocate(std::size_t new_capacity) {
    std::unique_ptr<char[]> fresh(new char[new_capacity + simdjson::SIMDJSON_PADDING]);
    std::memcpy(fresh.get(), buf.get() + begin, end - begin);
    buf = std::move(fresh);
    capacity = new_capacity;
    end -= begin;
    begin = 0;
  }

  // The buffer's usual size: a chunk (a share of one per parsing thread), or
  // less when records are limited to less (the buffer then never holds a
  // line longer than the limit).
  std::size_t base_capacity() const {
    const std::size_t chunk =
        std::max(chunk_bytes, share_bytes * resolve_threads(opts.parse_threads));
    return std::min(chunk, opts.max_record_bytes + 1);
  }

  void record_error(std::size_t line, const std::string& reason) {
    framing->record_error(display, line, reason);
  }

  // The line at the front of the buffer is longer than max_record_bytes: a
  // bad record; its bytes are passed over without being kept, through its '\n'.
  void drop_long_line() {
    record_error(next_line, record_too_long(opts.max_record_bytes));
    at_start = false;
    for (;;) {
      const void* nl = std::memchr(buf.get(), '\n', end);
      if (nl != nullptr) {
        const std::size_t cut =
            static_cast<std::size_t>(static_cast<const char*>(nl) - buf.get()) + 1;
        std::memmove(buf.get(), buf.get() + cut, end - cut);
        stats.bytes += cut;
        end -= cut;
        break;
      }
      stats.bytes += end;
      end = 0;
      if (eof) break;
      fill();
    }
    ++next_line;
  }

  // Reads until [begin, result) holds whole lines (or the input's last bytes).
  // Returns begin when the input is exhausted, or when a line too long has
  // been met under on_error::fail.
  std::size_t next_region() {
    if (!buf) {
      capacity = base_capacity();
      buf.reset(new char[capacity + simdjson::SIMDJSON_PADDING]);
    }
    if (begin > 0) {  // move the partial line to the front
      std::memmove(buf.get(), buf.get() + begin, end - begin);
      end -= begin;
      begin = 0;
    }
    std::size_t scanned = std::min(end, partial);  // a partial line holds no '\n'
    for (;;) {
      fill();
      for (std::size_t i = end; i > scanned; --i) {
        if (buf[i - 1] == '\n') return i;
      }
      scanned = end;
      if (end > opts.max_record_bytes) {
        drop_long_line();
        if (framing->failure) return begin;
        scanned = 0;
        continue;
      }
      if (eof) return end;
      if (end == capacity) {
        // One line longer than the buffer: grow for it (up to the limit), shrink back later.
        reallocate(std::min(capacity * 2, opts.max_record_bytes + 1));
        scanned = end;
      }
    }
  }

  void shrink_if_grown() {
    const std::size_t base = base_capacity();
    if (capacity > base && end - begin <= base / 2) reallocate(base);
  }

  // The lines of [begin, stop) into `out` (blank ones counted, not kept);
  // false for a UTF-16 file (a whole-file error, even under skip).
  bool frame_lines(std::size_t stop, std::vector<line_span>& out) {
    std::size_t pos = begin;
    if (at_start) {
      at_start = false;
      if (stop - pos >= 3 && std::memcmp(buf.get() + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
      // A whole-file problem: an error even under --on-error skip.
      if (looks_like_utf16(std::string_view(buf.get() + pos, stop - pos))) {
        framing->failure.emplace(display, 1, utf16_message);
        return false;
      }
    }
    out.clear();
    const char* data = buf.get();
    while (pos < stop) {
      const void* nl = std::memchr(data + pos, '\n', stop - pos);
      const std::size_t line_end =
          nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : stop;
      std::size_t first = pos;
      while (first < line_end && is_text_space(data[first])) ++first;
      if (first == line_end) {
        ++stats.blank_lines;
      } else {
        out.push_back({first, line_end, next_line});
      }
      ++next_line;
      pos = line_end + 1;
    }
    return true;
  }

  // The job takes the buffer holding its region; the partial line after
  // `stop` starts the next buffer (the last delivered job's, when it is of
  // the usual size).
  void hand_over_buffer(region_job& job, std::size_t stop) {
    std::unique_ptr<char[]> next;
    std::size_t next_capacity = std::max(base_capacity(), end - stop);
    if (spare_buf && next_capacity == base_capacity()) {
      next = std::move(spare_buf);
    } else {
      next.reset(new char[next_capacity + simdjson::SIMDJSON_PADDING]);
    }
    std::memcpy(next.get(), buf.get() + stop, end - stop);
    job.buf = std::move(buf);
    job.capacity = capacity;
    buf = std::move(next);
    capacity = next_capacity;
    end -= stop;
    begin = 0;
    partial = end;
  }

  std::unique_ptr<region_job> fresh_job() {
    std::unique_ptr<region_job> job = regions.fresh();
    job->head.opts = opts;
    job->head.clear_parsed();
    return job;
  }

  // Frames the next region into a job and queues its parts; false when the
  // input is exhausted (nothing framed, nothing to report).
  bool frame_next() {
    std::unique_ptr<region_job> job = fresh_job();
    framing = &job->head;
    const std::size_t stop = next_region();
    const bool any_lines = stop > begin && frame_lines(stop, job->lines);
    if (!any_lines) job->lines.clear();
    stats.bytes += stop - begin;
    framing = nullptr;
    if (job->head.failure) regions.started_all = true;
    if (stop == begin && !job->head.failure && job->head.skips.empty()) {
      regions.started_all = true;
      regions.spare = std::move(job);
      return false;
    }
    hand_over_buffer(*job, stop);
    shrink_if_grown();
    queue_parts(*job);
    regions.jobs.push_back(std::move(job));
    return true;
  }

  // One task per part: parsed by whichever thread takes it, kept in the part.
  void queue_parts(region_job& job) {
    make_shares(opts, display, pool, shares);
    const std::size_t base = job.lines.empty() ? 0 : job.lines[0].start;
    job.parts.cuts = guided_cuts(job.lines.size(), pool->size(), min_part_bytes,
                                 [&](std::size_t i) { return job.lines[i].end - base; });
    job.parts.queue(*pool, shares, job.lines.size(),
                    [&job](line_share& sh, std::size_t b, std::size_t e) {
                      sh.data = job.buf.get();
                      sh.room = job.capacity + simdjson::SIMDJSON_PADDING;
                      sh.parse(job.lines.data() + b, e - b);
                    });
  }

  // A parsed job into this queue: its head, then its parts in input order
  // up to the first failure; false after a failure.
  bool deliver(region_job& job) {
    job.parts.finish(*pool);
    const bool ok = take(job.head) && job.parts.append_to(*this);
    if (job.capacity == base_capacity()) spare_buf = std::move(job.buf);
    job.buf.reset();  // one grown for a long line is not kept
    return ok;
  }

  // Parses the next region of whole lines; false once the input is exhausted.
  bool advance() {
    if (failure) return false;
    return regions.advance([this] { return frame_next(); },
                           [this](region_job& job) { return deliver(job); });
  }
};

jsonl_reader::jsonl_reader(std::string path, reader_options opts)
    : impl_(std::make_unique<impl>()) {
  impl_->path = std::move(path);
  impl_->opts = std::move(opts);
  impl_->use_source(open_byte_source(impl_->path));
}

jsonl_reader::jsonl_reader(std::unique_ptr<byte_source> source, std::string path,
                           reader_options opts)
    : impl_(std::make_unique<impl>()) {
  impl_->path = std::move(path);
  impl_->opts = std::move(opts);
  impl_->use_source(std::move(source));
}

jsonl_reader::jsonl_reader(std::unique_ptr<byte_source> source, std::string path,
                           reader_options opts, const range_span& span)
    : jsonl_reader(std::move(source), std::move(path), std::move(opts)) {
  impl_->next_line = span.first_line;
  impl_->at_start = span.at_file_start();  // a byte order mark or UTF-16 only at byte 0
}

jsonl_reader::~jsonl_reader() = default;
jsonl_reader::jsonl_reader(jsonl_reader&&) noexcept = default;
jsonl_reader& jsonl_reader::operator=(jsonl_reader&&) noexcept = default;

bool jsonl_reader::next_batch(std::vector<post>& out, std::size_t max_posts) {
  impl& s = *impl_;
  return s.next_batch(out, max_posts, [&s] { return s.advance(); });
}

const read_stats& jsonl_reader::stats() const { return impl_->stats; }
const std::string& jsonl_reader::path() const { return impl_->path; }

#undef QC_SJ_TRY

}  // namespace qc
