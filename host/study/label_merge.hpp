// Putting a labeled sheet back onto its posts (`qclass labels merge`): each
// labeled row of the sheet (formats/label_sheet.hpp) finds the post with
// exactly the same id (its JSON text: 123 and "123" differ) and the post is
// written as JSON Lines with the row's labels (formats/posts_jsonl.hpp), in
// the posts' input order. Rows without labels are counted and left out, and
// so are posts the sheet does not name; labels a post already carries are
// replaced by the sheet's.
#pragma once
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/label_sheet.hpp"
#include "io/post.hpp"

namespace qc {

struct merge_counts {
  std::size_t rows = 0;                // rows of the sheet
  std::size_t labeled = 0;             // rows with one or two labels
  std::size_t unlabeled = 0;           // rows without a label: left out
  std::size_t posts = 0;               // posts read
  std::size_t merged = 0;              // posts written, with their row's labels
  std::size_t posts_not_in_sheet = 0;  // posts the sheet does not name: left out
};

class label_merger {
 public:
  // With `categories` not empty, a label outside them is a parse_error naming
  // the row's file:line (and `categories_file`).
  label_merger(label_sheet sheet, const std::vector<std::string>& categories,
               const std::string& categories_file);

  // Appends to `out` the line of each post of `batch` that a labeled row
  // names. A post whose id the sheet names a second time in the posts is a
  // parse_error naming `path` and the post's line.
  void add(const std::vector<post>& batch, const std::string& path, std::string& out);

  // After the last batch: a sheet row whose id no post had is a parse_error
  // naming the sheet's file:line (the first such row; the message counts them all).
  merge_counts finish() const;

 private:
  struct match {
    std::string file;  // where the post was found; empty: not yet
    std::size_t line = 0;
  };
  label_sheet sheet_;
  std::unordered_map<std::string, std::size_t> row_of_id_;
  std::vector<match> found_;  // per row
  merge_counts counts_;
};

}  // namespace qc
