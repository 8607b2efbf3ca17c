// Stack Exchange data-dump Posts.xml: attribute decoding, the row scanner,
// the question reader (sizes, batches, errors and skips with line numbers),
// compressed inputs (made here with libarchive's writer), format detection,
// `convert` (tag filter, accepted-answer join, answers), and the real dump
// excerpt in tests/data (beer.stackexchange.com, CC BY-SA) against the output
// of an independent converter.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/byte_source.hpp"
#include "io/jsonl_reader.hpp"
#include "io/post_source.hpp"
#include "io/posts_xml_convert.hpp"
#include "io/posts_xml_reader.hpp"
#include "io/posts_xml_scanner.hpp"
#include "io/timestamp.hpp"
#include "io/xml_attribute.hpp"
#include "qc/core/error.hpp"
#include "reader_test.hpp"

namespace {

namespace fs = std::filesystem;
using qc::on_error;
using qc::post;
using qc::reader_options;

std::string fixture(const std::string& name) { return std::string(QC_TEST_DATA_DIR) + "/" + name; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A compressed copy of `data`: "gzip", "bzip2", "xz", "zstd" (one raw
// stream) or "7z" (entry `entry`, after an optional decoy entry).
void write_compressed(const std::string& path, const std::string& data, const std::string& kind,
                      const std::string& entry = "Posts.xml", const std::string& decoy = "") {
  archive* a = archive_write_new();
  ASSERT_NE(a, nullptr);
  if (kind == "7z") {
    ASSERT_EQ(archive_write_set_format_7zip(a), ARCHIVE_OK);
  } else {
    ASSERT_EQ(archive_write_set_format_raw(a), ARCHIVE_OK);
    int r = ARCHIVE_FATAL;
    if (kind == "gzip") r = archive_write_add_filter_gzip(a);
    if (kind == "bzip2") r = archive_write_add_filter_bzip2(a);
    if (kind == "xz") r = archive_write_add_filter_xz(a);
    if (kind == "zstd") r = archive_write_add_filter_zstd(a);
    ASSERT_EQ(r, ARCHIVE_OK) << kind << ": " << archive_error_string(a);
  }
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  auto add = [a](const std::string& name, const std::string& bytes) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    std::size_t done = 0;
    while (done < bytes.size()) {
      const la_ssize_t n = archive_write_data(a, bytes.data() + done, bytes.size() - done);
      ASSERT_GT(n, 0) << archive_error_string(a);
      done += static_cast<std::size_t>(n);
    }
    archive_entry_free(e);
  };
  if (!decoy.empty()) add(decoy, "not the posts\n");
  add(entry, data);
  ASSERT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
  archive_write_free(a);
}

// ------------------------------------------------------------- documents

const std::string prolog = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n";

// Rows start on line 3.
std::string doc(const std::string& rows) { return prolog + rows + "</posts>\n"; }

std::string qrow(long id, const std::string& extra = "") {
  const std::string n = std::to_string(id);
  return "  <row Id=\"" + n +
         "\" PostTypeId=\"1\" CreationDate=\"2014-01-21T20:26:05.383\" Score=\"3\" "
         "ViewCount=\"10\" Body=\"&lt;p&gt;body " +
         n + "&lt;/p&gt;&#xA;\" Title=\"title " + n +
         "\" Tags=\"&lt;tensorflow&gt;&lt;gpu&gt;\" AnswerCount=\"1\"" + extra + " />\n";
}

std::string arow(long id, long parent, const std::string& date = "2014-01-22T10:00:00.250",
                 const std::string& extra = "") {
  return "  <row Id=\"" + std::to_string(id) + "\" PostTypeId=\"2\" ParentId=\"" +
         std::to_string(parent) + "\" CreationDate=\"" + date +
         "\" Score=\"1\" Body=\"&lt;p&gt;answer&lt;/p&gt;\"" + extra + " />\n";
}

class PostsXml : public qc_test::reader_test {
 protected:
  std::string write(const std::string& content, const std::string& name = "Posts.xml") {
    return write_file(name, content).string();
  }

  // The parse_error of reading `content`, which must fail.
  qc::parse_error error_of(const std::string& content) {
    const std::string path = write(content, "bad.xml");
    try {
      read(path);
    } catch (const qc::parse_error& e) {
      return e;
    }
    ADD_FAILURE() << "no error for:\n" << content;
    return qc::parse_error("", 0, "");
  }

  struct converted {
    std::string questions;
    std::string answers;
    qc::convert_stats stats;
  };
  converted convert(const std::string& path, qc::convert_options opts = {}, bool answers = true) {
    std::ostringstream q;
    std::ostringstream a;
    converted c;
    c.stats = qc::convert_posts_xml(path, q, answers ? &a : nullptr, opts);
    c.questions = q.str();
    c.answers = a.str();
    return c;
  }
};

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// ---------------------------------------------------------- attribute values

std::string decoded(const std::string& raw) {
  std::string out;
  const std::string reason = qc::decode_xml_attribute(raw, out);
  EXPECT_EQ(reason, "") << raw;
  return out;
}

std::string decode_error(const std::string& raw) {
  std::string out;
  return qc::decode_xml_attribute(raw, out);
}

TEST(XmlAttribute, EntitiesAndCharacterReferences) {
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("plain text"), "plain text");
  EXPECT_EQ(decoded("&lt;p&gt;a &amp;amp; b &quot;c&quot; &apos;d&apos;&lt;/p&gt;"),
            "<p>a &amp; b \"c\" 'd'</p>");
  EXPECT_EQ(decoded("line&#xA;next&#xD;&#xA;&#10;&#9;tab"), "line\nnext\r\n\n\ttab");
  EXPECT_EQ(decoded("&#233;&#xE9;&#x20AC;&#x1F600;&#x0041;"),
            "\xC3\xA9\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"
            "A");
  EXPECT_EQ(decoded("caf\xC3\xA9 \xE2\x82\xAC"), "caf\xC3\xA9 \xE2\x82\xAC");  // UTF-8 as is
  EXPECT_EQ(decoded("&#x8;"), "\x08");  // a C0 control XML forbids: kept
  EXPECT_EQ(decoded("&amp;"), "&");
}

TEST(XmlAttribute, LiteralWhiteSpaceIsNormalized) {
  EXPECT_EQ(decoded("a\tb\nc\r\nd\re"), "a b c d e");
  EXPECT_EQ(decoded("\r\n\r\n"), "  ");
}

TEST(XmlAttribute, Errors) {
  EXPECT_NE(decode_error("&nbsp;").find("unknown entity '&nbsp;'"), std::string::npos);
  EXPECT_NE(decode_error("a & b").find("'&' not followed by"), std::string::npos);
  EXPECT_NE(decode_error("a &amp b").find("'&' not followed by"), std::string::npos);
  EXPECT_NE(decode_error("&#0;").find("not a valid character"), std::string::npos);
  EXPECT_NE(decode_error("&#xD800;").find("not a valid character"), std::string::npos);
  EXPECT_NE(decode_error("&#x110000;").find("not a valid character"), std::string::npos);
  EXPECT_NE(decode_error("&#99999999999999999999;").find("not a valid character"),
            std::string::npos);
  EXPECT_NE(decode_error("&#X41;").find("bad character reference"), std::string::npos);
  EXPECT_NE(decode_error("&#x;").find("empty character reference"), std::string::npos);
  EXPECT_NE(decode_error("&#12a;").find("bad character reference"), std::string::npos);
  EXPECT_EQ(decode_error("ok \xFF bad"), "invalid UTF-8");
  EXPECT_EQ(decode_error("\xC3"), "invalid UTF-8");
  EXPECT_EQ(decode_error("\xED\xA0\x80"), "invalid UTF-8");  // an encoded surrogate
  EXPECT_EQ(decode_error("a < b"), "'<' in an attribute value");
}

// The JSON form (convert's) reports the same errors as the decoder.
TEST(XmlAttribute, JsonFormHasTheSameErrors) {
  const std::vector<std::string> bad = {
      "a & b",       "a &amp b", "&nbsp;",
      "&#0;",        "&#X41;",   "&#x;",
      "ok \xFF bad", "a < b",    "&" + std::string(40, 'x') + ";"};
  for (const std::string& raw : bad) {
    std::string json;
    EXPECT_EQ(qc::append_xml_attribute_as_json(json, raw), decode_error(raw)) << raw;
    EXPECT_NE(decode_error(raw), "") << raw;
  }
  std::string json;
  EXPECT_EQ(qc::append_xml_attribute_as_json(json, "a &amp; b&#10;"), "");
  EXPECT_EQ(json, "\"a & b\\n\"");
}

TEST(XmlAttribute, TimestampsWithMilliseconds) {
  EXPECT_EQ(qc::format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(qc::format_iso8601_ms(1390335965383), "2014-01-21T20:26:05.383Z");
  EXPECT_EQ(qc::format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
}

// ------------------------------------------------------------ small documents

// Empty documents with a root element; without one, see EmptyDocumentIsAnError.
TEST_F(PostsXml, EmptyInputsHaveNoPosts) {
  for (const std::string& content :
       {std::string("<?xml version=\"1.0\"?><posts/>"), std::string("<posts>\n</posts>\n"), doc(""),
        std::string("<!-- c --><posts><!-- rows --></posts><!-- end -->\n")}) {
    qc::read_stats stats;
    EXPECT_TRUE(read(write(content), {}, &stats).empty()) << content;
    EXPECT_EQ(stats.records, 0U);
    EXPECT_EQ(stats.other_rows, 0U);
  }
}

TEST_F(PostsXml, OneQuestionAllFields) {
  const std::string path = write(doc(qrow(42, " AcceptedAnswerId=\"43\"")));
  qc::read_stats stats;
  const auto posts = read(path, {}, &stats);
  ASSERT_EQ(posts.size(), 1U);
  const post& p = posts[0];
  EXPECT_EQ(p.id_json, "42");
  EXPECT_EQ(p.title, "title 42");
  EXPECT_EQ(p.body, "<p>body 42</p>\n");
  EXPECT_TRUE(p.body_is_html);
  EXPECT_EQ(p.tags, (std::vector<std::string>{"tensorflow", "gpu"}));
  EXPECT_TRUE(p.labels.empty());
  EXPECT_EQ(p.creation_time, qc::parse_timestamp("2014-01-21T20:26:05Z"));
  EXPECT_EQ(p.accepted_answer_id, 43);
  EXPECT_FALSE(p.accepted_answer_time.has_value());
  EXPECT_EQ(p.answer_count, 1);
  EXPECT_EQ(p.view_count, 10);
  EXPECT_EQ(p.score, 3);
  EXPECT_EQ(p.line, 3U);
  EXPECT_EQ(stats.records, 1U);
  EXPECT_EQ(stats.bytes, slurp(path).size());
}

TEST_F(PostsXml, AttributeOrderQuotesAndMissingAttributes) {
  const std::string rows =
      "<row PostTypeId=\"1\" Id=\"7\"/>\n"  // the bare minimum
      "<row\tTags = '|a|b-c|'  Title='it&apos;s \"quoted\"' PostTypeId='1'\r\n"
      "     Id='8' Score=\"-2\" OwnerUserId=\"5\" ContentLicense=\"CC BY-SA 4.0\"></row>\n"
      "<row Body=\"\" Id=\"9\" Tags=\"\" PostTypeId=\"1\" ViewCount=\"\" />\n";
  const auto posts = read(write(doc(rows)));
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].id_json, "7");
  EXPECT_EQ(posts[0].title, "");
  EXPECT_EQ(posts[0].body, "");
  EXPECT_TRUE(posts[0].tags.empty());
  EXPECT_FALSE(posts[0].creation_time || posts[0].score || posts[0].view_count ||
               posts[0].answer_count || posts[0].accepted_answer_id);
  EXPECT_EQ(posts[1].id_json, "8");
  EXPECT_EQ(posts[1].title, "it's \"quoted\"");
  EXPECT_EQ(posts[1].tags, (std::vector<std::string>{"a", "b-c"}));
  EXPECT_EQ(posts[1].score, -2);
  EXPECT_EQ(posts[1].line, 4U);
  EXPECT_EQ(posts[2].id_json, "9");
  EXPECT_EQ(posts[2].line, 6U);
  EXPECT_FALSE(posts[2].view_count.has_value());
}

TEST_F(PostsXml, OtherPostTypesArePassedOverAndCounted) {
  const std::string rows = qrow(1) + arow(2, 1) + "  <row Id=\"3\" PostTypeId=\"4\" />\n" +
                           "  <row PostTypeId=\"5\" Body=\"no id, not a question\" />\n" +
                           "  <row Id=\"5\" PostTypeId=\"2\" CreationDate=\"not a date\" />\n" +
                           qrow(6);
  qc::read_stats stats;
  const auto posts = read(write(doc(rows)), {}, &stats);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[1].id_json, "6");
  EXPECT_EQ(posts[1].line, 8U);
  EXPECT_EQ(stats.other_rows, 4U);
  EXPECT_EQ(stats.skipped, 0U);
}

TEST_F(PostsXml, CrlfBomAndNoPrologKeepLineNumbers) {
  std::string crlf = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<posts>\r\n";
  for (int i = 1; i <= 5; ++i) {
    std::string r = qrow(i);
    r.insert(r.size() - 1, "\r");
    crlf += r;
  }
  crlf += "</posts>";  // no final newline, as in the real dump
  const auto posts = read(write(crlf));
  ASSERT_EQ(posts.size(), 5U);
  for (std::size_t i = 0; i < posts.size(); ++i) EXPECT_EQ(posts[i].line, i + 3);
  const auto bare = read(write("<posts>" + qrow(1) + qrow(2) + "</posts>", "bare.xml"));
  ASSERT_EQ(bare.size(), 2U);
  EXPECT_EQ(bare[0].line, 1U);
  EXPECT_EQ(bare[1].line, 2U);
}

TEST_F(PostsXml, SizesAndBatches) {
  for (long n : {1L, 31L, 32L, 33L, 513L, 20000L}) {
    std::string rows;
    for (long i = 1; i <= n; ++i) {
      rows += qrow(i);
      if (i % 3 == 0) rows += arow(100000 + i, i);
    }
    const std::string path = write(doc(rows));
    qc::read_stats stats;
    const auto all = read(path, {}, &stats);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(n));
    EXPECT_EQ(stats.other_rows, static_cast<std::size_t>(n / 3));
    std::size_t line = 3;
    for (long i = 1; i <= n; ++i) {
      ASSERT_EQ(all[static_cast<std::size_t>(i - 1)].id_json, std::to_string(i));
      ASSERT_EQ(all[static_cast<std::size_t>(i - 1)].line, line);
      line += i % 3 == 0 ? 2 : 1;
    }
    for (std::size_t max_posts : {std::size_t{7}, std::size_t{0}, std::size_t{4096}}) {
      qc::posts_xml_reader reader(path);
      std::vector<post> batch;
      std::size_t total = 0;
      while (reader.next_batch(batch, max_posts)) {
        ASSERT_FALSE(batch.empty());
        if (max_posts) {
          ASSERT_LE(batch.size(), max_posts);
        }
        EXPECT_EQ(batch.front().id_json, std::to_string(total + 1));
        total += batch.size();
      }
      EXPECT_EQ(total, static_cast<std::size_t>(n));
      EXPECT_EQ(reader.stats().records, total);
      EXPECT_FALSE(reader.next_batch(batch, max_posts));
    }
  }
}

TEST_F(PostsXml, VeryLongBodiesAcrossBufferBoundaries) {
  // Bodies of 6.3 MB (longer than the scanner's 4 MiB buffer) between short rows.
  std::string big;
  for (int i = 0; i < 300000; ++i) big += "&lt;p&gt;x&amp;y&#xA;";  // 21 raw bytes, 7 decoded
  std::string rows = qrow(1) + "  <row Id=\"2\" PostTypeId=\"1\" Body=\"" + big + "\" />\n" +
                     "  <row Id=\"3\" PostTypeId=\"2\" Body=\"" + big + "\" />\n" + qrow(4);
  const auto posts = read(write(doc(rows)));
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[1].body.size(), 300000U * 7);
  EXPECT_EQ(posts[1].body.substr(0, 16), "<p>x&y\n<p>x&y\n<p");
  EXPECT_EQ(posts[2].id_json, "4");
  EXPECT_EQ(posts[2].line, 6U);
}

// --max-record-size: a longer row is one bad row (named, or skipped and
// counted once), also when it is longer than the scanner's buffer.
TEST_F(PostsXml, RowsLongerThanTheMaximumAreBadRows) {
  for (const std::size_t body : {std::size_t{3000}, std::size_t{9} << 20}) {
    const std::string rows =
        qrow(1) + qrow(2, " Text=\"" + std::string(body, 'x') + "\"") + qrow(3);
    const std::string path = write(doc(rows));
    qc::reader_options fail;
    fail.max_record_bytes = body > 3000 ? std::size_t{5} << 20 : 2048;
    try {
      read(path, fail);
      ADD_FAILURE() << "no error for a body of " << body;
    } catch (const qc::parse_error& e) {
      EXPECT_EQ(e.line(), 4U);
      EXPECT_NE(e.reason().find("maximum record size"), std::string::npos) << e.what();
    }
    qc::reader_options skip = skipping();
    skip.max_record_bytes = fail.max_record_bytes;
    qc::read_stats st;
    const auto posts = read(path, skip, &st);
    ASSERT_EQ(posts.size(), 2U);
    EXPECT_EQ(posts[0].id_json, "1");
    EXPECT_EQ(posts[1].id_json, "3");
    EXPECT_EQ(st.skipped, 1U);
  }
}

TEST_F(PostsXml, FormatDetection) {
  const std::string rows = qrow(1) + qrow(2);
  // By content, whatever the name.
  EXPECT_EQ(read(write(doc(rows), "posts.dat")).size(), 2U);
  EXPECT_EQ(read(write("\n\n<posts>" + rows + "</posts>", "noprolog")).size(), 2U);
  // By name: .xml under a compression extension, even without a prolog.
  EXPECT_EQ(qc::detect_post_format(write("<root>" + rows + "</root>", "x.XML")),
            qc::post_format::posts_xml);
  EXPECT_EQ(read(write("<root>" + rows + "</root>", "x.XML")).size(), 2U);
  // JSON Lines stay JSON Lines, even when they start with '<'.
  const std::string jsonl = write("{\"id\": 5, \"title\": \"t\"}\n", "p.jsonl");
  EXPECT_EQ(qc::detect_post_format(jsonl), qc::post_format::jsonl);
  const auto j = read(jsonl);
  ASSERT_EQ(j.size(), 1U);
  EXPECT_EQ(j[0].id_json, "5");
  EXPECT_THROW(read(write("<html>\n", "p.txt")), qc::parse_error);  // invalid JSON
  try {
    read(write("<html>\n", "p.txt"));
  } catch (const qc::parse_error& e) {
    EXPECT_NE(e.reason().find("invalid JSON"), std::string::npos) << e.what();
  }
  // Missing files and folders: io_error, as for JSONL.
  EXPECT_THROW(qc::open_post_source((dir_ / "nope.xml").string(), {}), qc::io_error);
  EXPECT_THROW(qc::open_post_source(dir_.string(), {}), qc::io_error);
}

// ------------------------------------------------------------------ errors

TEST_F(PostsXml, MalformedRowsNameTheLine) {
  struct bad_case {
    std::string row;  // on line 4, after a good row on line 3
    std::string reason;
  };
  const std::vector<bad_case> cases = {
      {"<row Id=\"2\" PostTypeId=\"1\" Title=\"unclosed />", "'<' in the value of attribute"},
      {"<row Id=\"2\" PostTypeId=\"1\" Title=\"x\">", "a row must be empty"},
      {"<row Id=\"2\" PostTypeId=\"1\" Title=\"x\" /", "expected '/>'"},
      {"<row Id=\"2\" PostTypeId=\"1\"Title=\"x\" />", "expected white space"},
      {"<row Id=2 PostTypeId=\"1\" />", "is not quoted"},
      {"<row Id PostTypeId=\"1\" />", "has no value"},
      {"<row Id=\"2\" Id=\"3\" PostTypeId=\"1\" />", "attribute 'Id' appears twice"},
      {"<row Id=\"2\" PostTypeId=\"1\" Body=\"&nbsp;\" />", "attribute 'Body': unknown entity"},
      {"<row Id=\"2\" PostTypeId=\"1\" Title=\"a & b\" />", "attribute 'Title': '&' not followed"},
      {"<row Id=\"2\" PostTypeId=\"1\" Body=\"\xFF\" />", "attribute 'Body': invalid UTF-8"},
      {"<row Id=\"2\" PostTypeId=\"1\" Tags=\"&#0;\" />", "attribute 'Tags': character reference"},
      {"<row Id=\"x2\" PostTypeId=\"1\" />", "attribute 'Id' must be a 64-bit integer, got 'x2'"},
      {"<row Id=\"99999999999999999999\" PostTypeId=\"1\" />", "64-bit integer"},
      {"<row Id=\"2\" PostTypeId=\"1\" Score=\"1.5\" />", "attribute 'Score' must be"},
      {"<row Id=\"2\" PostTypeId=\"1\" CreationDate=\"2014-02-30T00:00:00\" />",
       "attribute 'CreationDate' is not a timestamp"},
      {"<row PostTypeId=\"1\" Title=\"no id\" />", "missing attribute 'Id'"},
      {"<row Id=\"2\" Title=\"no type\" />", "missing attribute 'PostTypeId'"},
      {"<row Id=\"2\" PostTypeId=\"one\" />", "attribute 'PostTypeId' must be"},
      {"<comment Id=\"2\" />", "unexpected element <comment>"},
      {"stray text", "text outside a row: 'stray text"},
      {"</post>", "unexpected end tag </post>"},
  };
  for (const bad_case& c : cases) {
    const std::string content = doc(qrow(1) + c.row + "\n" + qrow(3));
    const qc::parse_error e = error_of(content);
    EXPECT_EQ(e.line(), 4U) << c.row << " -> " << e.what();
    EXPECT_NE(e.reason().find(c.reason), std::string::npos) << c.row << " -> " << e.what();
    // Skipped: the rows around it are kept, the bad one is counted.
    qc::read_stats stats;
    const auto posts = read(write(content, "skip.xml"), skipping(), &stats);
    ASSERT_EQ(posts.size(), 2U) << c.row;
    EXPECT_EQ(posts[0].id_json, "1");
    EXPECT_EQ(posts[1].id_json, "3") << c.row;
    EXPECT_EQ(posts[1].line, 5U) << c.row;
    EXPECT_EQ(stats.skipped, 1U) << c.row;
    ASSERT_EQ(stats.skip_reasons.size(), 1U);
    EXPECT_NE(stats.skip_reasons[0].find("skip.xml:4: "), std::string::npos)
        << stats.skip_reasons[0];
  }
}

// UTF-16 text with or without a byte order mark (ASCII content only).
std::string to_utf16(const std::string& ascii, bool little_endian, bool bom) {
  std::string out;
  if (bom) out += little_endian ? "\xFF\xFE" : "\xFE\xFF";
  for (const char c : ascii) {
    out += little_endian ? c : '\0';
    out += little_endian ? '\0' : c;
  }
  return out;
}

TEST_F(PostsXml, EmptyDocumentIsAnError) {
  for (const std::string& content :
       {std::string(), std::string(" \n\t\r\n"), std::string("\xEF\xBB\xBF"),
        std::string("<?xml version=\"1.0\"?>\n<!-- nothing -->\n")}) {
    const qc::parse_error e = error_of(content);
    EXPECT_NE(e.reason().find("no <posts> element"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.xml:"), std::string::npos) << e.what();
  }
  EXPECT_EQ(error_of(" \n\t\r\n").line(), 3U);
  qc::read_stats stats;
  EXPECT_TRUE(read(write(""), skipping(), &stats).empty());
  EXPECT_EQ(stats.skipped, 1U);  // counted, as a file cut short is
}

TEST_F(PostsXml, DoctypeWithEntityDeclarationsIsRefusedClearly) {
  const std::string dt =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE posts [\n  <!ENTITY x \"<row/>\">\n"
      "]>\n<posts>\n" +
      qrow(1) + "</posts>\n";
  const qc::parse_error e = error_of(dt);
  EXPECT_EQ(e.line(), 2U) << e.what();
  EXPECT_NE(e.reason().find("document type declarations"), std::string::npos) << e.what();
  EXPECT_NE(e.reason().find("not supported"), std::string::npos) << e.what();
  EXPECT_EQ(e.reason().find("text outside a row"), std::string::npos) << e.what();
  // Under skip: one skip for the declaration; the entity is never expanded.
  const std::string ok =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE posts [ <!ENTITY x \"y\"> ]>\n"
      "<posts>\n" +
      qrow(1) + "</posts>\n";
  qc::read_stats stats;
  const auto posts = read(write(ok), skipping(), &stats);
  ASSERT_EQ(posts.size(), 1U);
  EXPECT_EQ(stats.skipped, 1U);
  // A declaration without an internal subset is still passed over.
  EXPECT_EQ(read(write("<!DOCTYPE posts>\n<posts>\n" + qrow(1) + "</posts>\n")).size(), 1U);
}

TEST_F(PostsXml, Utf16IsNamed) {
  const std::string text =
      "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<posts>\n" + qrow(1) + "</posts>\n";
  for (const bool le : {true, false}) {
    for (const bool bom : {true, false}) {
      for (const char* name : {"Posts.xml", "posts.dat"}) {
        const std::string path = write(to_utf16(text, le, bom), name);
        for (const bool skip : {false, true}) {
          try {
            read(path, skip ? skipping() : reader_options{});
            ADD_FAILURE() << "no error: " << name << " le " << le << " bom " << bom;
          } catch (const qc::parse_error& e) {
            EXPECT_NE(e.reason().find("UTF-16"), std::string::npos) << e.what();
            EXPECT_NE(e.reason().find("UTF-8"), std::string::npos) << e.what();
            EXPECT_EQ(e.line(), 1U) << e.what();
          }
        }
      }
    }
  }
}

// A '<' inside a quoted value used to make two errors (the row, then the
// '<' taken for markup); each bad row is one error and one skip.
TEST_F(PostsXml, OneBadRowIsOneSkip) {
  const std::string rows = qrow(1) + "  <row Id=\"2\" PostTypeId=\"1\" Title=\"a<b\" />\n" +
                           "  <row Id=\"3\" PostTypeId=\"1\" Body=\"<p>x</p> </posts\" />\n" +
                           qrow(4) + "  <row Id=\"5\" PostTypeId=\"1\" Title=\"c<d\" />\n";
  const std::string path = write(doc(rows));
  qc::read_stats stats;
  const auto posts = read(path, skipping(), &stats);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[1].id_json, "4");
  EXPECT_EQ(stats.skipped, 3U);
  qc::convert_options o;
  o.errors = on_error::skip;
  std::vector<std::size_t> lines;
  o.on_skip = [&lines](std::size_t line, const std::string&) { lines.push_back(line); };
  const converted c = convert(path, o);
  EXPECT_EQ(lines, (std::vector<std::size_t>{4, 5, 7}));
  EXPECT_EQ(c.stats.skipped, 3U);
  EXPECT_EQ(lines_of(c.questions).size(), 2U);
}

TEST_F(PostsXml, TruncatedDocuments) {
  // The end tag missing (e.g. `head` of a dump): an error after the last row.
  const std::string no_end = prolog + qrow(1) + qrow(2);
  qc::parse_error e = error_of(no_end);
  EXPECT_EQ(e.line(), 5U);
  EXPECT_NE(e.reason().find("<posts> is never closed"), std::string::npos) << e.what();
  qc::read_stats stats;
  EXPECT_EQ(read(write(no_end), skipping(), &stats).size(), 2U);
  EXPECT_EQ(stats.skipped, 1U);
  // Cut inside a row.
  const std::string cut = prolog + qrow(1) + "  <row Id=\"2\" PostTypeId=\"1\" Body=\"abc";
  e = error_of(cut);
  EXPECT_EQ(e.line(), 4U);
  EXPECT_NE(e.reason().find("unexpected end of input inside a <row>"), std::string::npos)
      << e.what();
  EXPECT_EQ(read(write(cut), skipping(), &stats).size(), 1U);
  EXPECT_EQ(stats.skipped, 1U);
  // Rows without a root, or content after it.
  e = error_of(qrow(1));
  EXPECT_NE(e.reason().find("<row> outside a root element"), std::string::npos) << e.what();
  e = error_of(doc(qrow(1)) + qrow(2));
  EXPECT_NE(e.reason().find("content after the root element"), std::string::npos) << e.what();
  EXPECT_EQ(e.line(), 5U);
  e = error_of("{\"id\": 1}\n");  // JSON in a .xml file
  EXPECT_EQ(e.line(), 1U);
}

TEST_F(PostsXml, DamagedRowsDoNotAffectTheirNeighbours) {
  // Copies of valid rows with one byte deleted, inserted or replaced, read
  // together and one document per row: the same rows are kept and the same
  // number of errors is counted (resynchronizing at the next '<' isolates
  // each row, as '<' never occurs inside a value).
  const std::vector<std::string> bases = {
      qrow(1, " AcceptedAnswerId=\"5\""),
      arow(2, 1),
      "  <row Id=\"3\" PostTypeId='1' Title=\"a &amp; b &#xE9;\" Tags=\"|x|y|\" />\n",
      "  <row Id=\"4\" PostTypeId=\"5\" Body=\"wiki\"></row>\n",
  };
  const std::string alphabet = "<>/\"'&;= #xA1\t";
  std::uint64_t state = 7;
  auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  std::vector<std::string> rows;
  for (int i = 0; i < 2000; ++i) {
    std::string row = bases[next(bases.size())];
    // Keep the indent and the '<' (text without one would run into the next
    // row's error) and the final '\n'.
    const std::size_t pos = 3 + next(row.size() - 4);
    switch (next(4)) {
      case 0:
        row.erase(pos, 1);
        break;
      case 1:
        row.insert(pos, 1, alphabet[next(alphabet.size())]);
        break;
      case 2:
        row[pos] = alphabet[next(alphabet.size())];
        break;
      default:
        break;
    }
    rows.push_back(row);
  }
  std::string all;
  for (const std::string& r : rows) all += r;
  qc::read_stats together_stats;
  const auto together = read(write(doc(all)), skipping(), &together_stats);
  std::vector<std::string> single;
  std::size_t single_skipped = 0;
  std::size_t single_other = 0;
  for (const std::string& r : rows) {
    qc::read_stats one;
    for (const post& p : read(write(doc(r), "one.xml"), skipping(), &one)) {
      single.push_back(p.id_json + "|" + p.title + "|" + p.body);
    }
    single_skipped += one.skipped;
    single_other += one.other_rows;
  }
  ASSERT_EQ(together.size(), single.size());
  for (std::size_t i = 0; i < together.size(); ++i) {
    EXPECT_EQ(together[i].id_json + "|" + together[i].title + "|" + together[i].body, single[i]);
  }
  EXPECT_EQ(together_stats.skipped, single_skipped);
  EXPECT_EQ(together_stats.other_rows, single_other);
  EXPECT_GT(together_stats.skipped, 300U);
  EXPECT_GT(together.size(), 400U);
}

// Rows decoded in shares on several threads: damaged rows, bad questions,
// answers and good questions give what one thread gives, under skip and fail.
TEST_F(PostsXml, ParsingThreadsReadTheSame) {
  std::string rows;
  for (long i = 1; i <= 900; ++i) {
    if (i % 37 == 0) {
      rows += "<row Id=\"" + std::to_string(i) + "\" PostTypeId=\"1\" Score=\"x\" />\n";
    } else if (i % 53 == 0) {
      rows += "<row Id=\"" + std::to_string(i) + "\" PostTypeId=\"1\" Title=\"a<b\" />\n";
    } else if (i % 11 == 0) {
      rows += arow(i, i - 1);
    } else if (i % 97 == 0) {
      rows += "<row Id=\"oops\" PostTypeId=\"1\" />\n";
    } else {
      rows += qrow(i, i % 5 == 0 ? " AcceptedAnswerId=\"7\"" : "");
    }
  }
  const std::string path = write(doc(rows));
  expect_same_for_parse_threads(path, skipping(), {2, 3, 8});
  expect_same_for_parse_threads(path, {}, {2, 3});
}

// A file of several regions and buffer refills: at 16 threads its 4 MiB
// refills are read as four pieces at once; damaged rows among them.
TEST_F(PostsXml, ParsingThreadsReadSeveralRegionsTheSame) {
  const std::string pad = " LastEditorDisplayName=\"" + std::string(400, 'p') + "\"";
  std::string rows;
  for (long i = 1; i <= 30000; ++i)
    rows += i % 997 == 0 ? "<row Id=\"" + std::to_string(i) + "\" PostTypeId=\"1\" Score=\"x\" />\n"
                         : qrow(i, pad);
  ASSERT_GT(rows.size(), std::size_t{12} << 20);
  expect_same_for_parse_threads(write(doc(rows)), skipping(), {3, 16});
}

TEST_F(PostsXml, FailModeDeliversGoodRowsFirst) {
  std::string rows;
  for (int i = 1; i <= 40; ++i) rows += i == 30 ? "<row Id=\"30\" />\n" : qrow(i);
  qc::posts_xml_reader reader(write(doc(rows)));
  std::vector<post> batch;
  std::size_t got = 0;
  try {
    while (reader.next_batch(batch, 8)) got += batch.size();
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.line(), 32U);
    EXPECT_EQ(e.reason(), "missing attribute 'PostTypeId'");
  }
  EXPECT_EQ(got, 29U);
}

TEST_F(PostsXml, OnSkipMergesWithBatchesInLineOrder) {
  // The same contract as the JSONL reader: merging each call's skips into its
  // posts by line gives input order, for every batch size.
  std::string rows;
  std::vector<bool> bad(1201, false);
  for (std::size_t i = 1; i <= 1200; ++i) {
    bad[i] = i <= 3 || i % 50 == 0 || (i >= 600 && i < 640) || i > 1190;
    rows +=
        bad[i] ? std::string("<row Id=\"oops\" PostTypeId=\"1\" />\n") : qrow(static_cast<long>(i));
  }
  const std::string path = write(doc(rows));
  std::vector<std::size_t> call_skips;
  reader_options o = skipping();
  o.on_skip = [&call_skips](std::size_t line, const std::string&) { call_skips.push_back(line); };
  for (std::size_t max_posts : {std::size_t{7}, std::size_t{0}, std::size_t{5000}}) {
    const auto reader = qc::open_post_source(path, o);
    const std::vector<std::size_t> merged = lines_as_merged(*reader, max_posts, call_skips);
    EXPECT_TRUE(call_skips.empty()) << "skips reported after the last batch";
    ASSERT_EQ(merged.size(), 1200U);
    for (std::size_t i = 0; i < merged.size(); ++i) ASSERT_EQ(merged[i], i + 3);
    EXPECT_EQ(reader->stats().skipped, 75U);
    EXPECT_EQ(reader->stats().skip_reasons.size(), 20U);
  }
}

// ------------------------------------------------------------- compressed

TEST_F(PostsXml, CompressedInputsReadLikePlainOnes) {
  std::string rows;
  for (int i = 1; i <= 3000; ++i) rows += qrow(i) + arow(100000 + i, i);
  const std::string xml = doc(rows);
  const std::string plain = write(xml);
  const auto expected = read(plain);
  ASSERT_EQ(expected.size(), 3000U);
  const std::vector<std::pair<std::string, qc::compression>> kinds = {
      {"gzip", qc::compression::gzip},
      {"bzip2", qc::compression::bzip2},
      {"xz", qc::compression::xz},
      {"zstd", qc::compression::zstd},
      {"7z", qc::compression::sevenzip}};
  for (const auto& [kind, code] : kinds) {
    const std::string path = (dir_ / ("Posts." + kind)).string();
    write_compressed(path, xml, kind);
    {
      const auto src = qc::open_byte_source(path);
      EXPECT_EQ(src->kind(), code) << kind;
      EXPECT_EQ(src->peek(5), "\xEF\xBB\xBF<?") << kind;
    }
    qc::read_stats stats;
    const auto got = read(path, {}, &stats);
    ASSERT_EQ(got.size(), expected.size()) << kind;
    for (std::size_t i = 0; i < got.size(); ++i) {
      ASSERT_EQ(got[i].id_json, expected[i].id_json) << kind;
      ASSERT_EQ(got[i].body, expected[i].body) << kind;
      ASSERT_EQ(got[i].line, expected[i].line) << kind;
    }
    EXPECT_EQ(stats.bytes, xml.size()) << kind;  // decompressed bytes
    EXPECT_EQ(stats.other_rows, 3000U) << kind;
  }
}

TEST_F(PostsXml, SevenZipEntries) {
  const std::string xml = doc(qrow(1) + qrow(2));
  // Posts.xml after another entry: the named entry wins.
  const std::string a = (dir_ / "a.7z").string();
  write_compressed(a, xml, "7z", "stackoverflow.com/Posts.xml", "Readme.txt");
  {
    const auto src = qc::open_byte_source(a);
    EXPECT_EQ(src->entry(), "stackoverflow.com/Posts.xml");
  }
  EXPECT_EQ(read(a).size(), 2U);
  // No entry named Posts.xml: the first one.
  const std::string b = (dir_ / "b.7z").string();
  write_compressed(b, xml, "7z", "posts-2024.xml");
  EXPECT_EQ(read(b).size(), 2U);
  // An empty archive payload and a damaged archive: clear errors.
  const std::string c = (dir_ / "c.7z").string();
  write_compressed(c, "", "7z", "Posts.xml");
  EXPECT_TRUE(read(c).empty());
  std::string damaged = slurp(a);
  damaged.resize(damaged.size() / 2);
  const std::string d = write(damaged, "d.7z");
  EXPECT_THROW(read(d), qc::io_error);
}

TEST_F(PostsXml, DamagedCompressedStreamIsAnIoError) {
  std::string rows;
  for (int i = 1; i <= 2000; ++i) rows += qrow(i);
  const std::string path = (dir_ / "Posts.xml.gz").string();
  write_compressed(path, doc(rows), "gzip");
  std::string bytes = slurp(path);
  bytes.resize(bytes.size() / 2);  // cut short: the decompressor fails before the XML ends
  const std::string bad = write(bytes, "bad.xml.gz");
  for (const reader_options& o : {reader_options{}, skipping()}) {
    try {
      read(bad, o);
      FAIL() << "no error";
    } catch (const qc::io_error& e) {
      EXPECT_NE(std::string(e.what()).find("bad.xml.gz"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("gzip"), std::string::npos) << e.what();
    }
  }
  // Damaged in the middle: an error too, from the decompressor or from the
  // XML it yields (libarchive does not check gzip's CRC, so under --on-error
  // skip such garbage can only show up as skipped rows).
  bytes = slurp(path);
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i) bytes[i] ^= 0x5A;
  EXPECT_ANY_THROW(read(write(bytes, "bad2.xml.gz")));
}

TEST_F(PostsXml, EarlyErrorInALargeCompressedInput) {
  // The reader stops long before the decompressing thread is done with the
  // input: the error comes through and the thread is wound down.
  std::string rows = qrow(1) + "<row Id=\"2\" />\n";
  for (int i = 3; i <= 60000; ++i) rows += qrow(i);
  for (const std::string kind : {"zstd", "7z"}) {
    const std::string path = (dir_ / ("big." + kind)).string();
    write_compressed(path, doc(rows), kind);
    const auto reader = qc::open_post_source(path, {});
    std::vector<post> batch;
    ASSERT_TRUE(reader->next_batch(batch, 1));
    try {
      reader->next_batch(batch, 1);
      FAIL() << "no error";
    } catch (const qc::parse_error& e) {
      EXPECT_EQ(e.line(), 4U);
    }
  }
}

TEST_F(PostsXml, CompressedJsonLinesToo) {
  const std::string path = (dir_ / "p.jsonl.zst").string();
  write_compressed(path, "{\"id\": 1, \"title\": \"a\"}\n{\"id\": 2, \"title\": \"b\"}\n", "zstd");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[1].title, "b");
  EXPECT_EQ(posts[1].line, 2U);
}

// A JSON Lines stream that breaks several regions in: the regions before
// the damage are delivered in order, then the decompressor's error (met
// while reading ahead of the parsing threads) names the file.
TEST_F(PostsXml, DamagedCompressedJsonLinesAfterSeveralRegions) {
  std::string lines;
  std::uint32_t noise = 12345;  // text that compresses poorly, so the damage lies deep
  for (int i = 1; i <= 40000; ++i) {
    std::string title;
    for (int k = 0; k < 300; ++k) {
      noise = noise * 1103515245u + 12345u;
      title += static_cast<char>('a' + (noise >> 16) % 26);
    }
    lines += "{\"id\": " + std::to_string(i) + ", \"title\": \"" + title + "\"}\n";
  }
  const std::string path = (dir_ / "p.jsonl.gz").string();
  write_compressed(path, lines, "gzip");
  std::string bytes = slurp(path);
  bytes.resize(bytes.size() * 3 / 4);
  const std::string bad = write(bytes, "cut.jsonl.gz");
  for (const unsigned threads : {1u, 3u}) {
    reader_options o;
    o.parse_threads = threads;
    const auto reader = qc::open_post_source(bad, o);
    std::vector<post> batch;
    std::size_t seen = 0;
    try {
      while (reader->next_batch(batch, 1000))
        for (const post& p : batch) ASSERT_EQ(p.line, ++seen);
      FAIL() << "no error";
    } catch (const qc::io_error& e) {
      EXPECT_NE(std::string(e.what()).find("cut.jsonl.gz"), std::string::npos) << e.what();
    }
    EXPECT_GT(seen, 15000u) << threads << " threads";  // the regions before the damage
    EXPECT_LT(seen, 40000u);
  }
}

// ------------------------------------------------------------------ convert

TEST_F(PostsXml, ConvertJoinsAcceptedAnswers) {
  const std::string rows =
      arow(9, 5, "2014-01-01T00:00:09.009") +  // before its question (a merge)
      qrow(1, " AcceptedAnswerId=\"2\"") + arow(2, 1, "2014-01-22T10:00:00.250") +
      arow(3, 1, "2014-01-23T10:00:00") + qrow(4, " AcceptedAnswerId=\"404\"") +  // not in dump
      qrow(5, " AcceptedAnswerId=\"9\"") + qrow(6) + "  <row Id=\"7\" PostTypeId=\"5\" />\n";
  const std::string path = write(doc(rows));
  const converted c = convert(path);
  const auto q = lines_of(c.questions);
  ASSERT_EQ(q.size(), 4U) << c.questions;
  EXPECT_EQ(q[0],
            "{\"id\": 1, \"title\": \"title 1\", \"body\": \"<p>body 1</p>\\n\", \"body_format\": "
            "\"html\", \"tags\": [\"tensorflow\", \"gpu\"], \"creation_date\": "
            "\"2014-01-21T20:26:05.383Z\", \"accepted_answer_id\": 2, \"answer_count\": 1, "
            "\"view_count\": 10, \"score\": 3, \"comment_count\": null, \"favorite_count\": null, "
            "\"closed_date\": null, \"last_activity_date\": null, "
            "\"accepted_answer_creation_date\": \"2014-01-22T10:00:00.250Z\"}");
  EXPECT_NE(q[1].find("\"accepted_answer_id\": 404,"), std::string::npos);
  EXPECT_NE(q[1].find("\"accepted_answer_creation_date\": null}"), std::string::npos);
  EXPECT_NE(q[2].find("\"accepted_answer_creation_date\": \"2014-01-01T00:00:09.009Z\"}"),
            std::string::npos)
      << q[2];
  EXPECT_NE(q[3].find("\"accepted_answer_id\": null,"), std::string::npos);
  const auto a = lines_of(c.answers);
  ASSERT_EQ(a.size(), 3U) << c.answers;
  EXPECT_EQ(a[0],
            "{\"answer_id\": 9, \"question_id\": 5, \"creation_date\": "
            "\"2014-01-01T00:00:09.009Z\", \"score\": 1, \"body\": \"<p>answer</p>\", "
            "\"body_format\": \"html\", \"is_accepted\": true}");
  EXPECT_NE(a[1].find("\"answer_id\": 2,"), std::string::npos);
  EXPECT_NE(a[1].find("\"is_accepted\": true}"), std::string::npos);
  EXPECT_NE(a[2].find("\"creation_date\": \"2014-01-23T10:00:00.000Z\""), std::string::npos);
  EXPECT_NE(a[2].find("\"is_accepted\": false}"), std::string::npos);
  EXPECT_EQ(c.stats.questions, 4U);
  EXPECT_EQ(c.stats.questions_written, 4U);
  EXPECT_EQ(c.stats.answers, 3U);
  EXPECT_EQ(c.stats.answers_written, 3U);
  EXPECT_EQ(c.stats.other_rows, 1U);
  EXPECT_EQ(c.stats.accepted_wanted, 3U);
  EXPECT_EQ(c.stats.accepted_found, 2U);
  EXPECT_EQ(c.stats.xml_bytes, slurp(path).size());
  // Without an answers output: the same questions.
  EXPECT_EQ(convert(path, {}, false).questions, c.questions);
}

TEST_F(PostsXml, ConvertTagFilterExactOrSubstring) {
  auto tagged = [](long id, const std::string& tags) {
    return "  <row Id=\"" + std::to_string(id) + "\" PostTypeId=\"1\" Tags=\"" + tags +
           "\" AcceptedAnswerId=\"" + std::to_string(id + 100) + "\" />\n";
  };
  const std::string rows = tagged(1, "&lt;tensorflow&gt;&lt;python&gt;") +
                           tagged(2, "&lt;tensorflow-serving&gt;") + tagged(3, "|PyTorch|") +
                           tagged(4, "&lt;python&gt;") + tagged(5, "") + arow(101, 1) +
                           arow(102, 2) + arow(103, 3) + arow(104, 4) + arow(105, 5);
  const std::string path = write(doc(rows));
  auto ids = [](const std::string& out, const char* key) {
    std::vector<std::string> found;
    for (const std::string& l : lines_of(out)) {
      const std::string k = std::string("\"") + key + "\": ";
      const std::size_t at = l.find(k) + k.size();
      found.push_back(l.substr(at, l.find(',', at) - at));
    }
    return found;
  };
  qc::convert_options o;
  o.tags = {"tensorflow", "pytorch", "deeplearning4j"};
  converted c = convert(path, o);
  EXPECT_EQ(ids(c.questions, "id"), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(ids(c.answers, "answer_id"), (std::vector<std::string>{"101", "103"}));
  EXPECT_EQ(c.stats.questions, 5U);
  o.match = qc::tag_match::substring;
  c = convert(path, o);
  EXPECT_EQ(ids(c.questions, "id"), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(ids(c.answers, "answer_id"), (std::vector<std::string>{"101", "102", "103"}));
  EXPECT_EQ(convert(path).stats.questions_written, 5U);  // no filter: all

  using tags = std::vector<std::string>;
  EXPECT_TRUE(qc::tags_match({"a", "TensorFlow"}, {"tensorflow"}, qc::tag_match::exact));
  EXPECT_FALSE(qc::tags_match({"tensorflow2.0"}, {"tensorflow"}, qc::tag_match::exact));
  EXPECT_TRUE(qc::tags_match({"tensorflow2.0"}, {"tensorflow"}, qc::tag_match::substring));
  EXPECT_FALSE(qc::tags_match({}, {"x"}, qc::tag_match::substring));
  EXPECT_TRUE(qc::tags_match({}, tags{}, qc::tag_match::exact));
}

TEST_F(PostsXml, ConvertErrorsAndSkips) {
  const std::string rows = qrow(1) + "<row Id=\"2\" PostTypeId=\"1\" Body=\"&bad;\" />\n" +
                           "<row Id=\"3\" PostTypeId=\"2\" ParentId=\"1\" CreationDate=\"x\" />\n" +
                           "<row Id=\"4\" PostTypeId=\"1\" Title=\"broken />\n" + qrow(5);
  const std::string path = write(doc(rows));
  try {
    convert(path);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.line(), 6U);  // pass 1 meets the broken XML first; Body is read in pass 2
    EXPECT_NE(e.reason().find("'<' in the value of attribute 'Title'"), std::string::npos);
  }
  qc::convert_options o;
  o.errors = on_error::skip;
  std::vector<std::size_t> lines;
  o.on_skip = [&lines](std::size_t line, const std::string&) { lines.push_back(line); };
  const converted c = convert(path, o);
  EXPECT_EQ(lines, (std::vector<std::size_t>{4, 5, 6}));  // each once, in order
  EXPECT_EQ(c.stats.skipped, 3U);
  ASSERT_EQ(c.stats.skip_reasons.size(), 3U);
  EXPECT_NE(c.stats.skip_reasons[0].find("Posts.xml:4: attribute 'Body': unknown entity"),
            std::string::npos);
  EXPECT_NE(c.stats.skip_reasons[1].find(":5: attribute 'CreationDate' is not a timestamp"),
            std::string::npos);
  EXPECT_EQ(lines_of(c.questions).size(), 2U);
  // Inputs convert refuses.
  EXPECT_THROW(convert("-"), qc::usage_error);
  EXPECT_THROW(convert(write("{\"id\": 1}\n", "p.jsonl")), qc::usage_error);
  EXPECT_THROW(convert((dir_ / "missing.xml").string()), qc::io_error);
}

// ----------------------------------------------- the real dump excerpt

TEST_F(PostsXml, BeerDumpExcerpt) {
  const std::string xml = fixture("posts_xml_beer.xml");
  qc::read_stats stats;
  const auto posts = read(xml, {}, &stats);
  ASSERT_EQ(posts.size(), 16U);
  EXPECT_EQ(stats.other_rows, 37U);  // 33 answers, 4 tag wiki rows
  const post& p = posts[0];
  EXPECT_EQ(p.id_json, "1");
  EXPECT_EQ(p.title, "What is a citra hop, and how does it differ from other hops?");
  EXPECT_EQ(p.tags, std::vector<std::string>{"hops"});
  EXPECT_EQ(p.creation_time, qc::parse_timestamp("2014-01-21T20:26:05Z"));
  EXPECT_EQ(p.accepted_answer_id, 4);
  EXPECT_EQ(p.view_count, 252);
  EXPECT_EQ(p.line, 3U);
  EXPECT_EQ(p.body.rfind("<p>I was offered a beer", 0), 0U);
  EXPECT_EQ(p.body.back(), '\n');
}

// The independent converter's output for the excerpt's questions and
// answers (copied from shared/data): convert gives the same bytes.
TEST_F(PostsXml, BeerConvertMatchesIndependentConverter) {
  const converted c = convert(fixture("posts_xml_beer.xml"));
  EXPECT_EQ(c.questions, slurp(fixture("posts_xml_beer.jsonl")));
  EXPECT_EQ(c.answers, slurp(fixture("posts_xml_beer_answers.jsonl")));
  EXPECT_EQ(c.stats.accepted_found, c.stats.accepted_wanted);
  EXPECT_EQ(c.stats.accepted_wanted, 12U);
}

// Posts read from Posts.xml directly equal those read back from its convert
// output, field by field; only the converted ones carry the joined
// accepted-answer time, which must be the accepted answer row's.
TEST_F(PostsXml, DirectReadEqualsConvertedRead) {
  for (const std::string& xml :
       {fixture("posts_xml_beer.xml"), [this] {
          std::string rows;
          for (int i = 1; i <= 700; ++i) {
            const std::string n = std::to_string(i);
            rows += "<row Tags=\"|a|b|\" PostTypeId=\"1\" Id=\"" + n + "\" AcceptedAnswerId=\"" +
                    std::to_string(5000 + i) + "\" Title=\"caf\xC3\xA9 &amp; &#x1F600; \\ \t " + n +
                    "\" Body=\"&lt;pre&gt;&#xD;&#xA;x&#x9;&quot;&lt;/pre&gt;\" Score=\"-" + n +
                    "\" CreationDate=\"2009-02-28T23:59:59.999\" />\n";
            rows += arow(5000 + i, i);
          }
          return write(doc(rows), "synthetic.xml");
        }()}) {
    const auto direct = read(xml);
    const converted c = convert(xml, {}, false);
    const std::string jsonl = write(c.questions, "converted.jsonl");
    const auto back = read(jsonl);
    ASSERT_EQ(direct.size(), back.size());
    ASSERT_GT(direct.size(), 10U);
    for (std::size_t i = 0; i < direct.size(); ++i) {
      const post& a = direct[i];
      const post& b = back[i];
      expect_same_fields(a, b);
      EXPECT_EQ(b.line, i + 1);
      EXPECT_FALSE(a.accepted_answer_time.has_value());
      EXPECT_EQ(b.accepted_answer_time.has_value(), a.accepted_answer_id.has_value()) << a.id_json;
      if (xml.find("synthetic") != std::string::npos) {
        EXPECT_EQ(b.accepted_answer_time, qc::parse_timestamp("2014-01-22T10:00:00Z"));
      }
    }
  }
}

}  // namespace
