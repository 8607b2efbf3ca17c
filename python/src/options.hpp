// Options as the Python layer passes them: one dict with the CLI's option
// names (underscores for dashes), filled in by qclass/__init__.py with the
// CLI's defaults; a key that is absent keeps the library default.
#pragma once
#include <pybind11/pybind11.h>

#include <string>

#include "model/keyword_model.hpp"
#include "text/token_pipeline.hpp"

namespace qc::python {

// label_field, on_error, threads, batch (default_batch when absent or None),
// byte_range
pipeline_options read_options(const pybind11::dict& o,
                              std::size_t default_batch = default_batch_posts);
// byte_range: None (the whole file), "START:END" or (START, END or None).
byte_range byte_range_option(const pybind11::dict& o);
// title_only, lemma, keep_code, body_format, stopwords, wordnet_dir
text_options text_options_of(const pybind11::dict& o);
// min_df, max_vocab, max_df_frac
vocab_options vocab_options_of(const pybind11::dict& o);
// top_k, alpha, norm, manual_scope, split, seed, ties, vocab_from and the
// vocabulary options: the model to train from (as the CLI's flags give it).
keyword_model base_model_of(const pybind11::dict& o);

// o[key] as a string ("" when absent or None).
std::string string_option(const pybind11::dict& o, const char* key);
// o[key] converted to T, or `fallback` when absent or None.
template <class T>
T option(const pybind11::dict& o, const char* key, T fallback) {
  if (!o.contains(key) || o[key].is_none()) return fallback;
  return o[key].cast<T>();
}

}  // namespace qc::python
