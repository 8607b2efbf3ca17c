// A post's normalized tokens (DEFINITIONS.md 1 and 2): text extraction, raw
// tokens of title then body, then per token: lemma (none | v | vn), drop stop
// words and one-character lemmas, map <dim>/<mem>/<digit>.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/string_view_map.hpp"
#include "io/post.hpp"
#include "text/html_text.hpp"
#include "text/lemmatizer.hpp"
#include "text/stopwords.hpp"

namespace qc {

enum class lemma_mode { none, v, vn };
enum class body_format { automatic, html, text };

lemma_mode parse_lemma_mode(const std::string& s);  // "none" | "v" | "vn"; usage_error else
const char* to_string(lemma_mode m);
body_format parse_body_format(const std::string& s);  // "auto" | "html" | "text"
const char* to_string(body_format f);

struct normalize_options {
  bool title_only = false;
  bool keep_code = false;
  lemma_mode lemma = lemma_mode::vn;
  body_format body = body_format::automatic;
};

// Shared, read-only resources: a lemmatizer (absent when lemma is none) and
// the stop words. Safe to share across threads.
struct text_resources {
  std::shared_ptr<const lemmatizer> lemmas;
  std::shared_ptr<const stopword_set> stopwords;
};

// One normalizer per thread: it caches the normalization of each distinct raw
// token. Not thread-safe itself.
class normalizer {
 public:
  normalizer(normalize_options opts, text_resources res);

  // The normalized tokens of a post, in order. The views stay valid until the
  // next call on this normalizer.
  const std::vector<std::string_view>& tokens(const post& p);
  // The same tokens, streamed: calls f(token) for each, in order. A view
  // dies when f returns, so no list of the post's tokens is built and the
  // cache may start over inside a post: memory stays bounded for a post of
  // any size or number of distinct words.
  template <class F>
  void for_each_token(const post& p, F&& f);

  // The normalized tokens of plain text (keywords: DEFINITIONS.md 5, via 1.2, 1.4, 2).
  const std::vector<std::string_view>& plain_text_tokens(std::string_view text);

  // Section 2 for one raw token: the mapped lemma, or empty when dropped.
  std::string normalize_token(std::string_view raw) const;

  // Section 1 alone: calls f(raw) for each raw token of the post, title then
  // body (unless title_only), before section 2. The views die with the call.
  template <class F>
  void for_each_raw_token_of(const post& p, F&& f);

  // Sections 1.2-1.3 alone: calls f(text) with the title's text, then the
  // body's (unless title_only). The view dies when f returns.
  template <class F>
  void for_each_text_of(const post& p, F&& f);

  const normalize_options& options() const { return opts_; }

 private:
  void add_token(std::string_view raw);
  // Section 2 for `raw` through the cache: the mapped lemma, or empty.
  std::string_view cached(std::string_view raw);
  void clear_cache_if_full();
  // Gives back a text buffer grown by a huge title or body (capacity over
  // kKeepTextBytes), so one huge post does not pin its size for the run.
  static void release_large_text(std::string& buffer) noexcept;
  normalize_options opts_;
  text_resources res_;
  // raw token -> result ("" = dropped). Keys and values are views into
  // strings_ (a deque: its elements never move), so a lookup allocates nothing.
  string_view_map<std::string_view> cache_;
  std::deque<std::string> strings_;
  std::string text_, scratch_;  // the current title or body as text (reused)
  std::vector<std::string_view> out_;
};

template <class F>
void normalizer::for_each_text_of(const post& p, F&& f) {
  plain_to_text(p.title, text_);
  f(std::string_view(text_));
  if (opts_.title_only) {
    release_large_text(text_);
    return;
  }
  const bool html =
      opts_.body == body_format::html || (opts_.body == body_format::automatic && p.body_is_html);
  if (html) {
    html_to_text(p.body, opts_.keep_code, text_, scratch_);
    release_large_text(scratch_);  // not needed while f reads text_
  } else {
    plain_to_text(p.body, text_);
  }
  f(std::string_view(text_));
  release_large_text(text_);
}

template <class F>
void normalizer::for_each_raw_token_of(const post& p, F&& f) {
  for_each_text_of(p, [&f](std::string_view text) { for_each_raw_token(text, f); });
}

template <class F>
void normalizer::for_each_token(const post& p, F&& f) {
  for_each_raw_token_of(p, [&](std::string_view raw) {
    clear_cache_if_full();  // no view of the cache is held between tokens
    const std::string_view v = cached(raw);
    if (!v.empty()) f(v);
  });
}

}  // namespace qc
