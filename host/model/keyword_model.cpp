// Training the keyword classifier: counts, top-K selection, norms, manual sets.
#include "model/keyword_model.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>

#include "qc/core/error.hpp"

namespace qc {

norm_kind parse_norm(const std::string& s) {
  if (s == "l2") return norm_kind::l2;
  if (s == "sum") return norm_kind::sum;
  throw usage_error("--norm must be l2 or sum (got '" + s + "')");
}
manual_scope parse_manual_scope(const std::string& s) {
  if (s == "topk") return manual_scope::topk;
  if (s == "all") return manual_scope::all;
  throw usage_error("--manual-scope must be topk or all (got '" + s + "')");
}
tie_rule parse_ties(const std::string& s) {
  if (s == "lowest") return tie_rule::lowest;
  if (s == "all") return tie_rule::all;
  throw usage_error("--ties must be lowest or all (got '" + s + "')");
}
vocab_source parse_vocab_source(const std::string& s) {
  if (s == "all") return vocab_source::all;
  if (s == "train") return vocab_source::train;
  throw usage_error("--vocab-from must be all or train (got '" + s + "')");
}
const char* to_string(norm_kind v) { return v == norm_kind::l2 ? "l2" : "sum"; }
const char* to_string(manual_scope v) { return v == manual_scope::topk ? "topk" : "all"; }
const char* to_string(tie_rule v) { return v == tie_rule::lowest ? "lowest" : "all"; }
const char* to_string(vocab_source v) { return v == vocab_source::all ? "all" : "train"; }

keyword_trainer::keyword_trainer(const csr_view& m, const std::vector<std::vector<int>>& labels,
                                 const std::vector<std::size_t>& train_rows, std::size_t n_labels,
                                 const vocabulary& vocab)
    : n_words_(vocab.size()), n_labels_(n_labels), counts_(n_labels * vocab.size(), 0) {
  const std::size_t V = vocab.size();
  for (std::size_t r : train_rows) {
    for (int k : labels[r]) {
      std::int64_t* row = counts_.data() + static_cast<std::size_t>(k) * V;
      for (std::int64_t e = m.row_ptr[r]; e < m.row_ptr[r + 1]; ++e)
        row[m.col_idx[e]] += m.values[e];
    }
  }
  ranked_.resize(n_labels);
  const auto& words = vocab.words();
  for (std::size_t k = 0; k < n_labels; ++k) {
    const std::int64_t* row = counts_.data() + k * V;
    auto& rk = ranked_[k];
    for (std::size_t w = 0; w < V; ++w)
      if (row[w] > 0) rk.push_back(static_cast<std::int32_t>(w));
    std::sort(rk.begin(), rk.end(), [&](std::int32_t a, std::int32_t b) {
      if (row[a] != row[b]) return row[a] > row[b];
      return words[static_cast<std::size_t>(a)] < words[static_cast<std::size_t>(b)];
    });
  }
}

std::vector<category_weights> keyword_trainer::select(
    std::size_t top_k, norm_kind norm, manual_scope scope,
    const std::vector<std::set<std::string>>& keywords, const std::vector<std::string>& labels,
    const vocabulary& vocab) const {
  if (vocab.size() != n_words_) throw error("keyword_trainer: vocabulary mismatch");
  const std::size_t V = n_words_;
  std::vector<category_weights> out(n_labels_);
  for (std::size_t k = 0; k < n_labels_; ++k) {
    category_weights& c = out[k];
    c.label = labels[k];
    const std::int64_t* row = counts_.data() + k * V;
    const std::size_t n = std::min(top_k, ranked_[k].size());
    std::int64_t sum = 0, sum_sq = 0;
    std::vector<char> in_top(V, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::int32_t w = ranked_[k][i];
      const std::int64_t cnt = row[w];
      c.top.emplace_back(w, cnt);
      in_top[static_cast<std::size_t>(w)] = 1;
      sum += cnt;
      sum_sq += cnt * cnt;
    }
    c.norm_value =
        norm == norm_kind::l2 ? std::sqrt(static_cast<double>(sum_sq)) : static_cast<double>(sum);
    // keywords is a std::set, so M_k and the ignored list come out bytewise sorted.
    for (const std::string& kw : keywords[k]) {
      const std::int32_t id = vocab.id_of(kw);
      const bool in_scope =
          id >= 0 && (scope == manual_scope::all || in_top[static_cast<std::size_t>(id)]);
      if (in_scope) {
        c.manual.push_back(id);
      } else {
        c.manual_ignored.push_back(kw);
      }
    }
  }
  return out;
}

dense_weights compile_weights(const std::vector<category_weights>& cats, std::size_t n_words) {
  if (cats.size() > static_cast<std::size_t>(kMaxCategories))
    throw usage_error("at most " + std::to_string(kMaxCategories) +
                      " categories are supported (got " + std::to_string(cats.size()) + ")");
  static std::atomic<std::uint64_t> next_id{0};
  dense_weights d;
  d.content_id = ++next_id;
  d.n_words = static_cast<std::int32_t>(n_words);
  d.n_cats = static_cast<std::int32_t>(cats.size());
  const std::size_t K = cats.size();
  d.counts.assign(n_words * K, 0);
  d.manual.assign(n_words * K, 0);
  for (std::size_t k = 0; k < K; ++k) {
    for (const auto& [w, cnt] : cats[k].top) d.counts[static_cast<std::size_t>(w) * K + k] = cnt;
    for (std::int32_t w : cats[k].manual) d.manual[static_cast<std::size_t>(w) * K + k] = 1;
    d.norms.push_back(cats[k].norm_value);
  }
  return d;
}

std::vector<std::uint8_t> dense_weights::scoring_words() const {
  const auto K = static_cast<std::size_t>(n_cats);
  std::vector<std::uint8_t> used(static_cast<std::size_t>(n_words), 0);
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (counts[i] != 0 || manual[i] != 0) used[i / K] = 1;
  return used;
}

}  // namespace qc
