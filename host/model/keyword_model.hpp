// The study's keyword classifier (DEFINITIONS.md 5, 6): per category the top
// K words by training count, a norm, and the manual keywords in scope.
#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/keywords.hpp"
#include "model/vocabulary.hpp"
#include "qc/kernels/csr_view.hpp"
#include "qc/kernels/keyword_score.hpp"
#include "text/normalizer.hpp"

namespace qc {

enum class norm_kind { l2, sum };
enum class manual_scope { topk, all };
enum class vocab_source { all, train };

norm_kind parse_norm(const std::string& s);
manual_scope parse_manual_scope(const std::string& s);
tie_rule parse_ties(const std::string& s);
vocab_source parse_vocab_source(const std::string& s);
const char* to_string(norm_kind v);
const char* to_string(manual_scope v);
const char* to_string(tie_rule v);
const char* to_string(vocab_source v);

struct category_weights {
  std::string label;
  std::vector<std::pair<std::int32_t, std::int64_t>> top;  // (vocab id, count_k) in T_k order
  double norm_value = 0.0;
  std::vector<std::int32_t> manual;         // M_k as vocab ids, ordered by word bytewise
  std::vector<std::string> manual_ignored;  // keywords of k outside M_k, bytewise
};

// Dense weights for the backends (see weights_view), plus the norms.
struct dense_weights {
  std::int32_t n_words = 0;
  std::int32_t n_cats = 0;
  std::vector<std::int64_t> counts;
  std::vector<std::int32_t> manual;
  std::vector<double> norms;
  // Set by compile_weights(), unique per compiled set; 0 (unknown) otherwise.
  // Contents must not change once a backend has seen the view.
  std::uint64_t content_id = 0;
  weights_view view() const {
    return weights_view{n_words, n_cats, counts.data(), manual.data(), content_id};
  }
  // One flag per word: set when some category weighs it (a count in T_k or
  // a place in M_k). A score reads no other word.
  std::vector<std::uint8_t> scoring_words() const;
};

// Per-category training counts over the train rows, computed once; a model for
// any (K, norm, scope) is then a cheap selection (sweeps reuse it).
class keyword_trainer {
 public:
  // labels[r] = label indices of row r (empty for unlabeled rows).
  keyword_trainer(const csr_view& m, const std::vector<std::vector<int>>& labels,
                  const std::vector<std::size_t>& train_rows, std::size_t n_labels,
                  const vocabulary& vocab);

  // keyword sets per category index (normalized tokens); words outside the
  // vocabulary are reported in manual_ignored.
  // `vocab` must be the one given to the constructor.
  std::vector<category_weights> select(std::size_t top_k, norm_kind norm, manual_scope scope,
                                       const std::vector<std::set<std::string>>& keywords,
                                       const std::vector<std::string>& labels,
                                       const vocabulary& vocab) const;

  // count_k[w] for every word (row-major [k][w]).
  const std::vector<std::int64_t>& counts() const { return counts_; }

 private:
  std::size_t n_words_;
  std::size_t n_labels_;
  std::vector<std::int64_t> counts_;
  std::vector<std::vector<std::int32_t>> ranked_;  // per category: words with count > 0, T order
};

dense_weights compile_weights(const std::vector<category_weights>& cats, std::size_t n_words);

// Everything a saved model holds.
struct keyword_model {
  // preprocessing
  normalize_options pre;
  std::string stopwords = "gensim";
  // options
  std::size_t top_k = 200;
  norm_kind norm = norm_kind::l2;
  manual_scope scope = manual_scope::topk;
  tie_rule ties = tie_rule::lowest;
  std::string split = "0.6";
  std::uint64_t seed = 0;
  vocab_options vocab_opts;
  vocab_source vocab_from = vocab_source::all;
  double alpha = 0.18;
  std::vector<std::string> labels;
  vocabulary vocab;
  std::vector<category_weights> categories;
  std::vector<keyword_entry> keywords_raw;
  std::vector<std::string> train_ids;  // id JSON text
  std::vector<std::string> test_ids;

  dense_weights weights() const { return compile_weights(categories, vocab.size()); }
};

}  // namespace qc
