// `qclass explain --json`: one JSON document, a header (model settings,
// categories, how the numbers reconstruct the scores) and "posts", one
// object per explained post on a line of its own. Written with json_writer
// into a string the caller streams out between posts.
#pragma once
#include <string>

#include "formats/json_write.hpp"
#include "model/keyword_model.hpp"
#include "score/explain.hpp"

namespace qc {

inline constexpr const char* kExplainFormat = "qclass-explain";
inline constexpr int kExplainVersion = 1;

class explain_json_writer {
 public:
  // Appends the header and opens "posts".
  explain_json_writer(std::string& out, const keyword_model& m, const explain_display& d);
  void append(const post_explanation& e);
  // Closes "posts" and the document.
  void finish();

 private:
  void append_category(const category_explanation& c, std::size_t k);
  void append_words(const category_explanation& c);

  json_writer w_;
  const keyword_model& m_;
  const explain_display d_;
};

}  // namespace qc
