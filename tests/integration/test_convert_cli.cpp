// End-to-end: `qclass convert` on the real data-dump excerpt in tests/data
// (compared field by field with an independent converter's output), the
// verbs that read posts on Posts.xml (plain and .7z) against the converted
// JSON Lines, CLI errors, and memory that does not grow with the input.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using qc::test::peak_rss_kib;
using qc::test::result;
using qc::test::slurp;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string fixture(const std::string& name) { return std::string(QC_TEST_DATA_DIR) + "/" + name; }

class convert_cli : public qc::test::cli_fixture {
 protected:
  // A 7z archive holding `data` as Posts.xml.
  fs::path write_7z(const std::string& name, const std::string& data) {
    const fs::path p = dir_ / name;
    archive* a = archive_write_new();
    EXPECT_EQ(archive_write_set_format_7zip(a), ARCHIVE_OK);
    EXPECT_EQ(archive_write_open_filename(a, p.string().c_str()), ARCHIVE_OK);
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "Posts.xml");
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    EXPECT_EQ(archive_write_data(a, data.data(), data.size()),
              static_cast<la_ssize_t>(data.size()));
    archive_entry_free(e);
    EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return p;
  }
};

std::string labeled() { return std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl"; }

// A field as comparable text: strings unquoted, arrays joined with '|', null as "null".
std::string field(simdjson::dom::element rec, const char* key) {
  simdjson::dom::element v;
  if (rec[key].get(v)) return "<absent>";
  if (v.is_null()) return "null";
  if (v.is_string()) return std::string(std::string_view(v));
  if (v.is_int64()) return std::to_string(int64_t(v));
  if (v.is_array()) {
    std::string out;
    for (simdjson::dom::element x : simdjson::dom::array(v)) {
      out += std::string(std::string_view(x)) + "|";
    }
    return out;
  }
  return simdjson::to_string(v);
}

TEST_F(convert_cli, beer_excerpt_matches_independent_converter) {
  const fs::path q = dir_ / "q.jsonl", a = dir_ / "a.jsonl";
  const result r = run("convert " + fixture("posts_xml_beer.xml") + " -o " + q.string() +
                       " --answers " + a.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("questions: 16 written of 16, with an accepted answer: 12 (its date found "
                       "for 12)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("answers: 33, written: 33; rows of other post types: 4"), std::string::npos)
      << r.out;
  const auto got = lines_of(slurp(q));
  const auto want = lines_of(slurp(fixture("posts_xml_beer.jsonl")));
  ASSERT_EQ(got.size(), want.size());
  simdjson::dom::parser pg, pw;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const simdjson::dom::element g = pg.parse(got[i]);
    const simdjson::dom::element w = pw.parse(want[i]);
    for (const char* key :
         {"id", "title", "body", "body_format", "tags", "creation_date", "accepted_answer_id",
          "answer_count", "view_count", "score", "accepted_answer_creation_date"}) {
      EXPECT_EQ(field(g, key), field(w, key)) << "record " << i << " field " << key;
    }
  }
  EXPECT_EQ(slurp(q), slurp(fixture("posts_xml_beer.jsonl")));
  EXPECT_EQ(slurp(a), slurp(fixture("posts_xml_beer_answers.jsonl")));
}

TEST_F(convert_cli, verbs_read_posts_xml_like_its_conversion) {
  const std::string xml = fixture("posts_xml_beer.xml");
  const fs::path q = dir_ / "q.jsonl";
  ASSERT_EQ(run("convert " + xml + " -o " + q.string()).code, 0);
  const fs::path z = write_7z("Posts.7z", slurp(xml));

  const result tx = run("tokens --input " + xml);
  const result tq = run("tokens --input " + q.string());
  const result tz = run("tokens --input " + z.string());
  ASSERT_EQ(tx.code, 0) << tx.err;
  ASSERT_EQ(tq.code, 0) << tq.err;
  ASSERT_EQ(tz.code, 0) << tz.err;
  EXPECT_EQ(lines_of(tx.out).size(), 16U);
  EXPECT_EQ(tx.out, tq.out);
  EXPECT_EQ(tx.out, tz.out);
  EXPECT_NE(tx.err.find("posts read: 16 (questions; other Posts.xml rows passed over: 37)"),
            std::string::npos)
      << tx.err;

  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const result sx = run("score --model " + model + " --input " + xml + " -o -");
  const result sq = run("score --model " + model + " --input " + q.string() + " -o -");
  const result sz = run("score --model " + model + " --input " + z.string() + " -o -");
  ASSERT_EQ(sx.code, 0) << sx.err;
  ASSERT_EQ(sq.code, 0) << sq.err;
  ASSERT_EQ(sz.code, 0) << sz.err;
  EXPECT_EQ(lines_of(sx.out).size(), 16U);
  EXPECT_EQ(sx.out, sq.out);
  EXPECT_EQ(sx.out, sz.out);
  const result vx = run("vocab --min-df 1 --input " + xml);
  const result vq = run("vocab --min-df 1 --input " + q.string());
  ASSERT_EQ(vx.code, 0) << vx.err;
  ASSERT_EQ(vq.code, 0) << vq.err;
  EXPECT_EQ(vx.out, vq.out) << "xml: " << vx.err << "\njsonl: " << vq.err;
}

// --max-record-size on the command line: units, the smallest value, and a
// long row or line as one error or one counted skip in convert and tokens.
TEST_F(convert_cli, max_record_size_names_or_skips_long_records) {
  const std::string body(3000, 'x');
  const std::string xml =
      "<posts>\n" +
      std::string(
          "  <row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2014-01-21T20:26:05.383\" Title=\"a\" "
          "Body=\"b\" Tags=\"&lt;x&gt;\" />\n") +
      "  <row Id=\"2\" PostTypeId=\"1\" Body=\"" + body + "\" />\n</posts>\n";
  const fs::path in = dir_ / "long.xml", q = dir_ / "q.jsonl";
  { std::ofstream(in) << xml; }
  const result fail =
      run("convert " + in.string() + " -o " + q.string() + " --max-record-size 2KiB");
  EXPECT_EQ(fail.code, 1);
  EXPECT_NE(fail.err.find("long.xml:3: a <row>: record longer than the maximum record size (2 KiB"),
            std::string::npos)
      << fail.err;
  const result skip = run("convert " + in.string() + " -o " + q.string() +
                          " --max-record-size 2048 --on-error skip");
  ASSERT_EQ(skip.code, 0) << skip.err;
  EXPECT_EQ(lines_of(slurp(q)).size(), 1U);
  EXPECT_NE((skip.out + skip.err).find("skipped (bad rows): 1\n"), std::string::npos)
      << skip.out << skip.err;
  EXPECT_EQ(run("convert " + in.string() + " -o " + q.string() + " --max-record-size 4K").code, 0);
  EXPECT_EQ(run("convert " + in.string() + " -o " + q.string() + " --max-record-size 10").code, 2);

  const fs::path jl = dir_ / "long.jsonl";
  {
    std::ofstream(jl) << "{\"id\": 1, \"title\": \"gpu\"}\n{\"id\": 2, \"body\": \"" << body
                      << "\"}\n";
  }
  const result t = run("tokens --on-error skip --max-record-size 1KiB --input " + jl.string());
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_EQ(lines_of(t.out).size(), 1U);
  EXPECT_NE(t.err.find("long.jsonl:2: record longer than the maximum record size (1 KiB"),
            std::string::npos)
      << t.err;
}

TEST_F(convert_cli, score_reports_bad_rows_of_posts_xml) {
  const std::string model = (dir_ / "m.json").string();
  ASSERT_EQ(run("train --split 1 --input " + labeled() + " -o " + model).code, 0);
  const fs::path bad =
      write("bad.xml",
            "<?xml version=\"1.0\"?>\n<posts>\n"
            "  <row Id=\"1\" PostTypeId=\"1\" Title=\"gpu memory\" />\n"
            "  <row Id=\"2\" PostTypeId=\"2\" ParentId=\"1\" />\n"
            "  <row Id=\"3\" PostTypeId=\"1\" Title=\"tensor &shape;\" />\n"
            "  <row Id=\"4\" PostTypeId=\"1\" Title=\"cuda out of memory\" />\n</posts>\n");
  const result f = run("score --model " + model + " --input " + bad.string() + " -o -");
  EXPECT_EQ(f.code, 1);
  EXPECT_NE(f.err.find(bad.string() + ":5: attribute 'Title': unknown entity '&shape;'"),
            std::string::npos)
      << f.err;
  const result s =
      run("score --on-error skip --model " + model + " --input " + bad.string() + " -o -");
  ASSERT_EQ(s.code, 0) << s.err;
  const auto rows = lines_of(s.out);
  ASSERT_EQ(rows.size(), 3U) << s.out;
  EXPECT_EQ(rows[0].rfind("{\"id\": 1,", 0), 0U);
  EXPECT_NE(rows[1].find("\"skipped\": \"" + bad.string() + ":5:"), std::string::npos);
  EXPECT_EQ(rows[2].rfind("{\"id\": 4,", 0), 0U);
}

TEST_F(convert_cli, tag_filters_answers_and_errors) {
  const std::string xml = fixture("posts_xml_beer.xml");
  const fs::path q = dir_ / "q.jsonl", a = dir_ / "a.jsonl";
  // Tags of the excerpt's questions include "hops" and "brewing".
  result r = run("convert " + xml + " -o " + q.string() + " --answers " + a.string() +
                 " --tags HOPS,brewing");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto exact = lines_of(slurp(q));
  ASSERT_FALSE(exact.empty());
  for (const std::string& l : exact) {
    EXPECT_TRUE(l.find("\"hops\"") != std::string::npos ||
                l.find("\"brewing\"") != std::string::npos)
        << l;
  }
  for (const std::string& l : lines_of(slurp(a))) {
    const std::string qid = l.substr(l.find("\"question_id\": ") + 15);
    bool found = false;
    for (const std::string& ql : exact) {
      found = found || ql.rfind("{\"id\": " + qid.substr(0, qid.find(',')) + ",", 0) == 0;
    }
    EXPECT_TRUE(found) << l;
  }
  r = run("convert " + xml + " -o " + q.string() + " --tags hop --tag-match substring");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_GE(lines_of(slurp(q)).size(), 1U);
  r = run("convert " + xml + " -o " + q.string() + " --tags hop");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(slurp(q), "");

  const fs::path bad = write("bad.xml",
                             "<posts>\n<row Id=\"1\" PostTypeId=\"1\" Title=\"a\" />\n"
                             "<row Id=\"2\" PostTypeId=\"1\" Title=\"b />\n"
                             "<row Id=\"3\" PostTypeId=\"1\" Title=\"c\" />\n"
                             "</posts>\n");
  r = run("convert " + bad.string() + " -o " + q.string());
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(bad.string() + ":3: '<' in the value of attribute 'Title'"),
            std::string::npos)
      << r.err;
  r = run("convert " + bad.string() + " -o " + q.string() + " --on-error skip");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("skipped (bad rows): 1\n  skipped: " + bad.string() + ":3: "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(lines_of(slurp(q)).size(), 2U);

  EXPECT_EQ(run("convert - -o " + q.string()).code, 2);
  EXPECT_EQ(run("convert " + labeled() + " -o " + q.string()).code, 2);
  EXPECT_EQ(run("convert " + (dir_ / "missing.xml").string() + " -o " + q.string()).code, 1);
  EXPECT_NE(run("convert " + xml).code, 0);  // -o is required
  EXPECT_NE(run("convert " + xml + " -o " + q.string() + " --tag-match fuzzy").code, 0);
}

// Posts.xml with n questions, each with an accepted answer.
std::string synthetic_dump(int n) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n";
  const std::string body(400, 'x');
  for (int i = 1; i <= n; ++i) {
    const std::string id = std::to_string(2 * i), aid = std::to_string(2 * i + 1);
    s += "  <row Id=\"" + id + "\" PostTypeId=\"1\" AcceptedAnswerId=\"" + aid +
         "\" CreationDate=\"2015-01-01T00:00:00.000\" Title=\"q\" Body=\"&lt;p&gt;" + body +
         "&lt;/p&gt;\" Tags=\"&lt;a&gt;\" />\n";
    s += "  <row Id=\"" + aid + "\" PostTypeId=\"2\" ParentId=\"" + id +
         "\" CreationDate=\"2015-01-02T00:00:00.000\" Body=\"" + body + "\" />\n";
  }
  return s + "</posts>\n";
}

// convert holds the join's tables (about 23 bytes per accepted answer
// wanted) and fixed-size buffers: 10x the input needs about the same memory.
TEST_F(convert_cli, convert_memory_does_not_grow_with_input) {
  if (qc::test::built_with_address_sanitizer())
    GTEST_SKIP() << "peak memory is not comparable under AddressSanitizer";
  const fs::path x1 = write("x1.xml", synthetic_dump(5000));
  const fs::path x10 = write("x10.xml", synthetic_dump(50000));
  const long m1 = peak_rss_kib({"convert", x1.string(), "-o", (dir_ / "q1.jsonl").string(),
                                "--answers", (dir_ / "a1.jsonl").string()});
  const long m10 = peak_rss_kib({"convert", x10.string(), "-o", (dir_ / "q10.jsonl").string(),
                                 "--answers", (dir_ / "a10.jsonl").string()});
  ASSERT_GT(m1, 0);
  ASSERT_GT(m10, 0);
  EXPECT_EQ(lines_of(slurp(dir_ / "q10.jsonl")).size(), 50000U);
  EXPECT_EQ(lines_of(slurp(dir_ / "a10.jsonl")).size(), 50000U);
  EXPECT_LT(m10, m1 + 8 * 1024) << "peak RSS 1x: " << m1 << " KiB, 10x: " << m10 << " KiB";
  std::cout << "convert peak RSS: 1x input (" << fs::file_size(x1) / 1000 << " kB) " << m1
            << " KiB, 10x input " << m10 << " KiB\n";
}

}  // namespace
