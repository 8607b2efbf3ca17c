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

namespace {

void add_stats(read_stats& total, const read_stats& s) {
  total.records += s.records;
  total.skipped += s.skipped;
  total.blank_lines += s.blank_lines;
  total.bytes += s.bytes;
  total.other_rows += s.other_rows;
  for (const auto& r : s.skip_reasons)
    if (total.skip_reasons.size() < 20) total.skip_reasons.push_back(r);
}

}  // namespace

read_stats read_post_batches(
    const std::vector<std::string>& inputs, const pipeline_options& popts,
    const std::function<void(std::vector<post>&, std::size_t, std::size_t)>& sink,
    const std::function<void(std::size_t)>& file_done) {
  read_stats total;
  std::vector<post> posts;
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    const std::unique_ptr<post_source> reader = open_post_source(inputs[f], popts.reader);
    while (reader->next_batch(posts, popts.batch_posts))
      sink(posts, f, total.bytes + reader->stats().bytes);
    if (file_done) file_done(f);
    add_stats(total, reader->stats());
  }
  return total;
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
  return read_post_batches(inputs, popts, tokenize, file_done);
}

}  // namespace qc
