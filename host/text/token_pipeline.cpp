// Batched, multi-threaded tokenization of post files.
#include "text/token_pipeline.hpp"

#include <algorithm>
#include <memory>
#include <string_view>

#include "core/token_hash.hpp"
#include "core/token_id_map.hpp"

#include "qc/core/parallel.hpp"

namespace qc {

text_resources load_text_resources(const text_options& opts) {
  text_resources res;
  if (opts.norm.lemma != lemma_mode::none) {
    const std::string dir = opts.wordnet_dir.empty() ? lemmatizer::default_dir() : opts.wordnet_dir;
    res.lemmas = std::make_shared<const lemmatizer>(lemmatizer::load(dir));
  }
  res.stopwords = std::make_shared<const stopword_set>(stopword_set::from_spec(opts.stopwords));
  return res;
}

std::vector<std::string> token_batch::tokens_of(std::size_t i) const {
  std::vector<std::string> out;
  out.reserve(n_tokens(i));
  for (std::size_t k = 0; k < n_tokens(i); ++k) out.push_back(token(i, k));
  return out;
}

namespace {

// One thread's normalizer and its share of a batch: the share's words, each
// once, and its posts' tokens as indices into them.
struct share_tokenizer {
  explicit share_tokenizer(normalizer n) : norm(std::move(n)) {}

  normalizer norm;
  token_id_map index;  // word -> its index in `words`
  std::vector<std::string> words;
  std::vector<std::uint32_t> ids;
  std::vector<std::size_t> counts;  // tokens per post of the share

  void tokenize(const std::vector<post>& posts, std::size_t b, std::size_t e) {
    index.clear();
    words.clear();
    ids.clear();
    counts.clear();
    for (std::size_t i = b; i < e; ++i) {
      const std::size_t before = ids.size();
      norm.for_each_token(posts[i], [this](std::string_view t) { ids.push_back(intern(t)); });
      counts.push_back(ids.size() - before);
    }
  }
  std::uint32_t intern(std::string_view w) {
    const std::uint64_t h = token_hash(w);
    if (const std::int32_t* id = index.find(w, h)) return static_cast<std::uint32_t>(*id);
    const auto id = static_cast<std::uint32_t>(words.size());
    words.emplace_back(w);
    index.insert(w, static_cast<std::int32_t>(id), h);
    return id;
  }
};

// Frees `v` when its capacity is far over `keep` elements (after a huge
// post), so that one post does not pin its size for the rest of the run.
void release_if_large(std::vector<std::uint32_t>& v, std::size_t keep) {
  constexpr std::size_t kKeep = std::size_t{1} << 22;  // 16 MiB of ids
  if (v.capacity() > std::max(kKeep, 2 * keep)) std::vector<std::uint32_t>().swap(v);
}

// The shares, in order, into the batch's words, ids and offsets.
void join_shares(std::vector<std::unique_ptr<share_tokenizer>>& shares, std::size_t n_shares,
                 token_batch& batch) {
  std::size_t n_ids = 0;
  for (std::size_t t = 0; t < n_shares; ++t) n_ids += shares[t]->ids.size();
  batch.words.clear();
  batch.ids.clear();
  release_if_large(batch.ids, n_ids);
  batch.ids.reserve(n_ids);
  batch.offsets.assign(1, 0);
  for (std::size_t t = 0; t < n_shares; ++t) {
    share_tokenizer& sh = *shares[t];
    const auto base = static_cast<std::uint32_t>(batch.words.size());
    for (std::string& w : sh.words) batch.words.push_back(std::move(w));
    for (const std::uint32_t id : sh.ids) batch.ids.push_back(base + id);
    for (const std::size_t c : sh.counts) batch.offsets.push_back(batch.offsets.back() + c);
    release_if_large(sh.ids, 0);
  }
}

}  // namespace

read_stats tokenize_files(const std::vector<std::string>& inputs, const pipeline_options& popts,
                          const normalize_options& nopts, const text_resources& res,
                          const std::function<void(token_batch&)>& sink,
                          const std::function<void(std::size_t)>& file_done) {
  const unsigned threads = resolve_threads(popts.threads);
  std::vector<std::unique_ptr<share_tokenizer>> shares;
  for (unsigned t = 0; t < threads; ++t)
    shares.push_back(std::make_unique<share_tokenizer>(normalizer(nopts, res)));

  token_batch batch;
  const auto tokenize = [&](std::vector<post>& posts, std::size_t f, std::size_t) {
    batch.posts.swap(posts);
    const std::size_t n = batch.posts.size();
    const std::size_t n_shares = std::max<std::size_t>(1, std::min<std::size_t>(threads, n));
    parallel_chunks(n, threads, [&](std::size_t b, std::size_t e, unsigned t) {
      shares[t]->tokenize(batch.posts, b, e);
    });
    join_shares(shares, n_shares, batch);
    batch.file_index = f;  // the sink may have moved the batch out
    sink(batch);
  };
  return for_each_post_batch(inputs, popts.reader, popts.batch_posts, tokenize, file_done,
                             popts.open);
}

}  // namespace qc
