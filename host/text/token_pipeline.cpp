// Batched, multi-threaded tokenization of post files.
#include "text/token_pipeline.hpp"

#include <memory>

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

read_stats tokenize_files(const std::vector<std::string>& inputs, const pipeline_options& popts,
                          const normalize_options& nopts, const text_resources& res,
                          const std::function<void(token_batch&)>& sink,
                          const std::function<void(std::size_t)>& file_done) {
  const unsigned threads = resolve_threads(popts.threads);
  std::vector<normalizer> norms;
  norms.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) norms.emplace_back(nopts, res);

  token_batch batch;
  const auto tokenize = [&](std::vector<post>& posts, std::size_t f, std::size_t) {
    batch.posts.swap(posts);
    batch.tokens.assign(batch.posts.size(), {});
    parallel_chunks(batch.posts.size(), threads, [&](std::size_t b, std::size_t e, unsigned t) {
      for (std::size_t i = b; i < e; ++i) {
        const auto& toks = norms[t].tokens(batch.posts[i]);
        batch.tokens[i].assign(toks.begin(), toks.end());
      }
    });
    batch.file_index = f;  // the sink may have moved the batch out
    sink(batch);
  };
  return for_each_post_batch(inputs, popts.reader, popts.batch_posts, tokenize, file_done,
                             popts.open);
}

}  // namespace qc
