#include "formats/study_csv.hpp"

#include <numeric>

#include "core/format_double.hpp"
#include "formats/csv_text.hpp"

namespace qc {
namespace {

void add_opt(std::string& o, const std::optional<double>& v) {
  if (v) append_double(o, *v);
}

// ",low,high": the Wilson score interval of k in n (both empty when n == 0).
void add_wilson(std::string& o, std::size_t k, std::size_t n, double confidence) {
  const std::optional<interval> w = wilson_interval(k, n, confidence);
  o += ',';
  if (w) append_double(o, w->low);
  o += ',';
  if (w) append_double(o, w->high);
}

// ",low,high" of a bootstrap estimate (both empty without one).
void add_estimate(std::string& o, const std::optional<interval>& ci) {
  o += ',';
  if (ci) append_double(o, ci->low);
  o += ',';
  if (ci) append_double(o, ci->high);
}

std::size_t total(const std::vector<std::size_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::size_t{0});
}

}  // namespace

std::optional<double> share_of(std::size_t numerator, std::size_t denominator) {
  if (denominator == 0) return std::nullopt;
  return static_cast<double>(numerator) / static_cast<double>(denominator);
}

std::string counts_csv(const study_tables& t) {
  const study_counts& n = t.counts;
  std::string o = "what,posts\n";
  const std::pair<const char*, std::size_t> rows[] = {
      {"posts", n.posts},
      {"duplicate_posts", n.duplicate_posts},
      {"outside_frameworks", n.outside},
      {"no_prediction", n.no_prediction},
      {"analysed", n.analysed},
      {"unclassified", n.unclassified},
      {"no_creation_date", n.no_creation_date},
      {"prediction_rows", n.prediction_rows},
      {"skipped_predictions", n.skipped_predictions},
      {"unused_predictions", n.unused_predictions},
  };
  for (const auto& r : rows) o += std::string(r.first) + ',' + std::to_string(r.second) + '\n';
  return o;
}

std::string table1_csv(const study_tables& t) {
  std::string o = "framework,questions,total_views,questions_without_views\n";
  for (const framework_row& r : t.table1) {
    append_csv_field(o, r.name);
    o += ',' + std::to_string(r.questions) + ',' + std::to_string(r.views) + ',' +
         std::to_string(r.without_views) + '\n';
  }
  return o;
}

std::string categories_csv(const study_tables& t) {
  std::string o = "scope,category,questions,share,share_low,share_high\n";
  for (std::size_t s = 0; s < t.scopes.size(); ++s) {
    const std::size_t n = total(t.by_scope[s]);
    for (std::size_t c = 0; c < t.categories.size(); ++c) {
      append_csv_field(o, t.scopes[s]);
      o += ',';
      append_csv_field(o, t.categories[c]);
      o += ',' + std::to_string(t.by_scope[s][c]) + ',';
      add_opt(o, share_of(t.by_scope[s][c], n));
      add_wilson(o, t.by_scope[s][c], n, t.uncertainty.confidence);
      o += '\n';
    }
  }
  return o;
}

std::string categories_by_year_csv(const study_tables& t) {
  std::string o = "year,category,questions,share,share_low,share_high\n";
  for (std::size_t y = 0; y < t.years.size(); ++y) {
    const std::size_t n = total(t.by_year[y]);
    for (std::size_t c = 0; c < t.categories.size(); ++c) {
      o += std::to_string(t.years[y]) + ',';
      append_csv_field(o, t.categories[c]);
      o += ',' + std::to_string(t.by_year[y][c]) + ',';
      add_opt(o, share_of(t.by_year[y][c], n));
      add_wilson(o, t.by_year[y][c], n, t.uncertainty.confidence);
      o += '\n';
    }
  }
  return o;
}

std::string accepted_answers_csv(const study_tables& t) {
  std::string o = "category,questions,with_accepted_answer,share,share_low,share_high\n";
  for (std::size_t c = 0; c < t.answers.size(); ++c) {
    const answer_row& r = t.answers[c];
    append_csv_field(o, c < t.categories.size() ? t.categories[c] : std::string("all"));
    o += ',' + std::to_string(r.questions) + ',' + std::to_string(r.accepted) + ',';
    add_opt(o, share_of(r.accepted, r.questions));
    add_wilson(o, r.accepted, r.questions, t.uncertainty.confidence);
    o += '\n';
  }
  return o;
}

std::string answer_hours_csv(const study_tables& t) {
  std::string o =
      "category,with_accepted_answer,timed,missing_time,negative,mean_hours,min_hours,q1_hours,"
      "median_hours,q3_hours,max_hours,mean_hours_low,mean_hours_high,median_hours_low,"
      "median_hours_high\n";
  for (std::size_t c = 0; c < t.answers.size(); ++c) {
    const answer_row& r = t.answers[c];
    append_csv_field(o, c < t.categories.size() ? t.categories[c] : std::string("all"));
    o += ',' + std::to_string(r.accepted) + ',' + std::to_string(r.timed) + ',' +
         std::to_string(r.missing_time) + ',' + std::to_string(r.negative);
    for (const double hours_summary::*m :
         {&hours_summary::mean, &hours_summary::min, &hours_summary::q1, &hours_summary::median,
          &hours_summary::q3, &hours_summary::max}) {
      o += ',';
      if (r.hours) append_double(o, (*r.hours).*m);
    }
    add_estimate(o, r.hours_ci ? r.hours_ci->mean.ci : std::nullopt);
    add_estimate(o, r.hours_ci ? r.hours_ci->median.ci : std::nullopt);
    o += '\n';
  }
  return o;
}

}  // namespace qc
