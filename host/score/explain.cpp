// Explaining scores: the backend scores the selected posts of each batch as
// `score` does; the words of each category are then read off the same term
// matrix row and the same dense weights the backend used.
#include "score/explain.hpp"

#include <algorithm>
#include <unordered_set>

#include "matrix/term_matrix.hpp"
#include "qc/core/error.hpp"
#include "score/predict_row.hpp"

namespace qc {
namespace {

using id_set = std::unordered_set<std::string>;

// The words of row `row` that enter category k: count_k[w] > 0 or w in M_k.
std::vector<word_part> category_words(const vocabulary& vocab, const weights_view& w,
                                      const csr_view& mat, std::int64_t row, int k) {
  const auto K = static_cast<std::int64_t>(w.n_cats);
  std::vector<word_part> out;
  for (std::int64_t e = mat.row_ptr[row]; e < mat.row_ptr[row + 1]; ++e) {
    const std::int64_t at = static_cast<std::int64_t>(mat.col_idx[e]) * K + k;
    word_part p;
    p.word = mat.col_idx[e];
    p.in_post = mat.values[e];
    p.count = w.counts[at];
    p.manual = w.manual[at] != 0;
    if (p.count != 0 || p.manual) out.push_back(p);
  }
  const auto& words = vocab.words();
  std::sort(out.begin(), out.end(), [&](const word_part& a, const word_part& b) {
    if (a.d() != b.d()) return a.d() > b.d();
    return words[static_cast<std::size_t>(a.word)] < words[static_cast<std::size_t>(b.word)];
  });
  return out;
}

// Whether the words give D_k, S1_k and, through the scoring functors, s0_k
// and the score again, bit for bit.
bool reconstructs(const category_explanation& c, double alpha) {
  std::int64_t d = 0, s1 = 0;
  for (const word_part& p : c.words) {
    d += p.d();
    if (p.manual) s1 += p.in_post;
  }
  const double s0 = s0_of(d, c.norm);
  return d == c.d && s1 == c.s1 && s0 == c.s0 && score_of(s0, alpha, s1) == c.score;
}

void describe_post(post_explanation& e, const post& p, const std::string& file) {
  e.id_json = p.id_json;
  e.where = file + ":" + std::to_string(p.line);
  e.title = p.title;
  e.labels = p.labels;
}

// One run of explain_posts: picks the requested posts of each batch, scores
// them as score does, and explains each.
class batch_explainer {
 public:
  batch_explainer(const keyword_model& m, backend& be, const explain_request& req, unsigned threads,
                  const explanation_sink& sink)
      : m_(m),
        w_(m.weights()),
        be_(be),
        req_(req),
        threads_(threads),
        sink_(sink),
        wanted_(req.ids.begin(), req.ids.end()) {}

  void operator()(token_batch& b, const std::string& file) {
    const std::vector<std::size_t> rows = selected_rows(b);
    if (rows.empty()) return;
    std::vector<std::vector<std::string>> tokens;
    tokens.reserve(rows.size());
    for (std::size_t r : rows) tokens.push_back(b.tokens_of(r));
    const term_matrix mat = term_matrix::from_token_lists(tokens, m_.vocab, threads_);
    be_.begin_scores(0, mat.view(), w_.view(), w_.norms.data());
    const scores_view s = be_.end_scores(0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      post_explanation e =
          explain_row(m_, w_, mat.view(), s, static_cast<std::int64_t>(i), req_.alpha);
      describe_post(e, b.posts[rows[i]], file);
      sink_(e);
    }
  }

  const id_set& found() const { return found_; }

 private:
  // The rows of `b` to explain; marks the requested ids found.
  std::vector<std::size_t> selected_rows(const token_batch& b) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < b.posts.size(); ++i) {
      if (wanted_.empty()) {
        rows.push_back(i);
        continue;
      }
      std::string id = id_text(b.posts[i].id_json);
      if (wanted_.count(id) == 0) continue;
      found_.insert(std::move(id));
      rows.push_back(i);
    }
    return rows;
  }

  const keyword_model& m_;
  const dense_weights w_;
  backend& be_;
  const explain_request& req_;
  const unsigned threads_;
  const explanation_sink& sink_;
  const id_set wanted_;
  id_set found_;
};

// Throws, naming every requested id no post has.
void check_found(const std::vector<std::string>& ids, const id_set& found,
                 const std::vector<std::string>& inputs) {
  std::string missing;
  id_set named;
  for (const std::string& id : ids) {
    if (found.count(id) != 0 || !named.insert(id).second) continue;
    missing += (missing.empty() ? "" : ", ") + id;
  }
  if (missing.empty()) return;
  std::string files;
  for (const std::string& f : inputs) files += (files.empty() ? "" : ", ") + f;
  throw error("--id " + missing + ": no such post in " + files);
}

}  // namespace

post_explanation explain_row(const keyword_model& m, const dense_weights& w, const csr_view& mat,
                             const scores_view& s, std::int64_t row, double alpha) {
  const int K = s.n_cats;
  const std::size_t o = static_cast<std::size_t>(row) * static_cast<std::size_t>(K);
  post_explanation e;
  e.prediction = predict_row(s.s0 + o, s.d + o, s.s1 + o, alpha, K);
  for (int k = 0; k < K; ++k) {
    category_explanation c;
    c.d = s.d[o + static_cast<std::size_t>(k)];
    c.s1 = s.s1[o + static_cast<std::size_t>(k)];
    c.s0 = s.s0[o + static_cast<std::size_t>(k)];
    c.norm = w.norms[static_cast<std::size_t>(k)];
    c.alpha_part = mul_rn(alpha, static_cast<double>(c.s1));
    c.score = score_of(c.s0, alpha, c.s1);
    c.words = category_words(m.vocab, w.view(), mat, row, k);
    c.reconstructs = reconstructs(c, alpha);
    e.categories.push_back(std::move(c));
  }
  return e;
}

word_listing list_words(const category_explanation& c, std::size_t top) {
  word_listing l;
  for (const word_part& p : c.words) {
    if (p.count == 0) continue;
    if (top == 0 || l.shown.size() < top) {
      l.shown.push_back(&p);
    } else {
      ++l.others;
      l.others_d += p.d();
    }
  }
  return l;
}

std::vector<const word_part*> manual_hits(const category_explanation& c, const vocabulary& vocab) {
  std::vector<const word_part*> hits;
  for (const word_part& p : c.words)
    if (p.manual) hits.push_back(&p);
  const auto& words = vocab.words();
  std::sort(hits.begin(), hits.end(), [&](const word_part* a, const word_part* b) {
    return words[static_cast<std::size_t>(a->word)] < words[static_cast<std::size_t>(b->word)];
  });
  return hits;
}

std::vector<int> predicted_categories(const scored_post& p, tie_rule ties, int n_cats) {
  if (ties == tie_rule::lowest) return {p.best};
  std::vector<int> out;
  for (int k = 0; k < n_cats; ++k)
    if ((p.tied >> k) & 1u) out.push_back(k);
  return out;
}

read_stats explain_posts(const keyword_model& m, backend& be, const explain_request& req,
                         const std::vector<std::string>& inputs, const pipeline_options& popts,
                         const text_resources& res, const explanation_sink& sink) {
  batch_explainer explain(m, be, req, popts.threads, sink);
  const read_stats stats = tokenize_files(
      inputs, popts, m.pre, res, [&](token_batch& b) { explain(b, inputs[b.file_index]); });
  check_found(req.ids, explain.found(), inputs);
  return stats;
}

}  // namespace qc
