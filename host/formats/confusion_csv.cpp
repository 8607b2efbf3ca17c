#include "formats/confusion_csv.hpp"

#include <charconv>

#include "formats/csv_text.hpp"
#include "qc/core/error.hpp"

namespace qc {

confusion_table read_confusion(const std::string& path) {
  const csv_document doc = parse_csv(read_text_file(path), path);
  if (doc.records.empty()) throw parse_error(path, 1, "no CSV header");
  const csv_record& header = doc.records.front();
  confusion_table t;
  t.labels.assign(header.fields.begin() + 1, header.fields.end());
  const std::size_t L = t.labels.size();
  if (L == 0) throw parse_error(path, header.line, "no labels in the header");
  if (doc.records.size() != L + 1)
    throw parse_error(path, header.line,
                      std::to_string(L) + " labels in the header but " +
                          std::to_string(doc.records.size() - 1) + " rows");
  for (std::size_t i = 0; i < L; ++i) {
    const csv_record& rec = doc.records[i + 1];
    if (rec.fields.size() != L + 1)
      throw parse_error(path, rec.line, "expected " + std::to_string(L + 1) + " fields");
    if (rec.fields[0] != t.labels[i])
      throw parse_error(
          path, rec.line,
          "row label '" + rec.fields[0] + "' is not column label '" + t.labels[i] + "'");
    std::vector<std::uint64_t> row(L);
    for (std::size_t j = 0; j < L; ++j) {
      const std::string& s = rec.fields[j + 1];
      const auto r = std::from_chars(s.data(), s.data() + s.size(), row[j]);
      if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
        throw parse_error(path, rec.line, "not a count: '" + s + "'");
    }
    t.counts.push_back(std::move(row));
  }
  return t;
}

std::string confusion_table_csv(const confusion_table& c) {
  std::string o = "true\\predicted";
  for (const std::string& l : c.labels) {
    o += ',';
    append_csv_field(o, l);
  }
  o += '\n';
  for (std::size_t i = 0; i < c.labels.size(); ++i) {
    append_csv_field(o, c.labels[i]);
    for (const std::uint64_t v : c.counts[i]) o += ',' + std::to_string(v);
    o += '\n';
  }
  return o;
}

std::string confusion_csv(const confusion_counts& counts, const std::vector<std::string>& labels) {
  check_label_names(counts, labels);
  confusion_table t;
  t.labels = labels;
  t.counts.resize(counts.n_labels);
  for (std::size_t i = 0; i < counts.n_labels; ++i)
    for (std::size_t j = 0; j < counts.n_labels; ++j) t.counts[i].push_back(counts.c(i, j));
  return confusion_table_csv(t);
}

}  // namespace qc
