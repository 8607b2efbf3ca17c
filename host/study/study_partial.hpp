// The study's tables in parts: the counts of one set of posts (say, one byte
// range of the posts files, on one machine), then the parts merged in input
// order into the tables compute_study_tables gives for all the posts at once.
// Counts add; the hours to the accepted answer are gathered (in input order)
// for the medians, quantiles and their bootstrap, which need all of them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>
#include <vector>

#include "study/study_tables.hpp"

namespace qc {

struct study_partial {
  // The categories the part's predictions name (as a prediction or a
  // runner-up), in order of first appearance; index c below, with
  // categories.size() for "unclassified".
  std::vector<std::string> categories;
  study_counts counts;
  std::vector<framework_row> table1;               // per framework, then "all", "other"
  std::vector<std::vector<std::size_t>> by_scope;  // [scope]["all", frameworks...][c]
  std::map<int, std::vector<std::size_t>> by_year;
  std::vector<answer_row> answers;                   // [c], then "all"; hours not yet summarized
  std::vector<std::vector<std::int64_t>> durations;  // per answers row: seconds, in post order
};

// The part of the tables over `posts` and their `predictions` (which hold
// every prediction of these posts). `earlier`: ids of posts read before this
// part (in earlier parts); a post with one of them counts as a duplicate
// record, as a second record of an id does. Throws qc::error when a predicted
// category is named "unclassified".
study_partial partial_study_tables(const std::vector<study_post>& posts,
                                   const prediction_table& predictions,
                                   const std::vector<std::string>& frameworks,
                                   const std::unordered_set<std::string>* earlier = nullptr);

// The parts of posts read in this order merged into the tables: the same as
// compute_study_tables over all the posts and predictions. Throws
// usage_error for a bad confidence or parts of other frameworks.
study_tables merge_study_partials(const std::vector<study_partial>& parts,
                                  const std::vector<std::string>& frameworks,
                                  const bootstrap_spec& uncertainty);

}  // namespace qc
