// report.html: the study's tables and charts in one self-contained page
// (inline CSS and SVG, no script, nothing fetched), readable on a laptop.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "formats/baseline_json.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/cv_csv.hpp"
#include "formats/sweep_table.hpp"
#include "study/frameworks.hpp"
#include "study/study_tables.hpp"

namespace qc {

struct report_content {
  const study_tables* tables = nullptr;
  const sweep_curve* sweep = nullptr;          // optional: the alpha curve
  const confusion_table* confusion = nullptr;  // optional: the test confusion matrix
  const baseline_table* baseline = nullptr;    // optional: against tf-idf + linear SVM
  const cv_table* cross_validation = nullptr;  // optional: study --folds
  std::vector<std::string> posts_files, answers_files;
  std::string predictions_file, sweep_file, confusion_file, baseline_file, cross_validation_file;
  // The alpha the confusion matrix was counted at, as the caption names it;
  // empty: "the model's own alpha".
  std::string confusion_alpha;
  tag_match match = tag_match::exact;
  // Fig. 5 draws only years with at least this many analysed questions.
  std::size_t min_year_questions = 30;
  std::size_t answers_read = 0;
  std::optional<answer_merge_counts> merged;  // set when answers were given
  // CSV files beside the report: file name, what it holds.
  std::vector<std::pair<std::string, std::string>> csv_files;
};

std::string render_html_report(const report_content& c);

}  // namespace qc
