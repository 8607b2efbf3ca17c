#include "formats/predictions.hpp"

#include <algorithm>

#include "core/format_double.hpp"
#include "formats/csv_text.hpp"
#include "formats/json_write.hpp"
#include "qc/core/error.hpp"
#include "simdjson.h"

namespace qc {
namespace {

void note_category(prediction_table& t, const std::string& c) {
  if (c.empty()) return;
  if (std::find(t.categories.begin(), t.categories.end(), c) == t.categories.end())
    t.categories.push_back(c);
}

void add_row(prediction_table& t, const std::string& path, std::size_t line, std::string id,
             prediction p) {
  if (p.category.empty()) throw parse_error(path, line, "empty category");
  ++t.rows;
  note_category(t, p.category);
  const auto it = t.by_id.find(id);
  if (it == t.by_id.end()) {
    t.by_id.emplace(std::move(id), std::move(p));
    return;
  }
  if (it->second.category != p.category || it->second.no_evidence != p.no_evidence)
    throw parse_error(path, line, "id " + id + " is predicted twice with different results");
  ++t.duplicates;
}

void read_csv(prediction_table& t, const std::string& path, const std::string& text) {
  const csv_document doc = parse_csv(text, path);
  if (doc.records.empty()) throw parse_error(path, 1, "no CSV header");
  const csv_record& header = doc.records.front();
  auto column = [&](const char* name, bool required) {
    return csv_column(header, name, required, path);
  };

  const std::ptrdiff_t c_id = column("id", true), c_cat = column("category", true),
                       c_ne = column("no_evidence", true), c_status = column("status", false),
                       c_runner = column("runner_up", false);
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    check_csv_field_count(rec, header.fields.size(), path);
    auto at = [&](std::ptrdiff_t c) -> const std::string& {
      return rec.fields[static_cast<std::size_t>(c)];
    };
    if (c_status >= 0 && at(c_status).compare(0, 7, "skipped") == 0) {
      ++t.skipped;
      continue;
    }
    if (at(c_id).empty()) throw parse_error(path, rec.line, "empty id");
    prediction p;
    p.category = at(c_cat);
    const std::string& ne = at(c_ne);
    if (ne == "true") {
      p.no_evidence = true;
    } else if (ne != "false") {
      throw parse_error(path, rec.line, "no_evidence must be true or false, not '" + ne + "'");
    }
    add_row(t, path, rec.line, at(c_id), std::move(p));
    if (c_runner >= 0) note_category(t, at(c_runner));
  }
}

void read_jsonl(prediction_table& t, const std::string& path, const std::string& text) {
  simdjson::dom::parser parser;
  std::size_t start = 0, line = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    std::string_view l(text.data() + start, end - start);
    start = end + 1;
    if (l.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::dom::object o;
    if (parser.parse(simdjson::padded_string(l)).get_object().get(o))
      throw parse_error(path, line, "not a JSON object");
    simdjson::dom::element id;
    if (o["id"].get(id) || id.is_null()) {
      if (o["skipped"].error() == simdjson::SUCCESS) {
        ++t.skipped;
        continue;
      }
      throw parse_error(path, line, "no id");
    }
    std::string key;
    std::string_view sv;
    std::int64_t i64 = 0;
    std::uint64_t u64 = 0;
    if (!id.get_string().get(sv)) {
      key = std::string(sv);
    } else if (!id.get_int64().get(i64)) {
      key = std::to_string(i64);
    } else if (!id.get_uint64().get(u64)) {
      key = std::to_string(u64);
    } else {
      throw parse_error(path, line, "id must be an integer or a string");
    }
    if (key.empty()) throw parse_error(path, line, "empty id");
    prediction p;
    if (o["category"].get_string().get(sv)) throw parse_error(path, line, "no category (a string)");
    p.category = std::string(sv);
    simdjson::dom::element ne;
    if (!o["no_evidence"].get(ne)) {
      bool b = false;
      if (ne.get_bool().get(b)) throw parse_error(path, line, "no_evidence must be true or false");
      p.no_evidence = b;
    }
    add_row(t, path, line, std::move(key), std::move(p));
    if (!o["runner_up"].get_string().get(sv)) note_category(t, std::string(sv));
  }
}

}  // namespace

prediction_table read_predictions(const std::string& path) {
  return parse_predictions(read_text_file(path), path);
}

prediction_table parse_predictions(const std::string& text, const std::string& path) {
  prediction_table t;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    read_jsonl(t, path, text);
  } else {
    read_csv(t, path, text);
  }
  return t;
}

std::string id_text(const std::string& id_json) {
  if (id_json.empty() || id_json.front() != '"') return id_json;
  thread_local simdjson::dom::parser parser;  // bulk scoring calls this per post
  std::string_view v;
  if (parser.parse(id_json).get_string().get(v)) return id_json;
  return std::string(v);
}

prediction_format prediction_format_for(const std::string& path, const std::string& forced) {
  if (forced == "csv") return prediction_format::csv;
  if (forced == "jsonl") return prediction_format::jsonl;
  if (!forced.empty()) throw usage_error("--format must be csv or jsonl (got '" + forced + "')");
  const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  return csv ? prediction_format::csv : prediction_format::jsonl;
}

std::string prediction_writer::header() const {
  return fmt_ == prediction_format::csv ? "id,category,score,runner_up,margin,no_evidence,status\n"
                                        : "";
}

void prediction_writer::append(std::string& out, const std::string& id_json,
                               const scored_post& p) const {
  const std::string& cat = labels_[static_cast<std::size_t>(p.best)];
  const std::string* runner =
      p.runner_up >= 0 ? &labels_[static_cast<std::size_t>(p.runner_up)] : nullptr;
  if (fmt_ == prediction_format::csv) {
    append_csv_field(out, id_text(id_json));
    out += ',';
    append_csv_field(out, cat);
    out += ',';
    append_double(out, p.score);
    out += ',';
    if (runner) append_csv_field(out, *runner);
    out += ',';
    append_double(out, p.margin);
    out += p.no_evidence ? ",true,ok\n" : ",false,ok\n";
    return;
  }
  json_writer w(out);
  w.begin_object().key("id").raw(id_json).member("category", cat).member("score", p.score);
  w.key("runner_up");
  runner ? w.value(*runner) : w.null();
  w.member("margin", p.margin).member("no_evidence", p.no_evidence);
  if (ties_all_) {
    w.key("categories").begin_array();
    for (std::size_t k = 0; k < labels_.size(); ++k)
      if ((p.tied >> k) & 1u) w.value(labels_[k]);
    w.end_array();
  }
  w.end_object();
  out += '\n';
}

void prediction_writer::append_skipped(std::string& out, const std::string& id_json,
                                       const std::string& message) const {
  if (fmt_ == prediction_format::csv) {
    if (!id_json.empty()) append_csv_field(out, id_text(id_json));
    out += ",,,,,,";
    append_csv_field(out, "skipped: " + message);
    out += '\n';
  } else {
    json_writer w(out);
    w.begin_object().key("id");
    id_json.empty() ? w.null() : w.raw(id_json);
    w.member("skipped", message).end_object();
    out += '\n';
  }
}

}  // namespace qc
