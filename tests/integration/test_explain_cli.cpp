// `qclass explain` as a user runs it: the text on standard output, the JSON
// file (its numbers rebuild each score and equal `qclass score`'s), --json -,
// and the errors: an unknown id, a damaged model, bad usage.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_test_support.hpp"
#include "simdjson.h"

namespace {

namespace fs = std::filesystem;
using qc::test::result;
using qc::test::slurp;

const std::string kPost = "31556268";  // the first bundled labeled post

class explain_cli : public qc::test::cli_fixture {
 protected:
  void SetUp() override {
    cli_fixture::SetUp();
    posts_ = std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl";
    model_ = (dir_ / "model.json").string();
    const result r = run("train --input " + posts_ + " --keywords " + QC_SOURCE_DIR +
                         "/data/keywords/dl_bug_classification.tsv -o " + model_);
    ASSERT_EQ(r.code, 0) << r.err;
  }
  result explain(const std::string& args) {
    return run("explain --model " + model_ + " --input " + posts_ + " " + args);
  }
  static std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
      ++n;
    return n;
  }

  std::string posts_, model_;
};

TEST_F(explain_cli, text_names_the_prediction_and_every_category) {
  const result r = explain("--id " + kPost + " --top 3");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("post " + kPost + " (" + posts_ + ":1), labeled training\n", 0), 0u)
      << r.out;
  EXPECT_NE(r.out.find("  title: How to use keras for XOR\n"), std::string::npos);
  EXPECT_NE(r.out.find("  predicted: "), std::string::npos);
  EXPECT_NE(r.out.find(", runner-up "), std::string::npos);
  for (const char* c : {"Others", "api", "gpu", "model", "tensor", "training"})
    EXPECT_EQ(count(r.out, std::string("\n  ") + c + ": score "), 1u) << c << "\n" << r.out;
  EXPECT_EQ(count(r.out, "    s0 = D / N = "), 6u);
  EXPECT_NE(r.out.find("    manual keywords hit: "), std::string::npos);
  EXPECT_NE(r.out.find(" more words: d = "), std::string::npos);
  EXPECT_NE(r.err.find("explained: 1 posts"), std::string::npos) << r.err;
}

// The post's row of `qclass score` on the same posts (JSON Lines).
simdjson::dom::element score_row(simdjson::dom::parser& p, const std::string& preds,
                                 const std::string& id) {
  const std::size_t at = preds.find("{\"id\": " + id + ",");
  EXPECT_NE(at, std::string::npos);
  return p.parse(preds.substr(at, preds.find('\n', at) - at));
}

// d from the listed words and the rest, s1 from the manual hits, in integers.
void expect_parts_rebuild(simdjson::dom::element c) {
  std::int64_t d = std::int64_t(c["other_words"]["d"]), s1 = 0;
  for (simdjson::dom::element w : c["words"].get_array()) {
    ASSERT_EQ(std::int64_t(w["d"]), std::int64_t(w["in_post"]) * std::int64_t(w["count"]));
    d += std::int64_t(w["d"]);
  }
  for (simdjson::dom::element h : c["manual_hits"].get_array()) s1 += std::int64_t(h["in_post"]);
  EXPECT_EQ(d, std::int64_t(c["d"]));
  EXPECT_EQ(s1, std::int64_t(c["s1"]));
  EXPECT_TRUE(bool(c["exact"]));
  EXPECT_LE(c["words"].get_array().size(), 3u);
}

TEST_F(explain_cli, json_file_rebuilds_the_scores_score_writes) {
  const fs::path json = dir_ / "explain.json";
  const result r = explain("--id " + kPost + " --top 3 --json " + json.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("post " + kPost), std::string::npos);
  const result s =
      run("score --model " + model_ + " --input " + posts_ + " -o " + (dir_ / "p.jsonl").string());
  ASSERT_EQ(s.code, 0) << s.err;
  simdjson::dom::parser parser, row_parser;
  const simdjson::dom::element doc = parser.load(json.string());
  EXPECT_EQ(std::string_view(doc["format"]), "qclass-explain");
  ASSERT_EQ(doc["posts"].get_array().size(), 1u);
  const simdjson::dom::element post = doc["posts"].at(0);
  const simdjson::dom::element want = score_row(row_parser, slurp(dir_ / "p.jsonl"), kPost);
  for (const char* k : {"category", "runner_up"})
    EXPECT_EQ(std::string_view(post[k]), std::string_view(want[k])) << k;
  for (const char* k : {"score", "margin"}) EXPECT_EQ(double(post[k]), double(want[k])) << k;
  EXPECT_EQ(bool(post["no_evidence"]), bool(want["no_evidence"]));
  ASSERT_EQ(post["explanation"].get_array().size(), 6u);
  double best = 0;
  for (simdjson::dom::element c : post["explanation"].get_array()) {
    expect_parts_rebuild(c);
    EXPECT_EQ(double(c["score"]), double(c["s0"]) + double(c["alpha_part"]));
    best = std::max(best, double(c["score"]));
  }
  EXPECT_EQ(best, double(want["score"]));
}

TEST_F(explain_cli, json_to_stdout_replaces_the_text_and_covers_every_post) {
  const result r = explain("--ties all --json -");
  ASSERT_EQ(r.code, 0) << r.err;
  simdjson::dom::parser parser;
  const simdjson::dom::element doc = parser.parse(r.out);
  EXPECT_EQ(std::string_view(doc["ties"]), "all");
  ASSERT_EQ(doc["posts"].get_array().size(), 600u);
  for (simdjson::dom::element p : doc["posts"].get_array())
    ASSERT_GE(p["categories"].get_array().size(), 1u);
  EXPECT_NE(r.err.find("explained: 600 posts"), std::string::npos) << r.err;
}

TEST_F(explain_cli, an_unknown_id_fails_naming_it_and_writes_nothing) {
  const fs::path json = dir_ / "explain.json";
  const result r = explain("--id " + kPost + " --id 999 --json " + json.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("--id 999: no such post in " + posts_), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(fs::exists(json));
}

TEST_F(explain_cli, a_damaged_model_is_refused) {
  std::string text = slurp(model_);
  const std::size_t at = text.find("\"norm_value\": ") + 14;
  text[at] = text[at] == '9' ? '1' : static_cast<char>(text[at] + 1);
  const fs::path bad = write("bad.json", text);
  const result r = run("explain --model " + bad.string() + " --input " + posts_);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(bad.string() + ": not a valid qclass model: checksum mismatch"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(explain_cli, bad_usage_exits_2) {
  EXPECT_EQ(run("explain --input " + posts_).code, 2);  // no --model
  EXPECT_EQ(explain("--ties some").code, 2);
  EXPECT_EQ(explain("--top -1").code, 2);
}

}  // namespace
