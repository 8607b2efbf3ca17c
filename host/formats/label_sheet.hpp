// The labeling sheet: the CSV that `qclass sample` writes, labelers fill in,
// and `qclass agreement` reads (also the sheet of disagreements it writes).
//
// Columns, in this order (RFC 4180 CSV, see csv_text.hpp):
//   id         the post's id as JSON text, as read (123; "abc" for a string id)
//   framework  the framework it was drawn for
//   how        top_viewed | random
//   rank       0, 1, ... within (framework, how)
//   link       the question on its site: SITE/questions/ID
//   title      the title as is
//   text       the body as readable text (DEFINITIONS.md 1.3 with <code>
//              kept, or 1.2 for a plain-text body)
//   tags       the tags, separated by one space
//   labels     empty in a new sheet; the labeler writes one label, or two
//              separated by ';' (spaces around a label are dropped), the
//              first being the main one. Empty: the post is not labeled.
// A sheet of disagreements adds `labels_a` and `labels_b` after `labels`.
//
// Reading: the header must name `id` and `labels`; the other columns above
// are optional and may come in any order; any other column, a repeated
// column, a row with another number of fields, an empty or repeated id, an
// empty label ("a;"), a repeated label or more than two labels is a
// parse_error naming file:line.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "io/post.hpp"

namespace qc {

inline constexpr char kLabelSeparator = ';';

struct sheet_row {
  std::string id;  // JSON text of the id
  std::string framework;
  std::string how;
  std::string rank;
  std::string link;
  std::string title;
  std::string text;
  std::string tags;
  std::vector<std::string> labels;  // at most two; empty: not labeled
  // Only in a sheet of disagreements (the two labelers' labels columns).
  std::vector<std::string> labels_a;
  std::vector<std::string> labels_b;
  std::size_t line = 0;  // 1-based line where the row starts (when read)
};

struct label_sheet {
  std::string file;
  std::vector<sheet_row> rows;  // in file order
};

// The link of a post on `site` (e.g. https://stackoverflow.com, a trailing
// '/' dropped): SITE/questions/ID, with a string id's quotes dropped.
std::string question_link(const std::string& site, const std::string& id_json);

// A new sheet row for `p`: title, readable body text, tags and link.
sheet_row make_sheet_row(const post& p, const std::string& framework, const std::string& how,
                         std::size_t rank, const std::string& site);

// "a;b" for {"a", "b"}.
std::string join_labels(const std::vector<std::string>& labels);
// The labels cell as described above; errors name file:line.
std::vector<std::string> parse_labels_cell(std::string_view cell, const std::string& file,
                                           std::size_t line);

// The CSV text of a whole sheet (header line first); `disagreements` adds
// the labels_a and labels_b columns.
std::string write_label_sheet(const std::vector<sheet_row>& rows, bool disagreements);

// The labels a labeler may give (`--categories` of `sample` and `labels
// merge`): the first column of a keyword file (its categories) or of a label
// map (its fine labels, which train maps onto categories), in file order,
// each once. Both are read by read_keywords_file (model/keywords.hpp), whose
// syntax covers a label map's lines. A file without categories, or a
// category with a ';', is a parse_error.
std::vector<std::string> read_category_names(const std::string& path);

label_sheet parse_label_sheet(std::string_view text, const std::string& file);
label_sheet read_label_sheet(const std::string& path);  // "-" is standard input

}  // namespace qc
