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

}  // namespace qc
