#include "study/study_report.hpp"

#include <filesystem>
#include <memory>
#include <unordered_set>
#include <utility>

#include "formats/baseline_json.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/cv_csv.hpp"
#include "formats/predictions.hpp"
#include "formats/study_csv.hpp"
#include "formats/sweep_table.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"
#include "report/html_report.hpp"
#include "study/answer_times.hpp"

namespace qc {

namespace {

report_content make_content(const report_request& r, const report_result& res) {
  report_content content;
  content.tables = &res.tables;
  content.baseline_file = r.baseline;
  content.cross_validation_file = r.cross_validation;
  content.posts_files = r.posts;
  content.answers_files = r.answers;
  content.predictions_file = r.predictions;
  content.sweep_file = r.sweep;
  content.confusion_file = r.confusion;
  content.confusion_alpha = r.confusion_alpha;
  content.match = r.match;
  content.min_year_questions = r.min_year_questions;
  content.answers_read = res.answers_read;
  if (!r.answers.empty()) content.merged = res.merged;
  return content;
}

// The report's optional files, read before any output is written.
struct report_extras {
  std::unique_ptr<sweep_curve> sweep;
  std::unique_ptr<baseline_table> baseline;
  std::unique_ptr<cv_table> cv;
  std::unique_ptr<confusion_table> confusion;
};

report_extras read_report_extras(const report_request& r) {
  report_extras x;
  if (!r.sweep.empty()) x.sweep = std::make_unique<sweep_curve>(read_sweep_curve(r.sweep));
  if (!r.baseline.empty()) x.baseline = std::make_unique<baseline_table>(read_baseline(r.baseline));
  if (!r.cross_validation.empty())
    x.cv = std::make_unique<cv_table>(read_cv_table(r.cross_validation));
  if (!r.confusion.empty())
    x.confusion = std::make_unique<confusion_table>(read_confusion(r.confusion));
  return x;
}

void check_request(const report_request& r) {
  if (r.posts.empty()) throw usage_error("report: no posts file");
  if (r.predictions.empty()) throw usage_error("report: no predictions file");
  if (r.out_dir.empty()) throw usage_error("report: no output folder");
}

// The CSV files and report.html of res.tables, into r.out_dir.
void write_report_files(const report_request& r, const report_extras& x, report_result& res) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(r.out_dir, ec);
  if (ec) throw io_error(r.out_dir + ": cannot create the folder: " + ec.message());
  report_content content = make_content(r, res);
  content.sweep = x.sweep.get();
  content.confusion = x.confusion.get();
  content.baseline = x.baseline.get();
  content.cross_validation = x.cv.get();

  auto write = [&](const std::string& name, const std::string& what, const std::string& text) {
    const std::string path = (fs::path(r.out_dir) / name).string();
    write_file_atomically(path, text);
    res.files.push_back(path);
    content.csv_files.emplace_back(name, what);
  };
  const study_tables& t = res.tables;
  write("counts.csv", "how the posts read went into the tables", counts_csv(t));
  write("table1_frameworks.csv", "Table 1: questions and total views per framework", table1_csv(t));
  write("fig1_categories.csv", "Fig. 1: categories overall and per framework", categories_csv(t));
  write("fig5_categories_by_year.csv", "Fig. 5: categories per year", categories_by_year_csv(t));
  write("fig6_accepted_answers.csv", "Fig. 6: share of questions with an accepted answer",
        accepted_answers_csv(t));
  write("fig7_answer_hours.csv", "Fig. 7: hours to the accepted answer (median, mean, quartiles)",
        answer_hours_csv(t));
  if (x.sweep)
    write("alpha_sweep.csv", "precision, recall and F1 against alpha", sweep_curve_csv(*x.sweep));
  if (x.confusion)
    write("confusion.csv", "confusion matrix of the test split", confusion_table_csv(*x.confusion));
  if (x.baseline)
    write("baseline_comparison.csv",
          "the keyword classifier against tf-idf + linear SVM on the test split",
          baseline_table_csv(*x.baseline));
  if (x.cv)
    write("cross_validation.csv",
          "the single split beside cross-validation, nested and tuned-on-test estimates",
          cv_table_csv(*x.cv));
  res.html_path = (fs::path(r.out_dir) / "report.html").string();
  write_file_atomically(res.html_path, render_html_report(content));
  res.files.push_back(res.html_path);
}

}  // namespace

std::vector<study_post> read_study_posts(const report_request& r, const framework_set& frameworks,
                                         report_result& res) {
  std::vector<study_post> posts;
  std::vector<post> batch;
  for (const std::string& path : r.posts) {
    const std::unique_ptr<post_source> reader = open_post_source(path, r.reader);
    while (reader->next_batch(batch, 4096)) {
      for (const post& p : batch) {
        posts.push_back(make_study_post(p, frameworks));
      }
      if (r.reader.on_progress) r.reader.on_progress(posts.size());
    }
    add_read_stats(res.posts_read, reader->stats(), 5);
  }
  // Answers after the posts: only the accepted answers they name are kept.
  if (!r.answers.empty()) {
    std::unordered_set<std::int64_t> wanted;
    for (const study_post& p : posts)
      if (p.accepted_answer_id) wanted.insert(*p.accepted_answer_id);
    answer_index answers;
    for (const std::string& a : r.answers) read_answers(a, answers, &wanted);
    res.answers_read = answers.answers;
    for (study_post& p : posts) apply_answers(p, answers, res.merged);
  }
  return posts;
}

report_result write_study_report(const report_request& r) {
  check_request(r);
  const framework_set frameworks(r.frameworks, r.match);
  report_result res;
  // Everything optional is read first, so that a bad file stops the run
  // before any output is written.
  const prediction_table predictions = read_predictions(r.predictions);
  const report_extras extras = read_report_extras(r);
  const std::vector<study_post> posts = read_study_posts(r, frameworks, res);
  res.tables = compute_study_tables(posts, predictions, frameworks.names(), r.uncertainty);
  write_report_files(r, extras, res);
  return res;
}

report_result write_merged_study_report(const report_request& r, study_tables tables,
                                        std::size_t answers_read,
                                        const answer_merge_counts& merged) {
  check_request(r);
  const report_extras extras = read_report_extras(r);
  report_result res;
  res.tables = std::move(tables);
  res.answers_read = answers_read;
  res.merged = merged;
  write_report_files(r, extras, res);
  return res;
}

}  // namespace qc
