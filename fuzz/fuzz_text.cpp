// HTML-to-text and the normalizer on arbitrary valid UTF-8 (the readers
// reject anything else before text extraction): text extraction with and
// without code, plain text, and a post's normalized tokens with WordNet
// lemmas (when the dictionary is installed) and the gensim stop words.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzz_input.hpp"
#include "io/post.hpp"
#include "text/html_text.hpp"
#include "text/lemmatizer.hpp"
#include "text/normalizer.hpp"
#include "text/token_pipeline.hpp"

namespace {

qc::text_resources load_resources() {
  qc::text_options t;
  try {
    return qc::load_text_resources(t);  // lemma mode vn: WordNet
  } catch (const qc::error&) {
    t.norm.lemma = qc::lemma_mode::none;  // no WordNet here: the rest still runs
    return qc::load_text_resources(t);
  }
}

qc::normalizer& shared_normalizer(bool keep_code) {
  static const qc::text_resources res = load_resources();
  auto make = [](bool code) {
    qc::normalize_options o;
    o.keep_code = code;
    o.lemma = res.lemmas ? qc::lemma_mode::vn : qc::lemma_mode::none;
    return qc::normalizer(o, res);
  };
  static qc::normalizer without_code = make(false);
  static qc::normalizer with_code = make(true);
  return keep_code ? with_code : without_code;
}

void check_ascii_text(const std::string& s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) > 0x7f || (c >= 'A' && c <= 'Z')) std::abort();
  }
}

}  // namespace

// WordNet is loaded before the first input, outside libFuzzer's per-input
// timer (loading it under ASan takes seconds).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)shared_normalizer(false);
  (void)shared_normalizer(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in = qc_fuzz::as_view(data, size);
  if (!simdjson::validate_utf8(in.data(), in.size())) return -1;  // not worth keeping
  std::string out, scratch;
  for (const bool code : {false, true}) {
    qc::html_to_text(in, code, out, scratch);
    check_ascii_text(out);
    if (qc::html_to_text(in, code) != out) std::abort();
  }
  qc::plain_to_text(in, out);
  check_ascii_text(out);
  qc::post p;
  const std::size_t cut = in.find('\n');
  p.title = std::string(in.substr(0, cut == std::string_view::npos ? 0 : cut));
  p.body = std::string(in.substr(cut == std::string_view::npos ? 0 : cut + 1));
  for (const bool html : {true, false}) {
    p.body_is_html = html;
    for (const std::string_view tok : shared_normalizer(html).tokens(p)) {
      if (tok.empty()) std::abort();
    }
  }
  return 0;
}
