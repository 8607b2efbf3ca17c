#include "study/study_partial.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "qc/core/error.hpp"

namespace qc {
namespace {

// Distinct posts (the first record of an id wins, and posts of earlier parts
// come first), counted into n.
std::vector<const study_post*> distinct_posts(const std::vector<study_post>& posts,
                                              const prediction_table& predictions,
                                              const std::unordered_set<std::string>* earlier,
                                              study_counts& n) {
  std::unordered_set<std::string> seen;
  std::vector<const study_post*> distinct;
  for (const study_post& p : posts) {
    const bool first = seen.insert(p.id).second;
    if (!first || (earlier != nullptr && earlier->count(p.id) != 0)) {
      ++n.duplicate_posts;
      continue;
    }
    distinct.push_back(&p);
  }
  n.posts = distinct.size();
  for (const auto& kv : predictions.by_id)
    if (!seen.count(kv.first)) ++n.unused_predictions;
  return distinct;
}

void add_views(framework_row& r, const study_post& p) {
  ++r.questions;
  if (p.views) {
    r.views += *p.views;
  } else {
    ++r.without_views;
  }
}

// Table 1: one row per framework, then "all" and "other".
void fill_table1(study_partial& s, std::size_t F, const std::vector<const study_post*>& distinct) {
  s.table1.resize(F + 2);
  for (const study_post* p : distinct) {
    for (std::size_t f = 0; f < F; ++f)
      if ((p->frameworks >> f) & 1u) add_views(s.table1[f], *p);
    add_views(s.table1[p->frameworks ? F : F + 1], *p);
  }
}

// One post in answer row `r` (Fig. 6 and 7); its duration when timed.
void add_answer(answer_row& r, const study_post& p, std::vector<std::int64_t>& durations) {
  ++r.questions;
  if (!p.accepted_answer_id && !p.accepted_time) return;
  ++r.accepted;
  if (!p.created || !p.accepted_time) {
    ++r.missing_time;
  } else if (*p.accepted_time < *p.created) {
    ++r.negative;
  } else {
    ++r.timed;
    durations.push_back(*p.accepted_time - *p.created);
  }
}

// One analysed post of category c (categories.size(): unclassified) into
// Fig. 1, 5, 6 and 7.
void count_post(study_partial& s, const study_post& p, std::size_t c) {
  const std::size_t C = s.categories.size() + 1;
  const std::size_t F = s.by_scope.size() - 1;
  ++s.counts.analysed;
  if (c + 1 == C) ++s.counts.unclassified;
  ++s.by_scope[0][c];
  for (std::size_t f = 0; f < F; ++f)
    if ((p.frameworks >> f) & 1u) ++s.by_scope[f + 1][c];
  if (p.created) {
    auto& y = s.by_year[utc_year(*p.created)];
    if (y.empty()) y.assign(C, 0);
    ++y[c];
  } else {
    ++s.counts.no_creation_date;
  }
  for (const std::size_t row : {c, C}) add_answer(s.answers[row], p, s.durations[row]);
}

// The framework posts with a prediction, counted by category.
void count_analysed(study_partial& s, const std::vector<const study_post*>& distinct,
                    const prediction_table& predictions) {
  std::unordered_map<std::string, std::size_t> index;
  for (const std::string& c : predictions.categories) index.emplace(c, index.size());
  for (const study_post* p : distinct) {
    if (!p->frameworks) {
      ++s.counts.outside;
      continue;
    }
    const auto it = predictions.by_id.find(p->id);
    if (it == predictions.by_id.end()) {
      ++s.counts.no_prediction;
      continue;
    }
    count_post(s, *p, it->second.no_evidence ? s.categories.size() : index.at(it->second.category));
  }
}

}  // namespace

study_partial partial_study_tables(const std::vector<study_post>& posts,
                                   const prediction_table& predictions,
                                   const std::vector<std::string>& frameworks,
                                   const std::unordered_set<std::string>* earlier) {
  for (const std::string& c : predictions.categories)
    if (c == unclassified_category)
      throw error(
          "predictions: the category name 'unclassified' is reserved for posts with no "
          "evidence");
  study_partial s;
  s.categories = predictions.categories;
  const std::size_t F = frameworks.size(), C = s.categories.size() + 1;
  s.counts.prediction_rows = predictions.rows;
  s.counts.skipped_predictions = predictions.skipped;
  s.by_scope.assign(F + 1, std::vector<std::size_t>(C, 0));
  s.answers.assign(C + 1, answer_row{});
  s.durations.assign(C + 1, {});
  const std::vector<const study_post*> distinct =
      distinct_posts(posts, predictions, earlier, s.counts);
  fill_table1(s, F, distinct);
  count_analysed(s, distinct, predictions);
  return s;
}

namespace {

// Every category the parts name, by decreasing number of analysed posts
// (ties by name), then "unclassified" last; returns each name's index.
std::map<std::string, std::size_t> order_categories(study_tables& t,
                                                    const std::vector<study_partial>& parts) {
  std::map<std::string, std::size_t> classified;
  for (const study_partial& s : parts)
    for (std::size_t c = 0; c < s.categories.size(); ++c)
      classified[s.categories[c]] += s.by_scope[0][c];
  std::vector<std::pair<std::string, std::size_t>> order(classified.begin(), classified.end());
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::map<std::string, std::size_t> index;
  for (const auto& kv : order) {
    index[kv.first] = t.categories.size();
    t.categories.push_back(kv.first);
  }
  t.categories.push_back(unclassified_category);
  return index;
}

void add_counts(study_counts& a, const study_counts& b) {
  a.posts += b.posts;
  a.duplicate_posts += b.duplicate_posts;
  a.outside += b.outside;
  a.no_prediction += b.no_prediction;
  a.analysed += b.analysed;
  a.unclassified += b.unclassified;
  a.no_creation_date += b.no_creation_date;
  a.prediction_rows += b.prediction_rows;
  a.skipped_predictions += b.skipped_predictions;
  a.unused_predictions += b.unused_predictions;
}

void add_answer_counts(answer_row& a, const answer_row& b) {
  a.questions += b.questions;
  a.accepted += b.accepted;
  a.timed += b.timed;
  a.missing_time += b.missing_time;
  a.negative += b.negative;
}

// One part added into t (categories mapped to t's order by `to`); its
// durations appended to `durations`.
void add_part(study_tables& t, std::map<int, std::vector<std::size_t>>& years,
              std::vector<std::vector<std::int64_t>>& durations, const study_partial& s,
              const std::vector<std::size_t>& to) {
  add_counts(t.counts, s.counts);
  for (std::size_t r = 0; r < t.table1.size(); ++r) {
    t.table1[r].questions += s.table1[r].questions;
    t.table1[r].views += s.table1[r].views;
    t.table1[r].without_views += s.table1[r].without_views;
  }
  for (std::size_t c = 0; c < to.size(); ++c) {
    for (std::size_t f = 0; f < t.by_scope.size(); ++f) t.by_scope[f][to[c]] += s.by_scope[f][c];
    add_answer_counts(t.answers[to[c]], s.answers[c]);
    durations[to[c]].insert(durations[to[c]].end(), s.durations[c].begin(), s.durations[c].end());
  }
  for (const auto& kv : s.by_year) {
    auto& y = years[kv.first];
    if (y.empty()) y.assign(t.categories.size(), 0);
    for (std::size_t c = 0; c < to.size(); ++c) y[to[c]] += kv.second[c];
  }
  const std::size_t all = t.categories.size();
  add_answer_counts(t.answers[all], s.answers[to.size()]);
  durations[all].insert(durations[all].end(), s.durations[to.size()].begin(),
                        s.durations[to.size()].end());
}

// The years in order, and the hours of every answers row with their intervals.
void finish_tables(study_tables& t, std::map<int, std::vector<std::size_t>>& years,
                   std::vector<std::vector<std::int64_t>>& durations) {
  for (auto& kv : years) {
    t.years.push_back(kv.first);
    t.by_year.push_back(std::move(kv.second));
  }
  for (std::size_t row = 0; row < t.answers.size(); ++row) {
    if (!durations[row].empty() && t.uncertainty.resamples > 0)
      t.answers[row].hours_ci = bootstrap_hours(durations[row], t.uncertainty);
    t.answers[row].hours = summarize_hours(std::move(durations[row]));
  }
}

// A part's category indices in t's order (its last, unclassified, last too).
std::vector<std::size_t> category_map(const study_tables& t, const study_partial& s,
                                      const std::map<std::string, std::size_t>& index) {
  std::vector<std::size_t> to;
  for (const std::string& c : s.categories) to.push_back(index.at(c));
  to.push_back(t.categories.size() - 1);
  return to;
}

}  // namespace

study_tables merge_study_partials(const std::vector<study_partial>& parts,
                                  const std::vector<std::string>& frameworks,
                                  const bootstrap_spec& uncertainty) {
  check_confidence(uncertainty.confidence);
  study_tables t;
  t.frameworks = frameworks;
  t.uncertainty = uncertainty;
  const std::size_t F = frameworks.size();
  for (const study_partial& s : parts)
    if (s.table1.size() != F + 2 || s.by_scope.size() != F + 1)
      throw usage_error("study parts: a part counted other frameworks");
  const std::map<std::string, std::size_t> index = order_categories(t, parts);
  const std::size_t C = t.categories.size();
  t.table1.resize(F + 2);
  for (std::size_t f = 0; f < F; ++f) t.table1[f].name = frameworks[f];
  t.table1[F].name = "all";
  t.table1[F + 1].name = "other";
  t.scopes.push_back("all");
  for (const std::string& f : frameworks) t.scopes.push_back(f);
  t.by_scope.assign(F + 1, std::vector<std::size_t>(C, 0));
  t.answers.assign(C + 1, answer_row{});
  std::map<int, std::vector<std::size_t>> years;
  std::vector<std::vector<std::int64_t>> durations(C + 1);
  for (const study_partial& s : parts) add_part(t, years, durations, s, category_map(t, s, index));
  finish_tables(t, years, durations);
  return t;
}

}  // namespace qc
