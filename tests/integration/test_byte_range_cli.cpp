// End-to-end: `qclass score --byte-range` over the ranges of a tiling
// (from `qclass info --splits`, and random ones) writes, concatenated, the
// whole file's predictions byte for byte (each CSV part starts with the
// header line; the parts after the first are taken without it), for JSON
// Lines and Posts.xml; and the usage errors of --byte-range exit 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {

using qc::test::result;
using qc::test::slurp;

std::string data_file(const std::string& name) {
  return std::string(QC_SOURCE_DIR) + "/data/" + name;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

class byte_range_cli : public qc::test::cli_fixture {
 protected:
  void SetUp() override {
    cli_fixture::SetUp();
    model_ = (dir_ / "model.json").string();
    ASSERT_EQ(
        run("train --split 1 --input " + data_file("dl_bug_classification.jsonl") + " -o " + model_)
            .code,
        0);
  }

  // `qclass score` of one range ("" for the whole file) into `out`.
  std::string score(const std::string& input, const std::string& range, const std::string& out) {
    const std::string path = (dir_ / out).string();
    const std::string flag = range.empty() ? "" : " --byte-range " + range;
    const result r = run("score --model " + model_ + " --input " + input + flag + " -o " + path);
    EXPECT_EQ(r.code, 0) << r.err;
    return slurp(path);
  }

  // The parts of a tiling concatenated; a CSV part after the first loses its header.
  std::string score_tiling(const std::string& input, const std::vector<std::string>& ranges,
                           const std::string& ext) {
    std::string all;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      std::string part = score(input, ranges[i], "part" + std::to_string(i) + ext);
      if (ext == ".csv" && i > 0) part.erase(0, part.find('\n') + 1);
      all += part;
    }
    return all;
  }

  std::string model_;
};

TEST_F(byte_range_cli, InfoSplitsTilingScoresLikeTheWholeFile) {
  const std::string posts = data_file("pytorch_sample.jsonl");
  const result splits = run("info --splits 4 " + posts);
  ASSERT_EQ(splits.code, 0) << splits.err;
  const std::vector<std::string> ranges = lines_of(splits.out);
  ASSERT_EQ(ranges.size(), 4u);
  EXPECT_EQ(ranges.front().rfind("0:", 0), 0u);
  EXPECT_EQ(ranges.back().back(), ':');  // the last runs to the end of the file
  const std::string whole = score(posts, "", "whole.csv");
  ASSERT_GT(lines_of(whole).size(), 100u);
  EXPECT_EQ(score_tiling(posts, ranges, ".csv"), whole);
}

TEST_F(byte_range_cli, RandomTilingsOfJsonLinesAndPostsXmlScoreLikeTheWholeFile) {
  std::mt19937_64 rng(16);
  for (const std::string& posts :
       {data_file("pytorch_sample.jsonl"), std::string(QC_TEST_DATA_DIR) + "/posts_xml_beer.xml"}) {
    const std::string whole = score(posts, "", "whole.jsonl");
    const std::uint64_t size = slurp(posts).size();
    std::uniform_int_distribution<std::uint64_t> pos(0, size);
    std::vector<std::uint64_t> cuts{pos(rng), pos(rng), pos(rng)};
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::string> ranges;
    std::uint64_t begin = 0;
    for (std::uint64_t c : cuts) {
      ranges.push_back(std::to_string(begin) + ":" + std::to_string(c));
      begin = c;
    }
    ranges.push_back(std::to_string(begin) + ":" + std::to_string(size + 1000));
    EXPECT_EQ(score_tiling(posts, ranges, ".jsonl"), whole) << posts;
  }
}

TEST_F(byte_range_cli, UsageErrorsExitTwo) {
  const std::string posts = data_file("pytorch_sample.jsonl");
  const std::string base = "score --model " + model_ + " -o " + (dir_ / "p.csv").string();
  result r = run(base + " --input " + posts + " --byte-range 9:3");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("START is past END"), std::string::npos) << r.err;
  EXPECT_EQ(run(base + " --input " + posts + " --byte-range 3").code, 2);
  r = run(base + " --input " + posts + " --input " + posts + " --byte-range 0:9");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("exactly one input"), std::string::npos) << r.err;
  const std::string gz = write_file("p.jsonl.gz", std::string("\x1f\x8b\x08\x00junk", 8)).string();
  r = run(base + " --input " + gz + " --byte-range 0:9");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("compressed"), std::string::npos) << r.err;
  EXPECT_EQ(run("info --splits 3 " + gz).code, 2);
  EXPECT_EQ(run("info --splits 0 " + posts).code, 2);
}

}  // namespace
