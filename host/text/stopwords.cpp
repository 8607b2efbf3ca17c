// Stop-word lists.
#include "text/stopwords.hpp"

#include <fstream>
#include <sstream>

#include "qc/core/error.hpp"

namespace qc {

void stopword_set::add_lines(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(i, e - i);
    i = e + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    words_.emplace(line);
  }
}

stopword_set stopword_set::gensim() {
  stopword_set s;
  s.add_lines(gensim_stopwords_text());
  s.name_ = "gensim";
  return s;
}

stopword_set stopword_set::from_spec(const std::string& spec) {
  if (spec.empty() || spec == "gensim") return gensim();
  if (spec == "none") return stopword_set{};
  std::ifstream in(spec, std::ios::binary);
  if (!in)
    throw io_error("cannot read stop-word file '" + spec + "' (use gensim, none, or a path)");
  std::ostringstream ss;
  ss << in.rdbuf();
  stopword_set s;
  s.add_lines(ss.str());
  s.name_ = spec;
  return s;
}

}  // namespace qc
