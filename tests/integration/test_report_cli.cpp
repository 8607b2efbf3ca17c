// `qclass report` as a user runs it: messages, exit codes, the files it writes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using qc::test::result;
using qc::test::slurp;

class report_cli : public qc::test::cli_fixture {
 protected:
  void SetUp() override {
    cli_fixture::SetUp();
    posts_ = write("posts.jsonl",
                   "{\"id\": 1, \"title\": \"a\", \"tags\": [\"pytorch\"], \"creation_date\": "
                   "\"2018-02-01T00:00:00Z\", \"accepted_answer_id\": 5, "
                   "\"accepted_answer_creation_date\": \"2018-02-01T06:00:00Z\", "
                   "\"view_count\": 10}\n"
                   "{\"id\": 2, \"title\": \"b\", \"tags\": [\"tensorflow-gpu\"], "
                   "\"creation_date\": \"2018-03-01T00:00:00Z\", \"view_count\": 4}\n");
    preds_ = write("p.csv",
                   "id,category,score,runner_up,margin,no_evidence,status\n"
                   "1,crash,1.0,slow,0.5,false,ok\n2,slow,0.4,crash,0.1,false,ok\n");
  }
  std::string write(const std::string& name, const std::string& content) {
    return cli_fixture::write(name, content).string();
  }

  std::string posts_, preds_;
};

TEST_F(report_cli, writes_every_file_and_names_the_report) {
  const fs::path out = dir_ / "rep";
  const result r = run("report --posts " + posts_ + " --predictions " + preds_ + " -o " +
                       out.string() + " --min-year-questions 1");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("report: " + (out / "report.html").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("analysed: 1 questions"), std::string::npos) << r.out;
  for (const char* f :
       {"counts.csv", "table1_frameworks.csv", "fig1_categories.csv", "fig5_categories_by_year.csv",
        "fig6_accepted_answers.csv", "fig7_answer_hours.csv", "report.html"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_FALSE(fs::exists(out / "alpha_sweep.csv"));
  EXPECT_FALSE(fs::exists(out / "confusion.csv"));
  EXPECT_NE(slurp(out / "fig7_answer_hours.csv").find("crash,1,1,0,0,6.0,6.0,6.0,6.0,6.0,6.0"),
            std::string::npos);
  EXPECT_NE(slurp(out / "report.html").find("id=\"chart-fig5\""), std::string::npos);
}

TEST_F(report_cli, tag_match_substring_and_framework_list) {
  const fs::path out = dir_ / "rep";
  const result r = run("report --posts " + posts_ + " --predictions " + preds_ + " -o " +
                       out.string() + " --frameworks tensorflow,pytorch --tag-match substring");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(out / "table1_frameworks.csv"),
            "framework,questions,total_views,questions_without_views\n"
            "tensorflow,1,4,0\npytorch,1,10,0\nall,2,14,0\nother,0,0,0\n");
}

TEST_F(report_cli, warns_when_predictions_do_not_cover_the_posts) {
  const std::string few = write("few.csv", "id,category,no_evidence\n1,crash,false\n");
  const result r = run("report --posts " + posts_ + " --predictions " + few + " -o " +
                       (dir_ / "rep").string() + " --frameworks tensorflow-gpu,pytorch");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: 1 framework questions have no prediction"), std::string::npos)
      << r.err;
}

TEST_F(report_cli, bad_files_name_file_and_line_and_write_nothing) {
  const std::string bad = write("bad.csv", "id,category,no_evidence\n1,crash,perhaps\n");
  const fs::path out = dir_ / "rep";
  const result r =
      run("report --posts " + posts_ + " --predictions " + bad + " -o " + out.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(bad + ":2: no_evidence must be true or false"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  const result m = run("report --posts " + posts_ + " --predictions " + preds_ + " --answers " +
                       (dir_ / "none.jsonl").string() + " -o " + out.string());
  EXPECT_EQ(m.code, 1);
  EXPECT_NE(m.err.find("cannot open '" + (dir_ / "none.jsonl").string() + "': No such file"),
            std::string::npos)
      << m.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(report_cli, usage_errors) {
  const std::string base =
      "report --posts " + posts_ + " --predictions " + preds_ + " -o " + (dir_ / "rep").string();
  const result r = run(base + " --frameworks pytorch,,tensorflow");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("empty framework name"), std::string::npos) << r.err;
  const result o = run(base + " --frameworks other");
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(run("report --posts " + posts_ + " -o x").code, 0);  // --predictions is required
  EXPECT_NE(run(base + " --tag-match fuzzy").code, 0);
}

}  // namespace
