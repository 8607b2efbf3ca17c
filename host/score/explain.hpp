// Where a post's scores come from (DEFINITIONS.md 6), for `qclass explain`.
// The scores themselves are computed as `qclass score` computes them: the
// same term matrix, the same backend call (begin_scores/end_scores) and the
// same prediction rule (predict_row). The explanation only decomposes them:
// D_k into the post's words (bow[w] * count_k[w], integers), S1_k into the
// manual keywords hit (bow[w]), so that the integer sums give D_k and S1_k
// back exactly, and s0_of/score_of of them give the scores bit for bit.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "formats/predictions.hpp"
#include "model/keyword_model.hpp"
#include "qc/kernels/backend.hpp"
#include "text/token_pipeline.hpp"

namespace qc {

// One word of the post as it enters category k's score.
struct word_part {
  std::int32_t word = 0;                              // vocabulary id
  std::int64_t in_post = 0;                           // bow[w]: its occurrences in the post
  std::int64_t count = 0;                             // count_k[w] when w is in T_k, else 0
  bool manual = false;                                // w is in M_k
  std::int64_t d() const { return in_post * count; }  // its part of D_k
};

struct category_explanation {
  std::int64_t d = 0, s1 = 0;  // D_k and S1_k as the backend computed them
  double norm = 0;             // N_k
  double s0 = 0;               // s0_of(D_k, N_k), as the backend computed it
  double alpha_part = 0;       // alpha * S1_k (one rounding)
  double score = 0;            // score_of(s0_k, alpha, S1_k): score's number
  // The post's words in T_k or M_k: d() descending, then word bytewise.
  std::vector<word_part> words;
  // The words' d() sum to d and their manual in_post to s1 (integers), and
  // s0_of(d, norm) and score_of(s0, alpha, s1) give s0 and score again.
  bool reconstructs = false;
};

struct post_explanation {
  std::string id_json;                           // as read
  std::string where;                             // "file:line"
  std::string title;                             // as read
  std::vector<std::string> labels;               // the post's own labels, if any
  std::vector<category_explanation> categories;  // in the model's label order
  scored_post prediction;                        // as score writes it
};

// Row `row` of a scored batch: the matrix the backend scored, its results,
// the weights it scored with.
post_explanation explain_row(const keyword_model& m, const dense_weights& w, const csr_view& mat,
                             const scores_view& s, std::int64_t row, double alpha);

// How explanations are shown (text and JSON alike).
struct explain_display {
  double alpha = 0.18;
  tie_rule ties = tie_rule::lowest;  // lowest: one category; all: every tied one
  std::size_t top = 10;              // words listed per category; 0: all
};

// The words of D_k a display lists: the first `top` words with count_k > 0
// (all when top is 0), and how many others there are and what they add.
struct word_listing {
  std::vector<const word_part*> shown;
  std::size_t others = 0;
  std::int64_t others_d = 0;  // the shown words' d() plus this is D_k
};
word_listing list_words(const category_explanation& c, std::size_t top);

// The manual keywords the post contains (w in M_k), bytewise: S1_k is the
// sum of their in_post.
std::vector<const word_part*> manual_hits(const category_explanation& c, const vocabulary& vocab);

// The predicted categories under the tie rule (score's "categories" under all).
std::vector<int> predicted_categories(const scored_post& p, tie_rule ties, int n_cats);

struct explain_request {
  double alpha = 0.18;
  std::vector<std::string> ids;  // as id_text gives them; empty: every post
};

using explanation_sink = std::function<void(const post_explanation&)>;

// Reads `inputs` as score does (pipeline options, the model's preprocessing),
// and hands the explanation of every requested post to `sink`, in input
// order. Throws qc::error naming every requested id that no post has, after
// reading everything; reader errors as the readers throw them.
read_stats explain_posts(const keyword_model& m, backend& be, const explain_request& req,
                         const std::vector<std::string>& inputs, const pipeline_options& popts,
                         const text_resources& res, const explanation_sink& sink);

}  // namespace qc
