// Token normalization (DEFINITIONS.md 2) with a per-thread cache.
#include "text/normalizer.hpp"

#include "qc/core/error.hpp"

namespace qc {
namespace {

constexpr std::size_t kMaxCacheEntries = 1u << 21;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Step 3: ^[0-9]+d$ -> <dim>, ^[0-9]+gb$ -> <mem>, ^[0-9]+$ -> <digit>.
std::string map_lemma(std::string lemma) {
  const std::string_view s = lemma;
  if (s.size() >= 2 && s.back() == 'd' && all_digits(s.substr(0, s.size() - 1))) return "<dim>";
  if (s.size() >= 3 && s.compare(s.size() - 2, 2, "gb") == 0 &&
      all_digits(s.substr(0, s.size() - 2)))
    return "<mem>";
  if (all_digits(s)) return "<digit>";
  return lemma;
}

}  // namespace

lemma_mode parse_lemma_mode(const std::string& s) {
  if (s == "vn") return lemma_mode::vn;
  if (s == "v") return lemma_mode::v;
  if (s == "none") return lemma_mode::none;
  throw usage_error("--lemma must be vn, v or none (got '" + s + "')");
}

const char* to_string(lemma_mode m) {
  switch (m) {
    case lemma_mode::none:
      return "none";
    case lemma_mode::v:
      return "v";
    case lemma_mode::vn:
      break;
  }
  return "vn";
}

body_format parse_body_format(const std::string& s) {
  if (s == "auto") return body_format::automatic;
  if (s == "html") return body_format::html;
  if (s == "text") return body_format::text;
  throw usage_error("--body-format must be auto, html or text (got '" + s + "')");
}

const char* to_string(body_format f) {
  switch (f) {
    case body_format::html:
      return "html";
    case body_format::text:
      return "text";
    case body_format::automatic:
      break;
  }
  return "auto";
}

normalizer::normalizer(normalize_options opts, text_resources res)
    : opts_(opts), res_(std::move(res)) {
  if (opts_.lemma != lemma_mode::none && !res_.lemmas)
    throw usage_error("lemmatization needs WordNet (or use --no-lemma)");
  if (!res_.stopwords) res_.stopwords = std::make_shared<stopword_set>();
}

std::string normalizer::normalize_token(std::string_view raw) const {
  std::string lemma;
  switch (opts_.lemma) {
    case lemma_mode::none:
      lemma.assign(raw);
      break;
    case lemma_mode::v:
      lemma = res_.lemmas->lemmatize(raw, wn_pos::verb);
      break;
    case lemma_mode::vn:
      lemma = res_.lemmas->lemmatize_vn(raw);
      break;
  }
  if (lemma.size() <= 1 || res_.stopwords->contains(lemma)) return std::string();
  return map_lemma(std::move(lemma));
}

std::string_view normalizer::cached(std::string_view raw) {
  const std::uint64_t h = cache_.hash(raw);
  if (const std::string_view* v = cache_.find(raw, h)) return *v;
  const std::string_view key = strings_.emplace_back(raw);
  const std::string_view value = strings_.emplace_back(normalize_token(raw));
  return *cache_.insert(key, value, h);
}

void normalizer::add_token(std::string_view raw) {
  const std::string_view v = cached(raw);
  if (!v.empty()) out_.push_back(v);
}

void normalizer::release_large_text(std::string& buffer) noexcept {
  if (buffer.capacity() > kKeepTextBytes) std::string().swap(buffer);
}

void normalizer::clear_cache_if_full() {
  if (cache_.size() <= kMaxCacheEntries) return;
  cache_.clear();
  strings_.clear();
}

const std::vector<std::string_view>& normalizer::tokens(const post& p) {
  out_.clear();
  // Views from the previous call are dead now, so the cache may be emptied.
  clear_cache_if_full();
  for_each_raw_token_of(p, [this](std::string_view raw) { add_token(raw); });
  return out_;
}

const std::vector<std::string_view>& normalizer::plain_text_tokens(std::string_view text) {
  out_.clear();
  clear_cache_if_full();
  plain_to_text(text, text_);
  for_each_raw_token(text_, [this](std::string_view raw) { add_token(raw); });
  return out_;
}

}  // namespace qc
