// Training and evaluation of the keyword classifier.
#include "train/training.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>

#include "qc/core/error.hpp"
#include "qc/kernels/keyword_score.hpp"
#include "train/split.hpp"

namespace qc {

labeled_data load_labeled(const std::vector<std::string>& inputs, const pipeline_options& popts,
                          const normalize_options& nopts, const text_resources& res,
                          const label_map* map) {
  labeled_data d;
  d.stats = tokenize_files(inputs, popts, nopts, res, [&](token_batch& b) {
    const std::string& file = inputs[b.file_index];
    for (std::size_t i = 0; i < b.posts.size(); ++i) {
      const post& p = b.posts[i];
      const std::string where = file + ":" + std::to_string(p.line);
      d.labels.push_back(map && !map->empty() ? map->apply(p.labels, file, p.line) : p.labels);
      d.ids.push_back(p.id_json);
      d.where.push_back(where);
    }
    d.corpus.add_posts(b.words, b.ids, b.offsets);
  });
  return d;
}

namespace {

// The labels of DEFINITIONS 5 (every distinct label, bytewise sorted) into
// t.model.labels, and every record's label indices; returns each label's index.
std::map<std::string, int> index_labels(const labeled_data& data, training_result& t) {
  keyword_model& m = t.model;
  std::set<std::string> label_set;
  for (const auto& ls : data.labels) label_set.insert(ls.begin(), ls.end());
  if (label_set.empty())
    throw usage_error("the input has no labeled posts (is --label-field right?)");
  m.labels.assign(label_set.begin(), label_set.end());
  if (m.labels.size() > static_cast<std::size_t>(kMaxCategories))
    throw usage_error("at most " + std::to_string(kMaxCategories) + " categories are supported");
  std::map<std::string, int> index;
  for (std::size_t k = 0; k < m.labels.size(); ++k) index[m.labels[k]] = static_cast<int>(k);
  for (const auto& ls : data.labels) {
    std::vector<int> li;
    for (const auto& l : ls) li.push_back(index.at(l));
    t.label_index.push_back(std::move(li));
  }
  return index;
}

}  // namespace

training_result train_keyword_model(const labeled_data& data, const keyword_model& base,
                                    std::vector<keyword_entry> keywords, const text_resources& res,
                                    unsigned threads) {
  return train_keyword_model(
      data, base, std::move(keywords), res, threads,
      stratified_split(data.labels, parse_split_fraction(base.split), base.seed));
}

training_result train_keyword_model(const labeled_data& data, const keyword_model& base,
                                    std::vector<keyword_entry> keywords, const text_resources& res,
                                    unsigned threads, const split_result& split) {
  training_result t;
  t.model = base;
  keyword_model& m = t.model;
  const std::map<std::string, int> index = index_labels(data, t);

  t.train_rows = split.train;
  t.test_rows = split.test;
  for (std::size_t r : split.train) m.train_ids.push_back(data.ids[r]);
  for (std::size_t r : split.test) m.test_ids.push_back(data.ids[r]);

  // Vocabulary over every record, or over the train part only.
  if (m.vocab_from == vocab_source::all) {
    m.vocab = vocabulary::build(data.corpus, m.vocab_opts);
  } else {
    tokenized_corpus train_corpus;
    const auto& off = data.corpus.offsets();
    const auto& ids = data.corpus.ids();
    std::vector<std::string_view> toks;
    for (std::size_t r : split.train) {
      toks.clear();
      for (std::uint64_t i = off[r]; i < off[r + 1]; ++i)
        toks.push_back(data.corpus.dictionary().word(ids[i]));
      train_corpus.add_post(toks);
    }
    m.vocab = vocabulary::build(train_corpus, m.vocab_opts);
  }
  t.matrix = term_matrix::build(data.corpus, m.vocab, threads);

  // Manual keywords, normalized like the posts.
  auto normalized = normalize_keywords(keywords, m.pre, res);
  m.keywords_raw = std::move(keywords);
  t.keyword_sets.assign(m.labels.size(), {});
  for (auto& [cat, set] : normalized) {
    const auto it = index.find(cat);
    if (it == index.end()) {
      t.warnings.push_back("keyword category '" + cat + "' is not a label of the data; ignored");
      continue;
    }
    t.keyword_sets[static_cast<std::size_t>(it->second)] = std::move(set);
  }

  t.trainer = std::make_unique<keyword_trainer>(t.matrix.view(), t.label_index, t.train_rows,
                                                m.labels.size(), m.vocab);
  m.categories = t.trainer->select(m.top_k, m.norm, m.scope, t.keyword_sets, m.labels, m.vocab);
  return t;
}

trained_run train_from_files(const std::vector<std::string>& inputs, const pipeline_options& popts,
                             const text_options& topts, keyword_model base,
                             std::vector<keyword_entry> keywords, const label_map& map) {
  const auto t0 = std::chrono::steady_clock::now();
  base.pre = topts.norm;
  base.stopwords = topts.stopwords;
  trained_run run;
  run.resources = load_text_resources(topts);
  run.data = load_labeled(inputs, popts, topts.norm, run.resources, &map);
  run.result =
      train_keyword_model(run.data, base, std::move(keywords), run.resources, popts.threads);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return run;
}

text_resources load_model_text_resources(const keyword_model& m, const std::string& wordnet_dir) {
  text_options topts;
  topts.norm = m.pre;
  topts.stopwords = m.stopwords;
  topts.wordnet_dir = wordnet_dir;
  return load_text_resources(topts);
}

truth_lists make_truth(const std::vector<std::vector<int>>& label_index,
                       const std::vector<std::size_t>& rows) {
  truth_lists t;
  for (std::size_t r : rows) {
    for (int l : label_index[r]) t.labels.push_back(l);
    t.offsets.push_back(static_cast<std::int32_t>(t.labels.size()));
  }
  return t;
}

row_scores score_rows(backend& be, const term_matrix& m, const dense_weights& w) {
  row_scores r;
  r.n_cats = w.n_cats;
  const auto n = static_cast<std::size_t>(m.n_rows()) * static_cast<std::size_t>(w.n_cats);
  r.d.resize(n);
  r.s1.resize(n);
  be.parts(m.view(), w.view(), r.d.data(), r.s1.data());
  fill_s0(r, w.norms);
  return r;
}

void fill_s0(row_scores& r, const std::vector<double>& norms) {
  r.s0.resize(r.d.size());
  s0_of_rows(r.d.data(), norms.data(), r.n_cats, r.d.size(), r.s0.data());
}

confusion_counts counts_from_flat(const std::uint64_t* flat, int K) {
  const auto k = static_cast<std::size_t>(K);
  confusion_counts c(k);
  std::copy(flat, flat + k, c.tp.begin());
  std::copy(flat + k, flat + 2 * k, c.fp.begin());
  std::copy(flat + 2 * k, flat + 3 * k, c.fn.begin());
  std::copy(flat + 3 * k, flat + 3 * k + k * k, c.confusion.begin());
  c.n_exact = flat[3 * k + k * k];
  c.n_posts = flat[3 * k + k * k + 1];
  return c;
}

std::vector<std::uint64_t> predicted_sets(const row_scores& scores, double alpha, tie_rule ties) {
  const int K = scores.n_cats;
  const std::size_t n = K > 0 ? scores.s0.size() / static_cast<std::size_t>(K) : 0;
  std::vector<std::uint64_t> sets(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t off = i * static_cast<std::size_t>(K);
    sets[i] = predicted_set(scores.s0.data() + off, scores.s1.data() + off, alpha, K, ties);
  }
  return sets;
}

confusion_counts evaluate(backend& be, const row_scores& scores, const truth_lists& truth,
                          double alpha, tie_rule ties) {
  const int K = scores.n_cats;
  std::vector<std::uint64_t> flat(static_cast<std::size_t>(counts_stride(K)));
  const std::int64_t n = truth.view().n_posts;
  be.sweep(n, K, scores.s0.data(), scores.s1.data(), truth.view(), &alpha, 1, ties, flat.data());
  return counts_from_flat(flat.data(), K);
}

confusion_counts evaluate_test_part(backend& be, const training_result& t) {
  const term_matrix test = t.matrix.select_rows(t.test_rows);
  const row_scores s = score_rows(be, test, t.model.weights());
  return evaluate(be, s, make_truth(t.label_index, t.test_rows), t.model.alpha, t.model.ties);
}

}  // namespace qc
