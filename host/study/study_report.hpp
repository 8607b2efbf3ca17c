// `qclass report` end to end: reads posts, predictions and optional answers,
// sweep and confusion files, computes the study tables and writes the CSV
// files and report.html into one folder.
#pragma once
#include <string>
#include <vector>

#include "io/post_source.hpp"
#include "study/frameworks.hpp"
#include "study/study_tables.hpp"

namespace qc {

struct report_request {
  std::vector<std::string> posts;    // JSON Lines or Posts.xml files (open_post_source)
  std::string predictions;           // from qclass score (CSV or JSONL)
  std::vector<std::string> answers;  // optional answers files
  std::string sweep, confusion;      // optional evaluation files
  std::string baseline;              // optional: qclass baseline --metrics-json
  std::string cross_validation;      // optional: study --folds's cross_validation.csv
  std::string confusion_alpha;       // optional: how report.html names the confusion's alpha
  std::vector<std::string> frameworks{"tensorflow", "pytorch", "deeplearning4j"};
  tag_match match = tag_match::exact;
  std::size_t min_year_questions = 30;  // Fig. 5's chart (the CSV has every year)
  reader_options reader;
  std::string out_dir;
  // Fig. 7's bootstrap, and the confidence of every interval.
  bootstrap_spec uncertainty{1000, 0.95, 0};
};

struct report_result {
  study_tables tables;
  read_stats posts_read;  // summed over the posts files
  std::size_t answers_read = 0;
  answer_merge_counts merged;
  std::vector<std::string> files;  // every file written, report.html last
  std::string html_path;
};

// Creates out_dir if needed; each file is written atomically. Throws
// usage_error, io_error or parse_error.
report_result write_study_report(const report_request& r);

// Every post of r.posts (read with r.reader) as a study_post, with the
// accepted-answer times of r.answers merged in; what was read goes to
// res.posts_read, res.answers_read and res.merged.
std::vector<study_post> read_study_posts(const report_request& r, const framework_set& frameworks,
                                         report_result& res);

// The same from tables already computed (merge_study_partials over the posts
// files; r.posts and r.predictions only name the files in report.html), with
// the answers read and merged into them.
report_result write_merged_study_report(const report_request& r, study_tables tables,
                                        std::size_t answers_read,
                                        const answer_merge_counts& merged);

}  // namespace qc
