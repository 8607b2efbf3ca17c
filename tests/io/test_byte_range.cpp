// Byte-range input splits (io/byte_range.hpp): every tiling of a file reads
// every record exactly once, in order, with the same content and line
// numbers as the whole-file read; bad records keep their true file:line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "io/byte_range.hpp"
#include "qc/core/error.hpp"
#include "reader_test.hpp"

namespace {

using qc::byte_range;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What a reader delivered and skipped, in input order.
struct reading {
  std::vector<qc::post> posts;
  std::vector<std::string> skips;  // "file:line: reason"
  std::size_t other_rows = 0;
};

// `threads` parsing threads: from 4, Posts.xml's plain rows are parsed on them.
reading read_range(const std::string& path, byte_range r, qc::on_error errors,
                   unsigned threads = 1) {
  qc::reader_options o;
  o.errors = errors;
  o.range = r;
  o.parse_threads = threads;
  reading out;
  o.on_skip = [&out](std::size_t, const std::string& m) { out.skips.push_back(m); };
  qc::read_stats stats;
  out.posts = qc::read_all_posts(path, o, &stats);
  out.other_rows = stats.other_rows;
  return out;
}

// The ranges [0,c1), [c1,c2), ..., [ck, END) read one after the other.
reading read_tiling(const std::string& path, const std::vector<std::uint64_t>& cuts,
                    qc::on_error errors, std::uint64_t last_end = UINT64_MAX,
                    unsigned threads = 1) {
  reading all;
  std::uint64_t begin = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::uint64_t end = i < cuts.size() ? cuts[i] : last_end;
    reading part = read_range(path, byte_range{begin, end}, errors, threads);
    for (qc::post& p : part.posts) all.posts.push_back(std::move(p));
    for (std::string& s : part.skips) all.skips.push_back(std::move(s));
    all.other_rows += part.other_rows;
    begin = end;
  }
  return all;
}

void expect_same_post(const qc::post& a, const qc::post& b) {
  qc_test::reader_test::expect_same_fields(a, b);
  EXPECT_EQ(a.accepted_answer_time, b.accepted_answer_time);
  EXPECT_EQ(a.line, b.line);
}

void expect_same_reading(const reading& whole, const reading& parts, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(whole.posts.size(), parts.posts.size());
  for (std::size_t i = 0; i < whole.posts.size(); ++i) {
    SCOPED_TRACE("post " + std::to_string(i));
    expect_same_post(whole.posts[i], parts.posts[i]);
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_EQ(whole.skips, parts.skips);
  EXPECT_EQ(whole.other_rows, parts.other_rows);
}

std::string describe(const std::vector<std::uint64_t>& cuts) {
  std::string s = "cuts:";
  for (std::uint64_t c : cuts) s += " " + std::to_string(c);
  return s;
}

// Random cuts in [0, size + 8]: uniform ones, and ones exactly at a line
// start, at a '\n', at a '<'; sorted, repeats kept (empty ranges).
std::vector<std::uint64_t> random_cuts(const std::string& content, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::uint64_t> pos(0, content.size() + 8);
  std::uniform_int_distribution<int> count(1, 12);
  std::vector<std::uint64_t> cuts;
  const int n = count(rng);
  for (int i = 0; i < n; ++i) {
    std::uint64_t c = pos(rng);
    if (i % 3 == 1 && c < content.size()) {  // snap to a record boundary
      const char want = i % 2 ? '\n' : '<';
      const std::size_t at = content.find(want, c);
      if (at != std::string::npos) c = at + (i % 4 == 1 ? 1 : 0);
    }
    cuts.push_back(c);
  }
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

// The tilings are read with `threads` parsing threads, the whole file with one.
void check_random_tilings(const std::string& path, qc::on_error errors, int tilings,
                          std::uint64_t seed, unsigned threads = 1) {
  const std::string content = slurp(path);
  ASSERT_FALSE(content.empty()) << path;
  const reading whole = read_range(path, byte_range{}, errors);
  ASSERT_FALSE(whole.posts.empty()) << path;
  std::mt19937_64 rng(seed);
  for (int t = 0; t < tilings; ++t) {
    const std::vector<std::uint64_t> cuts = random_cuts(content, rng);
    const std::uint64_t last_end = t % 2 ? content.size() : UINT64_MAX;
    expect_same_reading(whole, read_tiling(path, cuts, errors, last_end, threads),
                        path + " " + describe(cuts));
    if (::testing::Test::HasFailure()) return;
  }
}

// Every split into two ranges [0,c), [c,...) for c in 0..size+1, read with
// `threads` parsing threads; the whole file with one.
void check_every_cut(const std::string& path, qc::on_error errors, unsigned threads = 1) {
  const std::size_t size = slurp(path).size();
  const reading whole = read_range(path, byte_range{}, errors);
  for (std::uint64_t c = 0; c <= size + 1; ++c) {
    expect_same_reading(whole, read_tiling(path, {c}, errors, UINT64_MAX, threads),
                        "cut at " + std::to_string(c));
    if (::testing::Test::HasFailure()) return;
  }
}

class byte_range_test : public qc_test::reader_test {
 protected:
  std::string write(const std::string& name, const std::string& content) {
    return write_file(name, content).string();
  }
};

std::string data_file(const std::string& name) {
  return std::string(QC_SOURCE_DIR) + "/data/" + name;
}
std::string test_data(const std::string& name) {
  return std::string(QC_TEST_DATA_DIR) + "/" + name;
}

TEST_F(byte_range_test, RandomTilingsOfTheBundledJsonLinesReadEveryRecordOnce) {
  check_random_tilings(data_file("pytorch_sample.jsonl"), qc::on_error::fail, 6, 1);
  check_random_tilings(data_file("dl_bug_classification.jsonl"), qc::on_error::fail, 6, 2);
}

TEST_F(byte_range_test, RandomTilingsOfTheReaderFixturesKeepSkipsAndLines) {
  for (const char* name : {"reader_dl_bug.jsonl", "reader_pytorch_so_api.jsonl",
                           "reader_se_dump_beer.jsonl", "normalizer_edge_cases.jsonl"}) {
    check_random_tilings(test_data(name), qc::on_error::skip, 20, 3);
  }
}

TEST_F(byte_range_test, RandomTilingsOfTheBundledPostsXmlReadEveryRowOnce) {
  const std::string xml = test_data("posts_xml_beer.xml");
  check_random_tilings(xml, qc::on_error::fail, 40, 4);
  check_random_tilings(xml, qc::on_error::fail, 20, 5, 4);  // plain rows on the parsing threads
  const reading whole = read_range(xml, byte_range{}, qc::on_error::fail);
  EXPECT_GT(whole.other_rows, 0u);  // answers passed over, counted once over a tiling
}

TEST_F(byte_range_test, EveryCutOfAJsonLinesFileWithCrlfBlankLinesAndBom) {
  const std::string rec = R"({"id":1,"title":"a","body":"<p>x</p>","tags":["t"]})";
  std::string content = "\xEF\xBB\xBF" + rec + "\r\n\r\n";
  content += R"({"id":"two","title":"b\nc","body":"","labels":"L"})"
             "\r\n";
  content += "   \n" + std::string(R"(  {"question_id":3,"title":"c"})") + "\n";
  content += R"({"Id":4,"Title":"d","Tags":"<x><y>"})";  // no final newline
  const std::string path = write("crlf.jsonl", content);
  const reading whole = read_range(path, byte_range{}, qc::on_error::fail);
  ASSERT_EQ(whole.posts.size(), 4u);
  EXPECT_EQ(whole.posts[3].line, 6u);
  check_every_cut(path, qc::on_error::fail);
}

TEST_F(byte_range_test, EveryCutOfAJsonLinesFileWithBadRecordsUnderSkip) {
  std::string content = "{\"id\":1}\nnot json\n{\"id\":2}\n\n{\"title\":\"no id\"}\n{\"id\":3}\n";
  const std::string path = write("bad.jsonl", content);
  const reading whole = read_range(path, byte_range{}, qc::on_error::skip);
  ASSERT_EQ(whole.posts.size(), 3u);
  ASSERT_EQ(whole.skips.size(), 2u);
  EXPECT_EQ(whole.skips[1].rfind(path + ":5: ", 0), 0u) << whole.skips[1];
  check_every_cut(path, qc::on_error::skip);
}

const char* const xml_head =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<posts>\r\n";

std::string xml_row(int id, int type, const std::string& title) {
  return "  <row Id=\"" + std::to_string(id) + "\" PostTypeId=\"" + std::to_string(type) +
         "\" CreationDate=\"2014-01-21T20:26:05.383\" Score=\"3\" Body=\"&lt;p&gt;b&lt;/p&gt;\" " +
         "Title=\"" + title + "\" Tags=\"&lt;beer&gt;&lt;ale&gt;\" />\r\n";
}

TEST_F(byte_range_test, EveryCutOfAPostsXmlWithRowTextInsideValues) {
  std::string content = xml_head;
  content += "  <!-- a comment -->\r\n";
  content += xml_row(1, 1, "is &lt;row Id=&quot;9&quot;/&gt; a row?");
  content += xml_row(2, 2, "");
  content += "  <row Id=\"3\" PostTypeId=\"1\"\r\n       Title=\"&lt;row \" Body=\"\"/>\r\n";
  content += "  <row Id=\"4\" PostTypeId=\"1\" Title=\"x\"></row>\r\n";
  content += xml_row(5, 1, "&lt;rowing&gt;");
  content += "</posts>\r\n";
  const std::string path = write("Posts.xml", content);
  const reading whole = read_range(path, byte_range{}, qc::on_error::fail);
  ASSERT_EQ(whole.posts.size(), 4u);
  EXPECT_EQ(whole.posts[0].title, "is <row Id=\"9\"/> a row?");
  EXPECT_EQ(whole.posts[1].title, "<row ");
  EXPECT_EQ(whole.posts[1].line, 6u);
  EXPECT_EQ(whole.posts[2].line, 8u);
  EXPECT_EQ(whole.other_rows, 1u);
  check_every_cut(path, qc::on_error::fail);
  check_every_cut(path, qc::on_error::fail, 4);
}

TEST_F(byte_range_test, EveryCutOfAPostsXmlWithBadRowsUnderSkip) {
  std::string content = xml_head;
  content += xml_row(1, 1, "a");
  content += "  <row Id=\"2\" PostTypeId=\"1\" Title=\"unclosed />\r\n";
  content += xml_row(3, 1, "b");
  content += "  <row Id=\"x\" PostTypeId=\"1\" />\r\n";
  content += "  stray text\r\n";
  content += xml_row(4, 1, "c");
  content += "</posts>\r\n";
  const std::string path = write("bad.xml", content);
  const reading whole = read_range(path, byte_range{}, qc::on_error::skip);
  ASSERT_EQ(whole.posts.size(), 3u);
  ASSERT_GE(whole.skips.size(), 3u);
  check_every_cut(path, qc::on_error::skip);
  check_every_cut(path, qc::on_error::skip, 4);
}

TEST_F(byte_range_test, ARangeStartingAtARecordTakesIt) {
  const std::string content = "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n";
  const std::string path = write("three.jsonl", content);
  const std::uint64_t second = content.find("{\"id\":2");
  reading r = read_range(path, byte_range{second, second + 1}, qc::on_error::fail);
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id_json, "2");
  EXPECT_EQ(r.posts[0].line, 2u);
  // A range starting at the '\n' before it takes it too; one starting at
  // its second byte does not.
  r = read_range(path, byte_range{second - 1, second}, qc::on_error::fail);
  EXPECT_TRUE(r.posts.empty());
  r = read_range(path, byte_range{second - 1, second + 1}, qc::on_error::fail);
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id_json, "2");
  r = read_range(path, byte_range{second + 1, content.size() + 100}, qc::on_error::fail);
  ASSERT_EQ(r.posts.size(), 1u);
  EXPECT_EQ(r.posts[0].id_json, "3");
  EXPECT_EQ(r.posts[0].line, 3u);
  EXPECT_TRUE(read_range(path, byte_range{4, 4}, qc::on_error::fail).posts.empty());
  EXPECT_TRUE(read_range(path, byte_range{500, 900}, qc::on_error::fail).posts.empty());
}

TEST_F(byte_range_test, ErrorsInALaterRangeNameTheFilesTrueLine) {
  std::string content;
  for (int i = 1; i <= 50; ++i) content += "{\"id\":" + std::to_string(i) + "}\n";
  content += "{\"id\":51,}\n";
  const std::string path = write("late.jsonl", content);
  const std::uint64_t half = content.find("{\"id\":26}") + 1;  // cuts record 26
  EXPECT_EQ(read_range(path, byte_range{0, half}, qc::on_error::fail).posts.size(), 26u);
  try {
    read_range(path, byte_range{half, UINT64_MAX}, qc::on_error::fail);
    FAIL() << "expected a parse error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), 51u);
  }
}

TEST_F(byte_range_test, OnlyTheRangeReachingTheFilesEndChecksTheRootEndTag) {
  std::string content = xml_head;
  for (int i = 1; i <= 4; ++i) content += xml_row(i, 1, "t");
  const std::string path = write("cut.xml", content);  // no </posts>: a truncated file
  const std::uint64_t third = content.find("<row Id=\"3\"");
  EXPECT_EQ(read_range(path, byte_range{0, third}, qc::on_error::fail).posts.size(), 2u);
  const reading mid = read_range(path, byte_range{third - 2, third + 1}, qc::on_error::fail);
  ASSERT_EQ(mid.posts.size(), 1u);
  EXPECT_EQ(mid.posts[0].line, 5u);
  try {
    read_range(path, byte_range{third + 1, UINT64_MAX}, qc::on_error::fail);
    FAIL() << "expected a parse error";
  } catch (const qc::parse_error& e) {
    EXPECT_NE(e.reason().find("never closed"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 7u);
  }
}

TEST_F(byte_range_test, AMiddleRangeChecksItsRowsAndTheRootName) {
  std::string content =
      "<?xml version=\"1.0\"?>\n<dump>\n" + xml_row(1, 1, "a") + xml_row(2, 1, "b") + "</posts>\n";
  const std::string path = write("wrong_end.xml", content);
  const std::uint64_t second = content.find("<row Id=\"2\"");
  try {
    read_range(path, byte_range{second, UINT64_MAX}, qc::on_error::fail);
    FAIL() << "expected a parse error";
  } catch (const qc::parse_error& e) {
    EXPECT_NE(e.reason().find("unexpected end tag </posts>"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 5u);
  }
}

TEST_F(byte_range_test, CompressedInputsAndPipesAreRefused) {
  const std::string gz = write("posts.jsonl.gz", std::string("\x1f\x8b\x08\x00junk", 8));
  try {
    read_range(gz, byte_range{0, 10}, qc::on_error::fail);
    FAIL() << "expected a usage error";
  } catch (const qc::usage_error& e) {
    EXPECT_NE(std::string(e.what()).find("gzip-compressed"), std::string::npos) << e.what();
  }
  EXPECT_THROW(qc::tile_file_byte_ranges(gz, 3), qc::usage_error);
  EXPECT_THROW(read_range("/dev/null", byte_range{0, 10}, qc::on_error::fail), qc::usage_error);
  EXPECT_THROW(read_range((dir_ / "nope.jsonl").string(), byte_range{0, 10}, qc::on_error::fail),
               qc::io_error);
}

TEST_F(byte_range_test, StartPastEndIsAUsageError) {
  const std::string path = write("a.jsonl", "{\"id\":1}\n");
  EXPECT_THROW(read_range(path, byte_range{5, 3}, qc::on_error::fail), qc::usage_error);
  EXPECT_THROW(qc::parse_byte_range("5:3"), qc::usage_error);
  for (const char* bad : {"", "5", ":5", "a:b", "-1:4", "+1:4", "1:2:3", "1 :2"})
    EXPECT_THROW(qc::parse_byte_range(bad), qc::usage_error) << bad;
  const byte_range r = qc::parse_byte_range("7:9");
  EXPECT_EQ(r.begin, 7u);
  EXPECT_EQ(r.end, 9u);
  EXPECT_EQ(qc::parse_byte_range("7:").end, UINT64_MAX);
  EXPECT_EQ(qc::parse_byte_range("0:").whole(), true);
  EXPECT_EQ(qc::format_byte_range(qc::parse_byte_range("7:")), "7:");
  EXPECT_EQ(qc::format_byte_range(r), "7:9");
}

TEST_F(byte_range_test, TilesCoverTheFileInOrder) {
  for (std::uint64_t size : {0ull, 1ull, 7ull, 1000ull, 5841993ull}) {
    for (std::size_t n : {1u, 2u, 3u, 8u, 13u}) {
      const std::vector<byte_range> t = qc::tile_byte_ranges(size, n);
      ASSERT_EQ(t.size(), n);
      EXPECT_EQ(t.front().begin, 0u);
      EXPECT_EQ(t.back().end, UINT64_MAX);
      for (std::size_t i = 0; i + 1 < n; ++i) {
        EXPECT_EQ(t[i].end, t[i + 1].begin);
        EXPECT_LE(t[i].begin, t[i].end);
        EXPECT_LE(t[i].end - t[i].begin, size / n + 1);
      }
      EXPECT_LE(t.back().begin, size);
    }
  }
  EXPECT_THROW(qc::tile_byte_ranges(10, 0), qc::usage_error);
  const std::string path = data_file("pytorch_sample.jsonl");
  std::vector<std::uint64_t> cuts;
  for (const byte_range& r : qc::tile_file_byte_ranges(path, 5)) cuts.push_back(r.begin);
  cuts.erase(cuts.begin());
  expect_same_reading(read_range(path, byte_range{}, qc::on_error::fail),
                      read_tiling(path, cuts, qc::on_error::fail), "five tiles");
}

}  // namespace
