#include "report/label_page.hpp"

#include <stdexcept>

#include "core/fnv1a.hpp"
#include "formats/json_write.hpp"
#include "report/html_escape.hpp"

namespace qc {

namespace {

// The sheet's columns without labels, then `labels`: what the page exports.
const char* const kExportColumns[] = {"id",    "framework", "how",  "rank",  "link",
                                      "title", "text",      "tags", "labels"};

std::string category_buttons(const std::vector<std::string>& categories) {
  const std::vector<std::string> keys = category_shortcuts(categories.size());
  std::string out;
  for (std::size_t i = 0; i < categories.size(); ++i) {
    out += "      <button type=\"button\" class=\"category\" data-index=\"" + std::to_string(i) +
           "\" data-key=\"" + keys[i] + "\" aria-pressed=\"false\">";
    out += keys[i].empty() ? "<kbd>&nbsp;</kbd>" : "<kbd>" + keys[i] + "</kbd>";
    out += "<span>";
    append_html_escaped(out, categories[i]);
    out += "</span></button>\n";
  }
  return out;
}

std::string sheet_json(const std::vector<sheet_row>& rows, const label_page& page) {
  std::string out;
  json_writer w(out, false);
  w.begin_object();
  w.member("key", label_page_key(rows)).member("export_name", page.export_name);
  w.key("columns").begin_array();
  for (const char* c : kExportColumns) w.value(c);
  w.end_array();
  w.key("categories").strings(page.categories);
  w.key("rows").begin_array();
  for (const sheet_row& r : rows)
    w.strings({r.id, r.framework, r.how, r.rank, r.link, r.title, r.text, r.tags});
  w.end_array();
  w.end_object();
  return script_safe_json(out);
}

// The template with each {{NAME}} replaced by its value.
std::string fill_template(std::string_view tpl,
                          const std::vector<std::pair<std::string_view, std::string>>& slots) {
  std::string out;
  std::size_t i = 0;
  while (true) {
    const std::size_t b = tpl.find("{{", i);
    out.append(tpl.substr(i, b == std::string_view::npos ? b : b - i));
    if (b == std::string_view::npos) break;
    const std::size_t e = tpl.find("}}", b);
    const std::string_view name = tpl.substr(b + 2, e == std::string_view::npos ? e : e - b - 2);
    const std::string* value = nullptr;
    for (const auto& [n, v] : slots)
      if (n == name) value = &v;
    if (!value) throw std::logic_error("label page template: unknown slot " + std::string(name));
    out += *value;
    i = e + 2;
  }
  return out;
}

}  // namespace

std::vector<std::string> category_shortcuts(std::size_t n) {
  static constexpr std::string_view kKeys = "1234567890abcdfghijklmoqrstvwyz";
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < n; ++i)
    keys.push_back(i < kKeys.size() ? std::string(1, kKeys[i]) : std::string());
  return keys;
}

std::string label_page_key(const std::vector<sheet_row>& rows) {
  std::vector<sheet_row> bare = rows;
  for (sheet_row& r : bare) r.labels.clear();
  return hex64(fnv1a64(write_label_sheet(bare, false)));
}

std::string script_safe_json(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string write_label_page(const std::vector<sheet_row>& rows, const label_page& page) {
  return fill_template(label_page_template(),
                       {{"TITLE", html_escape(page.title)},
                        {"CATEGORY_BUTTONS", category_buttons(page.categories)},
                        {"SHEET", sheet_json(rows, page)}});
}

}  // namespace qc
