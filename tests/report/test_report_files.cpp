// The report's inputs and outputs (host/report): CSV text, predictions,
// answers, sweep and confusion files, and write_study_report end to end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>

#include "formats/baseline_json.hpp"
#include "formats/confusion_csv.hpp"
#include "formats/csv_text.hpp"
#include "formats/cv_csv.hpp"
#include "formats/predictions.hpp"
#include "formats/sweep_table.hpp"
#include "qc/core/error.hpp"
#include "scratch_test.hpp"
#include "study/answer_times.hpp"
#include "study/study_report.hpp"

namespace {

namespace fs = std::filesystem;

class files : public qc_test::scratch_test {
 protected:
  std::string write(const std::string& name, const std::string& content) {
    return write_file(name, content).string();
  }
  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
};

// The line a parse_error names.
template <class F>
std::size_t error_line(F&& f) {
  try {
    f();
  } catch (const qc::parse_error& e) {
    return e.line();
  }
  ADD_FAILURE() << "no parse_error";
  return 0;
}

TEST(csv_text, quoting_round_trip) {
  std::string o;
  qc::append_csv_field(o, "plain");
  o += ',';
  qc::append_csv_field(o, "a,b \"c\"\nd");
  o += "\r\n#comment line\r\n\n";
  qc::append_csv_field(o, "");
  o += ",x";
  const qc::csv_document d = qc::parse_csv(o, "t.csv");
  ASSERT_EQ(d.records.size(), 2u);
  EXPECT_EQ(d.records[0].fields, (std::vector<std::string>{"plain", "a,b \"c\"\nd"}));
  EXPECT_EQ(d.records[0].line, 1u);
  EXPECT_EQ(d.records[1].fields, (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(d.records[1].line, 5u);
  ASSERT_EQ(d.comments.size(), 1u);
  EXPECT_EQ(d.comments[0].fields[0], "comment line");
  EXPECT_EQ(d.comments[0].line, 3u);
}

TEST(csv_text, malformed) {
  EXPECT_EQ(error_line([] { qc::parse_csv("a,b\n\"open,\n", "t.csv"); }), 2u);
  EXPECT_EQ(error_line([] { qc::parse_csv("a\n\"q\"x,1\n", "t.csv"); }), 2u);
  EXPECT_TRUE(qc::parse_csv("", "t.csv").records.empty());
  EXPECT_THROW(qc::read_text_file("/nonexistent/qc/file.csv"), qc::io_error);
}

TEST_F(files, predictions_csv) {
  const std::string p = write("p.csv",
                              "id,category,score,runner_up,margin,no_evidence,status\n"
                              "1,crash,0.5,slow,0.1,false,ok\n"
                              ",,,,,,\"skipped: p.jsonl:3: invalid JSON, \"\"x\"\"\"\n"
                              "abc,\"odd, name\",0.0,,0.0,true,ok\n"
                              "1,crash,0.5,slow,0.1,false,ok\n");
  const qc::prediction_table t = qc::read_predictions(p);
  EXPECT_EQ(t.rows, 3u);
  EXPECT_EQ(t.skipped, 1u);
  EXPECT_EQ(t.duplicates, 1u);
  ASSERT_EQ(t.by_id.size(), 2u);
  EXPECT_EQ(t.by_id.at("1").category, "crash");
  EXPECT_FALSE(t.by_id.at("1").no_evidence);
  EXPECT_EQ(t.by_id.at("abc").category, "odd, name");
  EXPECT_TRUE(t.by_id.at("abc").no_evidence);
  EXPECT_EQ(t.categories, (std::vector<std::string>{"crash", "slow", "odd, name"}));
}

TEST_F(files, predictions_csv_errors) {
  EXPECT_EQ(error_line([&] { qc::read_predictions(write("a.csv", "id,category\n1,a\n")); }), 1u);
  EXPECT_EQ(
      error_line([&] {
        qc::read_predictions(write("b.csv", "id,category,no_evidence\n1,a,false\n1,b,false\n"));
      }),
      3u);
  EXPECT_EQ(error_line([&] {
              qc::read_predictions(write("c.csv", "id,category,no_evidence\n1,a,maybe\n"));
            }),
            2u);
  EXPECT_EQ(
      error_line([&] { qc::read_predictions(write("d.csv", "id,category,no_evidence\n1,a\n")); }),
      2u);
  EXPECT_EQ(error_line([&] {
              qc::read_predictions(write("e.csv", "id,category,no_evidence\n,a,false\n"));
            }),
            2u);
  EXPECT_THROW(qc::read_predictions((dir_ / "missing.csv").string()), qc::io_error);
}

TEST_F(files, predictions_jsonl) {
  const std::string p = write(
      "p.jsonl",
      "{\"id\": 12, \"category\": \"a\", \"score\": 1.0, \"runner_up\": \"b\", \"margin\": 0.5, "
      "\"no_evidence\": false}\n"
      "\n"
      "{\"id\": null, \"skipped\": \"x.jsonl:2: bad\"}\n"
      "{\"id\": \"s\\u00e9\", \"category\": \"a\", \"runner_up\": null, \"no_evidence\": true}\n"
      "{\"id\": 18446744073709551615, \"category\": \"c\"}\n");
  const qc::prediction_table t = qc::read_predictions(p);
  EXPECT_EQ(t.rows, 3u);
  EXPECT_EQ(t.skipped, 1u);
  EXPECT_EQ(t.by_id.at("12").category, "a");
  EXPECT_TRUE(t.by_id.at("s\xC3\xA9").no_evidence);
  EXPECT_EQ(t.by_id.at("18446744073709551615").category, "c");
  EXPECT_EQ(t.categories, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(error_line([&] {
              qc::read_predictions(write("q.jsonl",
                                         "{\"id\": 1, \"category\": \"a\"}\n{\"id\": 1.5, "
                                         "\"category\": \"a\"}\n"));
            }),
            2u);
  EXPECT_EQ(error_line([&] { qc::read_predictions(write("r.jsonl", "{\"id\": 1}\n")); }), 1u);
  EXPECT_EQ(error_line([&] {
              qc::read_predictions(write("s.jsonl", "{\"id\": 1, \"category\": \"a\"}\n{oops\n"));
            }),
            2u);
}

TEST(id_text, json_ids_as_plain_text) {
  EXPECT_EQ(qc::id_text("123"), "123");
  EXPECT_EQ(qc::id_text("\"abc\""), "abc");
  EXPECT_EQ(qc::id_text("\"a\\\"b\""), "a\"b");
}

TEST_F(files, answers_both_schemas) {
  const std::string a =
      write("a.jsonl",
            "{\"answer_id\": 11, \"question_id\": 1, \"creation_date\": \"2018-01-01T02:00:00Z\", "
            "\"is_accepted\": true, \"score\": 3}\n"
            "{\"answer_id\": 12, \"question_id\": 1, \"creation_date\": \"2018-01-01T01:00:00Z\", "
            "\"is_accepted\": false}\n"
            "{\"Id\": 21, \"ParentId\": 2, \"CreationDate\": \"2014-01-21T20:31:18.540\"}\n"
            "{\"answer_id\": 31, \"question_id\": \"q3\", \"creation_date\": 1514772000, "
            "\"is_accepted\": true}\n"
            "{\"answer_id\": 41, \"question_id\": 4, \"creation_date\": null}\n");
  qc::answer_index idx;
  qc::read_answers(a, idx);
  EXPECT_EQ(idx.answers, 5u);
  EXPECT_EQ(idx.without_time, 1u);
  EXPECT_EQ(*idx.time_by_answer.at(11), 1514772000);
  EXPECT_EQ(*idx.time_by_answer.at(21), 1390336278);
  EXPECT_FALSE(idx.time_by_answer.at(41).has_value());
  ASSERT_EQ(idx.accepted_by_question.size(), 2u);
  EXPECT_EQ(idx.accepted_by_question.at("1").answer_id, 11);
  EXPECT_EQ(*idx.accepted_by_question.at("q3").time, 1514772000);
}

TEST_F(files, answers_errors) {
  qc::answer_index idx;
  EXPECT_EQ(error_line([&] {
              qc::read_answers(write("a.jsonl",
                                     "{\"answer_id\": 1, \"question_id\": 1}\n"
                                     "{\"question_id\": 1}\n"),
                               idx);
            }),
            2u);
  EXPECT_EQ(error_line([&] {
              qc::read_answers(write("b.jsonl",
                                     "{\"answer_id\": 1, \"question_id\": 1, "
                                     "\"creation_date\": \"yesterday\"}\n"),
                               idx);
            }),
            1u);
  EXPECT_EQ(error_line([&] {
              qc::read_answers(
                  write("c.jsonl", "{\"answer_id\": 1, \"question_id\": 1, \"is_accepted\": 1}\n"),
                  idx);
            }),
            1u);
  EXPECT_EQ(error_line([&] { qc::read_answers(write("d.jsonl", "{\"answer_id\": 1}\n"), idx); }),
            1u);
  EXPECT_THROW(qc::read_answers((dir_ / "none.jsonl").string(), idx), qc::io_error);
}

// A dump's Posts.xml as the answers file: the same times as its
// conversion to JSON Lines (tests/data, made by convert --answers).
TEST_F(files, answers_from_posts_xml_equal_its_conversion) {
  const std::string data = QC_TEST_DATA_DIR;
  qc::answer_index xml, jsonl;
  qc::read_answers(data + "/posts_xml_beer.xml", xml);
  qc::read_answers(data + "/posts_xml_beer_answers.jsonl", jsonl);
  EXPECT_EQ(xml.answers, 33u);
  EXPECT_EQ(xml.answers, jsonl.answers);
  EXPECT_EQ(xml.without_time, 0u);
  EXPECT_EQ(xml.time_by_answer, jsonl.time_by_answer);
  EXPECT_EQ(*xml.time_by_answer.at(4), 1390336278);  // 2014-01-21T20:31:18.540
  // Only the wanted answers are kept; all are read and counted.
  const std::unordered_set<std::int64_t> wanted = {4, 13, 999999};
  qc::answer_index some;
  qc::read_answers(data + "/posts_xml_beer.xml", some, &wanted);
  EXPECT_EQ(some.answers, 33u);
  EXPECT_EQ(some.time_by_answer.size(), 2u);
  EXPECT_EQ(some.time_by_answer.at(13), jsonl.time_by_answer.at(13));

  // The whole report: --answers Posts.xml gives what its conversion gives.
  std::string preds = "id,category,no_evidence\n";
  std::ifstream in(data + "/posts_xml_beer.jsonl");
  std::string line;
  while (std::getline(in, line)) {
    const auto b = line.find("\"id\": ") + 6;
    preds += line.substr(b, line.find(',', b) - b) + ",a,false\n";
  }
  qc::report_request r;
  r.posts = {data + "/posts_xml_beer.xml"};
  r.predictions = write("p.csv", preds);
  r.frameworks = {"hops", "history", "brewing"};
  r.min_year_questions = 1;
  r.answers = {data + "/posts_xml_beer.xml"};
  r.out_dir = (dir_ / "xml").string();
  const qc::report_result a = qc::write_study_report(r);
  r.answers = {data + "/posts_xml_beer_answers.jsonl"};
  r.out_dir = (dir_ / "jsonl").string();
  const qc::report_result b = qc::write_study_report(r);
  EXPECT_EQ(a.merged.confirmed, b.merged.confirmed);
  EXPECT_EQ(a.merged.filled, b.merged.filled);
  EXPECT_EQ(a.merged.changed, 0u);
  EXPECT_GT(a.merged.filled + a.merged.confirmed, 10u)
      << a.merged.filled << " " << a.merged.confirmed;
  EXPECT_NE(slurp(dir_ / "xml" / "fig7_answer_hours.csv").find("\na,"), std::string::npos);
  for (const char* f : {"fig6_accepted_answers.csv", "fig7_answer_hours.csv"})
    EXPECT_EQ(slurp(dir_ / "xml" / f), slurp(dir_ / "jsonl" / f)) << f;
}

TEST_F(files, answers_from_posts_xml_errors) {
  qc::answer_index idx;
  const std::string head = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n";
  EXPECT_EQ(error_line([&] {
              qc::read_answers(write("a.xml", head + "  <row Id=\"1\" PostTypeId=\"1\" />\n"
                                                     "  <row Id=\"2\" PostTypeId=\"2\" />\n"
                                                     "</posts>\n"),
                               idx);
            }),
            4u);  // an answer without ParentId
  EXPECT_EQ(error_line([&] {
              qc::read_answers(
                  write("b.xml", head + "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" "
                                        "CreationDate=\"soon\" />\n</posts>\n"),
                  idx);
            }),
            3u);
  EXPECT_EQ(error_line([&] {
              qc::read_answers(
                  write("c.xml", head + "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\"\n"
                                        "</posts>\n"),
                  idx);
            }),
            3u);  // malformed markup
}

TEST_F(files, baseline_metrics) {
  const std::string ok = write(
      "b.json",
      "{\"keyword\": {\"n_posts\": 240, \"precision\": 0.5, \"recall\": 0.25, \"f1\": null, "
      "\"accuracy\": 0.75}, \"tfidf_svm\": {\"n_posts\": 240, \"precision\": 0.125, \"recall\": 1, "
      "\"f1\": 0.2, \"accuracy\": 0.5, \"categories\": []}}\n");
  const qc::baseline_table t = qc::read_baseline(ok);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].classifier, "keyword");
  EXPECT_EQ(t.rows[0].test_posts, 240u);
  EXPECT_FALSE(t.rows[0].f1.has_value());
  EXPECT_EQ(*t.rows[1].recall, 1.0);
  EXPECT_EQ(qc::baseline_table_csv(t),
            "classifier,test_posts,precision,recall,f1,accuracy\n"
            "keyword,240,0.5,0.25,,0.75\ntfidf_svm,240,0.125,1.0,0.2,0.5\n");
  for (const char* bad :
       {"{\"keyword\": {}}", "[1]",
        "{\"keyword\": {\"n_posts\": 1, \"precision\": \"x\", "
        "\"recall\": 0, \"f1\": 0, \"accuracy\": 0}, \"tfidf_svm\": {}}",
        "{\"keyword\": {\"n_posts\": 1, \"precision\": 0, \"recall\": 0, \"f1\": 0}}", "{"})
    EXPECT_EQ(error_line([&] { qc::read_baseline(write("bad.json", bad)); }), 1u) << bad;
  EXPECT_THROW(qc::read_baseline((dir_ / "none.json").string()), qc::io_error);
}

TEST_F(files, cross_validation_table_round_trip_and_errors) {
  qc::cv_table t;
  qc::cv_estimate single{"single_split", "0.18", 1, {}, {}};
  single.mean[2] = 0.5;
  qc::cv_estimate nested{"nested", "", 5, {}, {}};
  nested.mean[2] = 0.625;
  nested.std[2] = 0.125;
  t.rows = {single, nested};
  const std::string text = qc::cv_table_csv(t);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "estimate,alpha,folds,precision_mean,precision_std,recall_mean,recall_std,f1_mean,"
            "f1_std,micro_precision_mean,micro_precision_std,micro_recall_mean,micro_recall_std,"
            "micro_f1_mean,micro_f1_std,accuracy_mean,accuracy_std,study_precision_mean,"
            "study_precision_std,study_recall_mean,study_recall_std,study_f1_mean,study_f1_std");
  const qc::cv_table back = qc::read_cv_table(write("cv.csv", text));
  ASSERT_EQ(back.rows.size(), 2u);
  EXPECT_EQ(back.rows[1].estimate, "nested");
  EXPECT_EQ(back.rows[1].alpha, "");
  EXPECT_EQ(back.rows[1].folds, 5u);
  EXPECT_EQ(back.rows[1].mean, nested.mean);
  EXPECT_EQ(back.rows[1].std, nested.std);
  EXPECT_EQ(qc::cv_table_csv(back), text);
  EXPECT_EQ(error_line([&] { qc::read_cv_table(write("bad.csv", "estimate,alpha\nx,1\n")); }), 1u);
  EXPECT_EQ(error_line([&] {
              qc::read_cv_table(write("bad.csv", text.substr(0, text.find('\n') + 1) + "nested,,x" +
                                                     std::string(20, ',') + "\n"));
            }),
            2u);
}

const char* kSweep =
    "top_k,norm,manual_scope,alpha,precision,recall,f1,accuracy,study_precision,study_recall\n"
    "100,l2,topk,0.0,0.5,0.5,0.5,0.5,0.8,0.8\n"
    "100,l2,topk,0.5,0.6,0.6,0.6,0.6,0.8,0.8\n"
    "200,l2,topk,0.0,0.7,0.6,0.65,0.6,0.9,0.9\n"
    "200,l2,topk,0.5,,0.7,,0.7,0.9,0.9\n"
    "#best {\"objective\": \"macro_f1\", \"top_k\": 200, \"norm\": \"l2\", \"manual_scope\": "
    "\"topk\", \"grid_best_alpha\": 0.0, \"grid_best_value\": 0.65, \"alpha\": 0.125, "
    "\"metrics\": {\"n_posts\": 240}}\n";

TEST_F(files, sweep_curve_of_the_best_configuration) {
  const qc::sweep_curve c = qc::read_sweep_curve(write("s.csv", kSweep));
  EXPECT_EQ(c.top_k, "200");
  EXPECT_EQ(c.configurations, 2u);
  EXPECT_EQ(c.alpha, (std::vector<double>{0.0, 0.5}));
  EXPECT_EQ(c.objective, "macro_f1");
  EXPECT_EQ(*c.best_alpha, 0.125);
  EXPECT_EQ(*c.test_posts, 240u);
  EXPECT_FALSE(c.metrics[0][1].has_value());
  EXPECT_EQ(qc::sweep_curve_csv(c),
            "top_k,norm,manual_scope,alpha,precision,recall,f1,accuracy,study_precision,"
            "study_recall\n"
            "200,l2,topk,0.0,0.7,0.6,0.65,0.6,0.9,0.9\n"
            "200,l2,topk,0.5,,0.7,,0.7,0.9,0.9\n");
}

TEST_F(files, sweep_curve_without_best_line_and_errors) {
  std::string no_best(kSweep);
  no_best.erase(no_best.find("#best"));
  const qc::sweep_curve c = qc::read_sweep_curve(write("s.csv", no_best));
  EXPECT_EQ(c.top_k, "200");  // highest f1
  EXPECT_EQ(*c.best_alpha, 0.0);
  std::string other(kSweep);
  other.replace(other.find("\"top_k\": 200"), 12, "\"top_k\": 400");
  EXPECT_THROW(qc::read_sweep_curve(write("o.csv", other)), qc::parse_error);
  EXPECT_EQ(error_line([&] {
              qc::read_sweep_curve(write("b.csv",
                                         "top_k,norm,manual_scope,alpha,precision,recall,f1,"
                                         "accuracy,study_precision,study_recall\n"
                                         "1,l2,topk,zero,,,,,,\n"));
            }),
            2u);
  EXPECT_EQ(error_line([&] { qc::read_sweep_curve(write("h.csv", "top_k,alpha\n")); }), 1u);
}

TEST_F(files, confusion_round_trip_and_errors) {
  const std::string text = "true\\predicted,a,\"b,c\"\na,3,1\n\"b,c\",0,2\n";
  const qc::confusion_table t = qc::read_confusion(write("c.csv", text));
  EXPECT_EQ(t.labels, (std::vector<std::string>{"a", "b,c"}));
  EXPECT_EQ(t.counts[1][1], 2u);
  EXPECT_EQ(qc::confusion_table_csv(t), text);
  EXPECT_EQ(error_line(
                [&] { qc::read_confusion(write("d.csv", "true\\predicted,a,b\na,1,2\nc,0,1\n")); }),
            3u);
  EXPECT_EQ(error_line([&] {
              qc::read_confusion(write("e.csv", "true\\predicted,a,b\na,1,-2\nb,0,1\n"));
            }),
            2u);
  EXPECT_THROW(qc::read_confusion(write("f.csv", "true\\predicted,a,b\na,1,2\n")), qc::parse_error);
}

TEST_F(files, write_study_report_end_to_end) {
  qc::report_request r;
  r.posts = {write("posts.jsonl",
                   "{\"id\": 1, \"title\": \"t\", \"tags\": [\"pytorch\"], \"creation_date\": "
                   "\"2018-01-01T00:00:00Z\", \"accepted_answer_id\": 11, \"view_count\": 5}\n"
                   "{\"id\": 2, \"title\": \"t\", \"tags\": [\"tensorflow\", \"pytorch\"], "
                   "\"creation_date\": \"2019-01-01T00:00:00Z\", \"view_count\": 7}\n"
                   "{\"id\": 3, \"title\": \"t\", \"tags\": [\"keras\"]}\n")};
  r.predictions = write("p.csv",
                        "id,category,score,runner_up,margin,no_evidence,status\n"
                        "1,<b>&amp;,1.0,x,0.5,false,ok\n2,x,0.0,<b>&amp;,0.0,true,ok\n");
  r.answers = {write("a.jsonl",
                     "{\"answer_id\": 11, \"question_id\": 1, \"creation_date\": "
                     "\"2018-01-01T03:00:00Z\", \"is_accepted\": true}\n")};
  r.confusion = write("c.csv", "true\\predicted,<b>&amp;,x\n<b>&amp;,1,0\nx,1,1\n");
  r.sweep = write("s.csv", kSweep);
  r.out_dir = (dir_ / "out" / "nested").string();
  r.min_year_questions = 1;
  const qc::report_result res = qc::write_study_report(r);
  EXPECT_EQ(res.tables.counts.analysed, 2u);
  EXPECT_EQ(res.tables.counts.outside, 1u);
  EXPECT_EQ(res.merged.filled, 1u);
  ASSERT_EQ(res.files.size(), 9u);
  EXPECT_EQ(res.files.back(), res.html_path);
  for (const auto& f : res.files) EXPECT_TRUE(fs::exists(f)) << f;
  EXPECT_NE(slurp(dir_ / "out" / "nested" / "fig7_answer_hours.csv")
                .find("<b>&amp;,1,1,0,0,3.0,3.0,3.0,3.0,3.0,3.0\n"),
            std::string::npos);
  const std::string html = slurp(res.html_path);
  // Labels are escaped everywhere; nothing is fetched or run.
  EXPECT_EQ(html.find("<b>&amp;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;&amp;amp;"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  for (const char* id : {"chart-fig1-all", "chart-fig1-frameworks", "chart-fig5", "chart-fig6",
                         "chart-fig7", "chart-alpha-sweep", "chart-confusion"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  // Deterministic: a second run writes the same bytes.
  const std::string first = html;
  qc::write_study_report(r);
  EXPECT_EQ(slurp(res.html_path), first);
  // Fig. 5's chart leaves out years with too few questions (the CSV keeps them).
  r.min_year_questions = 2;
  qc::write_study_report(r);
  EXPECT_EQ(slurp(res.html_path).find("id=\"chart-fig5\""), std::string::npos);
  EXPECT_NE(slurp(res.html_path).find("no year with at least 2 dated"), std::string::npos);
  EXPECT_NE(slurp(dir_ / "out" / "nested" / "fig5_categories_by_year.csv").find("2019,x,0,0.0"),
            std::string::npos);
}

TEST_F(files, write_study_report_bad_input_writes_nothing) {
  qc::report_request r;
  r.posts = {write("posts.jsonl", "{\"id\": 1, \"title\": \"t\", \"tags\": [\"pytorch\"]}\n")};
  r.predictions = write("p.csv", "id,category,no_evidence\n1,a,false\n");
  r.sweep = write("s.csv", "top_k\n");
  r.out_dir = (dir_ / "out").string();
  EXPECT_THROW(qc::write_study_report(r), qc::parse_error);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  r.sweep.clear();
  r.frameworks = {"all"};
  EXPECT_THROW(qc::write_study_report(r), qc::usage_error);
  r.frameworks = {"pytorch"};
  r.posts = {write("bad.jsonl", "{\"id\": 1, \"title\": \"t\"}\n{oops\n")};
  EXPECT_EQ(error_line([&] { qc::write_study_report(r); }), 2u);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

}  // namespace
