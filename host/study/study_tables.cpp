#include "study/study_tables.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_set>

#include "qc/core/error.hpp"

namespace qc {

study_post make_study_post(const post& p, const framework_set& frameworks) {
  study_post s;
  s.id = id_text(p.id_json);
  s.frameworks = frameworks.match(p.tags);
  s.created = p.creation_time;
  s.accepted_answer_id = p.accepted_answer_id;
  s.accepted_time = p.accepted_answer_time;
  s.views = p.view_count;
  return s;
}

void apply_answers(study_post& p, const answer_index& answers, answer_merge_counts& counts) {
  auto take = [&](std::int64_t t) {
    if (!p.accepted_time) {
      ++counts.filled;
    } else if (*p.accepted_time == t) {
      ++counts.confirmed;
    } else {
      ++counts.changed;
    }
    p.accepted_time = t;
  };
  if (p.accepted_answer_id) {
    const auto it = answers.time_by_answer.find(*p.accepted_answer_id);
    if (it != answers.time_by_answer.end() && it->second) take(*it->second);
    return;
  }
  const auto it = answers.accepted_by_question.find(p.id);
  if (it == answers.accepted_by_question.end()) return;
  p.accepted_answer_id = it->second.answer_id;
  if (it->second.time) take(*it->second.time);
}

int utc_year(std::int64_t unix_seconds) {
  // Days to civil date (H. Hinnant's algorithm), year only.
  std::int64_t z = unix_seconds / 86400;
  if (unix_seconds % 86400 < 0) --z;
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t y = yoe + era * 400 + (mp >= 10 ? 1 : 0);
  return static_cast<int>(y);
}

namespace {

// Distinct posts (the first record of an id wins), counted into n.
std::vector<const study_post*> distinct_posts(const std::vector<study_post>& posts,
                                              const prediction_table& predictions,
                                              study_counts& n) {
  std::unordered_set<std::string> seen;
  std::vector<const study_post*> distinct;
  for (const study_post& p : posts) {
    if (!seen.insert(p.id).second) {
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
void fill_table1(study_tables& t, const std::vector<const study_post*>& distinct) {
  const std::size_t F = t.frameworks.size();
  t.table1.resize(F + 2);
  for (std::size_t f = 0; f < F; ++f) t.table1[f].name = t.frameworks[f];
  t.table1[F].name = "all";
  t.table1[F + 1].name = "other";
  for (const study_post* p : distinct) {
    for (std::size_t f = 0; f < F; ++f)
      if ((p->frameworks >> f) & 1u) add_views(t.table1[f], *p);
    add_views(t.table1[p->frameworks ? F : F + 1], *p);
  }
}

// An analysed post and its category name (nullptr: unclassified).
struct analysed_post {
  const study_post* post;
  const std::string* category;
};

// The framework posts with a prediction; counts each predicted category.
std::vector<analysed_post> analysed_posts(const std::vector<const study_post*>& distinct,
                                          const prediction_table& predictions, study_counts& n,
                                          std::map<std::string, std::size_t>& classified_counts) {
  std::vector<analysed_post> analysed;
  for (const std::string& c : predictions.categories) classified_counts[c];
  for (const study_post* p : distinct) {
    if (!p->frameworks) {
      ++n.outside;
      continue;
    }
    const auto it = predictions.by_id.find(p->id);
    if (it == predictions.by_id.end()) {
      ++n.no_prediction;
      continue;
    }
    if (it->second.no_evidence) {
      analysed.push_back({p, nullptr});
    } else {
      analysed.push_back({p, &it->second.category});
      ++classified_counts[it->second.category];
    }
  }
  n.analysed = analysed.size();
  return analysed;
}

// Category order: most frequent first, ties by name; unclassified last.
// Returns each classified category's index.
std::map<std::string, std::size_t> order_categories(
    study_tables& t, const std::map<std::string, std::size_t>& classified_counts) {
  std::vector<std::pair<std::string, std::size_t>> order(classified_counts.begin(),
                                                         classified_counts.end());
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

// One post in answer row `row` (Fig. 6 and 7); its duration when timed.
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

// Fig. 1, 5, 6 and 7 over the analysed posts.
void count_analysed(study_tables& t, const std::vector<analysed_post>& analysed,
                    const std::map<std::string, std::size_t>& index) {
  const std::size_t F = t.frameworks.size();
  const std::size_t C = t.categories.size();
  const std::size_t U = C - 1;  // the unclassified slot
  t.scopes.push_back("all");
  for (const std::string& f : t.frameworks) t.scopes.push_back(f);
  t.by_scope.assign(F + 1, std::vector<std::size_t>(C, 0));
  std::map<int, std::vector<std::size_t>> years;
  t.answers.assign(C + 1, answer_row{});
  std::vector<std::vector<std::int64_t>> durations(C + 1);
  for (const analysed_post& a : analysed) {
    const study_post& p = *a.post;
    const std::size_t c = a.category ? index.at(*a.category) : U;
    if (!a.category) ++t.counts.unclassified;
    ++t.by_scope[0][c];
    for (std::size_t f = 0; f < F; ++f)
      if ((p.frameworks >> f) & 1u) ++t.by_scope[f + 1][c];
    if (p.created) {
      auto& y = years[utc_year(*p.created)];
      if (y.empty()) y.assign(C, 0);
      ++y[c];
    } else {
      ++t.counts.no_creation_date;
    }
    for (const std::size_t row : {c, C}) add_answer(t.answers[row], p, durations[row]);
  }
  for (auto& kv : years) {
    t.years.push_back(kv.first);
    t.by_year.push_back(std::move(kv.second));
  }
  for (std::size_t row = 0; row <= C; ++row) {
    if (!durations[row].empty() && t.uncertainty.resamples > 0)
      t.answers[row].hours_ci = bootstrap_hours(durations[row], t.uncertainty);
    t.answers[row].hours = summarize_hours(std::move(durations[row]));
  }
}

}  // namespace

study_tables compute_study_tables(const std::vector<study_post>& posts,
                                  const prediction_table& predictions,
                                  const std::vector<std::string>& frameworks,
                                  const bootstrap_spec& uncertainty) {
  check_confidence(uncertainty.confidence);
  study_tables t;
  t.frameworks = frameworks;
  t.uncertainty = uncertainty;
  study_counts& n = t.counts;
  n.prediction_rows = predictions.rows;
  n.skipped_predictions = predictions.skipped;
  for (const std::string& c : predictions.categories)
    if (c == unclassified_category)
      throw error(
          "predictions: the category name 'unclassified' is reserved for posts with no "
          "evidence");
  const std::vector<const study_post*> distinct = distinct_posts(posts, predictions, n);
  fill_table1(t, distinct);
  std::map<std::string, std::size_t> classified_counts;
  const std::vector<analysed_post> analysed =
      analysed_posts(distinct, predictions, n, classified_counts);
  const std::map<std::string, std::size_t> index = order_categories(t, classified_counts);
  count_analysed(t, analysed, index);
  return t;
}

}  // namespace qc
