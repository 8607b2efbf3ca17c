// Posts from files -> normalized tokens, in batches, normalized on several
// threads. Batches reach the sink in input order, so results never depend on
// the thread count.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "text/normalizer.hpp"

namespace qc {

struct text_options {
  normalize_options norm;
  std::string wordnet_dir;           // empty: lemmatizer::default_dir()
  std::string stopwords = "gensim";  // gensim | none | path
};

// Loads WordNet (unless lemma mode is none) and the stop words.
text_resources load_text_resources(const text_options& opts);

struct pipeline_options {
  reader_options reader;
  unsigned threads = 0;  // 0: all hardware threads
  std::size_t batch_posts = default_batch_posts;
  source_opener open;  // empty: the inputs are files (open_post_source)
  // Bulk scoring: time each post's normalizing and counting, for `score
  // --stats` (two clock reads a post, about 1% of a run, so off otherwise).
  bool time_prepare = false;
};

// A batch's posts with their normalized tokens, interned per batch (no
// string per token): post i's tokens are words[ids[k]] for k in
// [offsets[i], offsets[i + 1]). A word may be in `words` more than once
// (each thread interns its share of the posts).
struct token_batch {
  std::size_t file_index = 0;  // which input the batch came from (batches never span files)
  std::vector<post> posts;
  std::vector<std::string> words;
  std::vector<std::uint32_t> ids;
  std::vector<std::size_t> offsets;  // posts.size() + 1 entries

  std::size_t n_tokens(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
  const std::string& token(std::size_t i, std::size_t k) const {
    return words[ids[offsets[i] + k]];
  }
  // Post i's tokens as strings, for a caller that keeps them.
  std::vector<std::string> tokens_of(std::size_t i) const;
};

// Reads every input in order and calls sink(batch) for each batch. Returns
// the reading statistics summed over the inputs.
// `file_done(i)`, when given, is called after input i is exhausted (every
// skipped record of it has been reported through reader.on_skip by then).
read_stats tokenize_files(const std::vector<std::string>& inputs, const pipeline_options& popts,
                          const normalize_options& nopts, const text_resources& res,
                          const std::function<void(token_batch&)>& sink,
                          const std::function<void(std::size_t)>& file_done = {});

}  // namespace qc
