// The study tables as CSV files for pandas or R: one tidy table per figure,
// shares as fractions in [0, 1] (empty when the denominator is 0), times in
// hours, doubles written as qc::format_double does.
#pragma once
#include <optional>
#include <string>

#include "study/study_tables.hpp"

namespace qc {

// counts.csv: what,posts (how the posts read went into the tables).
std::string counts_csv(const study_tables& t);
// table1_frameworks.csv: framework,questions,total_views,questions_without_views.
std::string table1_csv(const study_tables& t);
// Every share comes with its Wilson score interval at the tables'
// confidence (share_low, share_high; DEFINITIONS.md 11).
// fig1_categories.csv: scope,category,questions,share,share_low,share_high (share of the
// scope's posts).
std::string categories_csv(const study_tables& t);
// fig5_categories_by_year.csv: year,category,questions,share,share_low,share_high (share of
// the year's posts).
std::string categories_by_year_csv(const study_tables& t);
// fig6_accepted_answers.csv: category,questions,with_accepted_answer,share,share_low,
// share_high; last row "all".
std::string accepted_answers_csv(const study_tables& t);
// fig7_answer_hours.csv: category,with_accepted_answer,timed,missing_time,negative,
// mean_hours,min_hours,q1_hours,median_hours,q3_hours,max_hours, then the bootstrap
// intervals mean_hours_low,mean_hours_high,median_hours_low,median_hours_high (empty
// without a timed question or resamples); last row "all".
std::string answer_hours_csv(const study_tables& t);

// numerator / denominator, or nullopt when the denominator is 0.
std::optional<double> share_of(std::size_t numerator, std::size_t denominator);

}  // namespace qc
