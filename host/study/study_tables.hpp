// The study's findings as tables (STUDY.md 6), computed from posts and their
// predictions: Table 1 (questions and views per framework), the category
// distribution overall and per framework (Fig. 1), per year (Fig. 5), the
// share of questions with an accepted answer (Fig. 6) and the time to it
// (Fig. 7).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "formats/predictions.hpp"
#include "io/post.hpp"
#include "study/answer_times.hpp"
#include "study/frameworks.hpp"
#include "study/intervals.hpp"
#include "study/quantiles.hpp"

namespace qc {

// Posts flagged no_evidence (DEFINITIONS.md 6) are counted under this name in
// every distribution, never under the category they were assigned.
inline constexpr const char* unclassified_category = "unclassified";

// What the tables need from one post.
struct study_post {
  std::string id;                                  // id as text (id_text)
  std::uint32_t frameworks = 0;                    // bit i: framework i of the framework_set
  std::optional<std::int64_t> created;             // Unix seconds, UTC
  std::optional<std::int64_t> accepted_answer_id;  //
  std::optional<std::int64_t> accepted_time;       // the accepted answer's creation
  std::optional<std::int64_t> views;
};

study_post make_study_post(const post& p, const framework_set& frameworks);

struct answer_merge_counts {
  std::size_t filled = 0;     // posts that had no accepted-answer time and got one
  std::size_t changed = 0;    // posts whose time the answers file replaced
  std::size_t confirmed = 0;  // posts whose time the answers file repeats
};

// Takes a post's accepted-answer time from answers: the answer whose id is
// the post's accepted_answer_id (its time wins over the post's own), or, for
// a post without one, an answer of its question marked is_accepted (which
// then gives the accepted answer's id and time).
void apply_answers(study_post& p, const answer_index& answers, answer_merge_counts& counts);

struct framework_row {
  std::string name;
  std::size_t questions = 0;
  std::int64_t views = 0;         // sum of view counts
  std::size_t without_views = 0;  // questions with no view count (not in the sum)
};

// One category's answers (Fig. 6 and Fig. 7).
struct answer_row {
  std::size_t questions = 0;
  std::size_t accepted = 0;      // with an accepted answer
  std::size_t timed = 0;         // ... whose time to it is known and >= 0
  std::size_t missing_time = 0;  // ... with no creation date or no answer time
  std::size_t negative = 0;      // ... answered before asked: excluded from the times
  std::optional<hours_summary> hours;
  // The bootstrap intervals of hours->mean and hours->median (nullopt when
  // no question has a time or no resamples were asked for).
  std::optional<hours_intervals> hours_ci;
};

// How the posts read went into the tables.
struct study_counts {
  std::size_t posts = 0;                // distinct post ids read
  std::size_t duplicate_posts = 0;      // later records of an id already read (ignored)
  std::size_t outside = 0;              // posts in none of the frameworks (Table 1 "other" only)
  std::size_t no_prediction = 0;        // framework posts with no prediction row
  std::size_t analysed = 0;             // framework posts with a prediction: the figures' posts
  std::size_t unclassified = 0;         // analysed posts flagged no_evidence
  std::size_t no_creation_date = 0;     // analysed posts without a creation date (not in Fig. 5)
  std::size_t prediction_rows = 0;      // rows with an id in the predictions file
  std::size_t skipped_predictions = 0;  // rows of records the scorer skipped
  std::size_t unused_predictions = 0;   // predicted ids that are no post read
};

struct study_tables {
  std::vector<std::string> frameworks;
  // Classified categories by decreasing number of analysed posts (ties by
  // name), then "unclassified" last. Category c indexes every table below.
  std::vector<std::string> categories;
  study_counts counts;
  // Table 1: one row per framework, then "all" (posts in at least one, each
  // counted once) and "other" (posts in none). Every post read counts here,
  // with or without a prediction.
  std::vector<framework_row> table1;
  std::vector<std::string> scopes;                 // "all", then each framework
  std::vector<std::vector<std::size_t>> by_scope;  // [scope][category]
  std::vector<int> years;                          // ascending, UTC year of creation
  std::vector<std::vector<std::size_t>> by_year;   // [year][category]
  std::vector<answer_row> answers;                 // per category, then "all"
  // The bootstrap of the hours; its confidence is also the Wilson
  // intervals' (DEFINITIONS.md 11).
  bootstrap_spec uncertainty;
};

// Throws qc::error when a predicted category is named "unclassified".
study_tables compute_study_tables(const std::vector<study_post>& posts,
                                  const prediction_table& predictions,
                                  const std::vector<std::string>& frameworks,
                                  const bootstrap_spec& uncertainty = {1000, 0.95, 0});

// The UTC calendar year of a Unix time.
int utc_year(std::int64_t unix_seconds);

}  // namespace qc
