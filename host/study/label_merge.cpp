#include "study/label_merge.hpp"

#include <algorithm>
#include <utility>

#include "formats/posts_jsonl.hpp"
#include "qc/core/error.hpp"

namespace qc {

namespace {

std::string listed(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) s += (i ? ", " : "") + names[i];
  return s;
}

void check_categories(const label_sheet& sheet, const std::vector<std::string>& categories,
                      const std::string& categories_file) {
  if (categories.empty()) return;
  for (const sheet_row& r : sheet.rows)
    for (const std::string& l : r.labels)
      if (std::find(categories.begin(), categories.end(), l) == categories.end())
        throw parse_error(sheet.file, r.line,
                          "unknown category '" + l + "' for id " + r.id + " (the categories of " +
                              categories_file + " are " + listed(categories) + ")");
}

}  // namespace

label_merger::label_merger(label_sheet sheet, const std::vector<std::string>& categories,
                           const std::string& categories_file)
    : sheet_(std::move(sheet)), found_(sheet_.rows.size()) {
  check_categories(sheet_, categories, categories_file);
  counts_.rows = sheet_.rows.size();
  for (std::size_t i = 0; i < sheet_.rows.size(); ++i) {
    row_of_id_.emplace(sheet_.rows[i].id, i);  // ids are unique (parse_label_sheet)
    if (sheet_.rows[i].labels.empty())
      ++counts_.unlabeled;
    else
      ++counts_.labeled;
  }
}

void label_merger::add(const std::vector<post>& batch, const std::string& path, std::string& out) {
  for (const post& p : batch) {
    ++counts_.posts;
    const auto it = row_of_id_.find(p.id_json);
    if (it == row_of_id_.end()) {
      ++counts_.posts_not_in_sheet;
      continue;
    }
    match& m = found_[it->second];
    const sheet_row& row = sheet_.rows[it->second];
    if (!m.file.empty())
      throw parse_error(path, p.line,
                        "id " + p.id_json + " appears twice in the posts (first at " + m.file +
                            ":" + std::to_string(m.line) + "), so the row at " + sheet_.file + ":" +
                            std::to_string(row.line) + " cannot be matched");
    m.file = path;
    m.line = p.line;
    if (row.labels.empty()) continue;
    append_post_jsonl(out, p, row.labels);
    ++counts_.merged;
  }
}

merge_counts label_merger::finish() const {
  std::size_t missing = 0;
  const sheet_row* first = nullptr;
  for (std::size_t i = 0; i < sheet_.rows.size(); ++i) {
    if (!found_[i].file.empty()) continue;
    if (!first) first = &sheet_.rows[i];
    ++missing;
  }
  if (first) {
    std::string why = "id " + first->id + " is not in the posts";
    if (missing > 1)
      why += " (" + std::to_string(missing) + " of the sheet's " +
             std::to_string(sheet_.rows.size()) + " ids are not)";
    throw parse_error(sheet_.file, first->line,
                      why + "; ids must match exactly, as the sheet's id column gives them");
  }
  return counts_;
}

}  // namespace qc
