#include "formats/label_sheet.hpp"

#include <algorithm>
#include <unordered_map>

#include "formats/csv_text.hpp"
#include "model/keywords.hpp"
#include "qc/core/error.hpp"
#include "text/html_text.hpp"

namespace qc {

namespace {

const char* const kColumns[] = {"id",   "framework", "how",    "rank",     "link",    "title",
                                "text", "tags",      "labels", "labels_a", "labels_b"};
constexpr std::size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace

std::string question_link(const std::string& site, const std::string& id_json) {
  std::string base = site;
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::string id = id_json;
  if (id.size() >= 2 && id.front() == '"' && id.back() == '"') id = id.substr(1, id.size() - 2);
  return base + "/questions/" + id;
}

sheet_row make_sheet_row(const post& p, const std::string& framework, const std::string& how,
                         std::size_t rank, const std::string& site) {
  sheet_row r;
  r.id = p.id_json;
  r.framework = framework;
  r.how = how;
  r.rank = std::to_string(rank);
  r.link = question_link(site, p.id_json);
  r.title = p.title;
  r.text = p.body_is_html ? html_to_text(p.body, true) : plain_to_text(p.body);
  for (std::size_t i = 0; i < p.tags.size(); ++i) {
    if (i) r.tags += ' ';
    r.tags += p.tags[i];
  }
  return r;
}

std::string join_labels(const std::vector<std::string>& labels) {
  std::string s;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (i) s += kLabelSeparator;
    s += labels[i];
  }
  return s;
}

std::vector<std::string> parse_labels_cell(std::string_view cell, const std::string& file,
                                           std::size_t line) {
  std::vector<std::string> out;
  if (trim(cell).empty()) return out;
  std::size_t b = 0;
  while (true) {
    const std::size_t e = cell.find(kLabelSeparator, b);
    std::string label = trim(cell.substr(b, e == std::string_view::npos ? e : e - b));
    if (label.empty())
      throw parse_error(file, line,
                        "empty label in '" + std::string(cell) + "' (labels are separated by ';')");
    if (std::find(out.begin(), out.end(), label) != out.end())
      throw parse_error(file, line, "label '" + label + "' given twice");
    out.push_back(std::move(label));
    if (e == std::string_view::npos) break;
    b = e + 1;
  }
  if (out.size() > 2)
    throw parse_error(file, line,
                      std::to_string(out.size()) + " labels in '" + std::string(cell) +
                          "'; a post takes one or two");
  return out;
}

std::string write_label_sheet(const std::vector<sheet_row>& rows, bool disagreements) {
  std::string out = "id,framework,how,rank,link,title,text,tags,labels";
  if (disagreements) out += ",labels_a,labels_b";
  out += "\n";
  for (const sheet_row& r : rows) {
    const std::string* cells[] = {&r.id,   &r.framework, &r.how,  &r.rank,
                                  &r.link, &r.title,     &r.text, &r.tags};
    for (const std::string* c : cells) {
      append_csv_field(out, *c);
      out += ',';
    }
    append_csv_field(out, join_labels(r.labels));
    if (disagreements) {
      out += ',';
      append_csv_field(out, join_labels(r.labels_a));
      out += ',';
      append_csv_field(out, join_labels(r.labels_b));
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> read_category_names(const std::string& path) {
  std::vector<std::string> names;
  for (const keyword_entry& e : read_keywords_file(path)) {
    if (e.category.find(kLabelSeparator) != std::string::npos)
      throw parse_error(path, e.line,
                        "category '" + e.category + "' contains ';', which separates two labels");
    if (std::find(names.begin(), names.end(), e.category) == names.end())
      names.push_back(e.category);
  }
  if (names.empty()) throw parse_error(path, 0, "no categories (every line is blank or a comment)");
  return names;
}

label_sheet parse_label_sheet(std::string_view text, const std::string& file) {
  label_sheet sheet;
  sheet.file = file;
  const csv_document doc = parse_csv(text, file);
  if (!doc.comments.empty())
    throw parse_error(file, doc.comments.front().line,
                      "a line starting with '#' is not a sheet row");
  if (doc.records.empty()) throw parse_error(file, 0, "no header line (an empty sheet)");
  const csv_record& header = doc.records.front();
  // Column index of each known column, or -1.
  std::ptrdiff_t col[kColumnCount];
  std::fill(col, col + kColumnCount, std::ptrdiff_t{-1});
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    std::size_t k = 0;
    while (k < kColumnCount && name != kColumns[k]) ++k;
    if (k == kColumnCount)
      throw parse_error(file, header.line,
                        "unknown column '" + name +
                            "' (a labeling sheet has id, framework, how, rank, link, title, text, "
                            "tags, labels, and labels_a, labels_b in a sheet of disagreements)");
    if (col[k] >= 0) throw parse_error(file, header.line, "column '" + name + "' appears twice");
    col[k] = static_cast<std::ptrdiff_t>(i);
  }
  if (col[0] < 0) throw parse_error(file, header.line, "no 'id' column");
  if (col[8] < 0) throw parse_error(file, header.line, "no 'labels' column");

  std::unordered_map<std::string, std::size_t> seen;  // id -> line
  for (std::size_t r = 1; r < doc.records.size(); ++r) {
    const csv_record& rec = doc.records[r];
    check_csv_field_count(rec, header.fields.size(), file);
    const auto cell = [&](std::size_t k) -> std::string {
      return col[k] < 0 ? std::string() : rec.fields[static_cast<std::size_t>(col[k])];
    };
    sheet_row row;
    row.line = rec.line;
    row.id = trim(cell(0));
    if (row.id.empty()) throw parse_error(file, rec.line, "empty id");
    const auto [it, fresh] = seen.emplace(row.id, rec.line);
    if (!fresh)
      throw parse_error(
          file, rec.line,
          "id " + row.id + " appears twice (first on line " + std::to_string(it->second) + ")");
    row.framework = cell(1);
    row.how = cell(2);
    row.rank = cell(3);
    row.link = cell(4);
    row.title = cell(5);
    row.text = cell(6);
    row.tags = cell(7);
    row.labels = parse_labels_cell(cell(8), file, rec.line);
    row.labels_a = parse_labels_cell(cell(9), file, rec.line);
    row.labels_b = parse_labels_cell(cell(10), file, rec.line);
    sheet.rows.push_back(std::move(row));
  }
  return sheet;
}

label_sheet read_label_sheet(const std::string& path) {
  return parse_label_sheet(read_text_file(path), path);
}

}  // namespace qc
