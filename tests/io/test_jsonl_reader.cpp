// JSON Lines reader: the four schemas, file shapes (empty, CRLF, BOM, blank
// lines, several chunks, huge records), every error class under fail and
// skip, labels, ids, and real excerpts from shared/data.
#include "io/byte_source.hpp"
#include "io/jsonl_reader.hpp"
#include "io/record_queue.hpp"
#include "io/text_encoding.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "io/timestamp.hpp"
#include "qc/core/error.hpp"
#include "reader_test.hpp"

namespace {

namespace fs = std::filesystem;
using qc::on_error;
using qc::post;
using qc::reader_options;
using Strings = std::vector<std::string>;

class Reader : public qc_test::reader_test {
 protected:
  // Writes `content` byte for byte and returns the path.
  std::string write(const std::string& content, const std::string& name = "in.jsonl") {
    return write_file(name, content).string();
  }
};

std::string rec(int id, const std::string& extra = "") {
  return "{\"id\": " + std::to_string(id) + ", \"title\": \"title " + std::to_string(id) +
         "\", \"body\": \"<p>body " + std::to_string(id) + "</p>\"" + extra + "}";
}

// ---------------------------------------------------------------- schemas

TEST_F(Reader, NormalizedSchema) {
  const std::string path = write(
      R"({"id": 34750268, "title": "Extracting the top-k value-indices", "body": "<p>x &amp; y</p>", )"
      R"("body_format": "html", "tags": ["python", "lua", "pytorch"], )"
      R"("creation_date": "2016-01-12T17:36:25Z", "accepted_answer_id": 34762233, )"
      R"("answer_count": 3, "view_count": 7823, "score": -7, "labels": ["api", "gpu"], )"
      R"("accepted_answer_creation_date": "2016-01-13T08:57:29Z", "link": "https://x", )"
      R"("extra": {"nested": [1, 2.5, true, null, "s"]}})"
      "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 1U);
  const post& p = posts[0];
  EXPECT_EQ(p.id_json, "34750268");
  EXPECT_EQ(p.title, "Extracting the top-k value-indices");
  EXPECT_EQ(p.body, "<p>x &amp; y</p>");
  EXPECT_TRUE(p.body_is_html);
  EXPECT_EQ(p.tags, (Strings{"python", "lua", "pytorch"}));
  EXPECT_EQ(p.labels, (Strings{"api", "gpu"}));
  EXPECT_EQ(p.creation_time, 1452620185);
  EXPECT_EQ(p.accepted_answer_id, 34762233);
  EXPECT_EQ(p.accepted_answer_time, 1452675449);
  EXPECT_EQ(p.answer_count, 3);
  EXPECT_EQ(p.view_count, 7823);
  EXPECT_EQ(p.score, -7);
  EXPECT_EQ(p.line, 1U);
}

TEST_F(Reader, NormalizedSchemaNullsAndMissingFields) {
  const std::string path =
      write(R"({"id": 1, "title": null, "body": null, "body_format": null, "tags": null, )"
            R"("creation_date": null, "accepted_answer_id": null, "answer_count": null, )"
            R"("view_count": null, "score": null, "labels": null})"
            "\n"
            R"({"id": 2})"
            "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 2U);
  for (const post& p : posts) {
    EXPECT_EQ(p.title, "");
    EXPECT_EQ(p.body, "");
    EXPECT_TRUE(p.body_is_html);
    EXPECT_TRUE(p.tags.empty());
    EXPECT_TRUE(p.labels.empty());
    EXPECT_FALSE(p.creation_time);
    EXPECT_FALSE(p.accepted_answer_id);
    EXPECT_FALSE(p.accepted_answer_time);
    EXPECT_FALSE(p.answer_count);
    EXPECT_FALSE(p.view_count);
    EXPECT_FALSE(p.score);
  }
}

TEST_F(Reader, StackExchangeApiSchema) {
  const std::string path = write(
      R"({"tags": ["python", "pytorch"], "owner": {"reputation": 11, "user_id": 5}, )"
      R"("is_answered": true, "view_count": 7823, "accepted_answer_id": 34762233, )"
      R"("answer_count": 3, "score": 7, "last_activity_date": 1615547793, )"
      R"("creation_date": 1452620185, "question_id": 34750268, "content_license": "CC BY-SA 3.0", )"
      R"("link": "https://stackoverflow.com/q/34750268", )"
      R"("title": "Extracting the top-k value-indices from a 1-D Tensor", )"
      R"("body": "<p>Given a 1-D tensor in Torch (<code>torch.Tensor</code>)</p>"})"
      "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 1U);
  const post& p = posts[0];
  EXPECT_EQ(p.id_json, "34750268");
  EXPECT_EQ(p.title, "Extracting the top-k value-indices from a 1-D Tensor");
  EXPECT_EQ(p.body, "<p>Given a 1-D tensor in Torch (<code>torch.Tensor</code>)</p>");
  EXPECT_EQ(p.tags, (Strings{"python", "pytorch"}));
  EXPECT_EQ(p.creation_time, 1452620185);
  EXPECT_EQ(p.accepted_answer_id, 34762233);
  EXPECT_EQ(p.answer_count, 3);
  EXPECT_EQ(p.view_count, 7823);
  EXPECT_EQ(p.score, 7);
}

TEST_F(Reader, BigQuerySchema) {
  const std::string path = write(
      R"({"id": "34750268", "title": "Extracting the top-k value-indices", "body": "<p>b</p>", )"
      R"("accepted_answer_id": "34762233", "answer_count": "3", "comment_count": "0", )"
      R"("creation_date": "2016-01-12 17:36:25.123 UTC", "score": "7", "view_count": null, )"
      R"("tags": "python|lua|pytorch|torch"})"
      "\n"
      R"({"id": 38543850, "title": "t", "body": "", "accepted_answer_id": "", )"
      R"("answer_count": 8, "creation_date": "2016-07-23 16:15:43 UTC", "score": 38, )"
      R"("view_count": "33739", "tags": "pytorch"})"
      "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].id_json, "\"34750268\"");
  EXPECT_EQ(posts[0].tags, (Strings{"python", "lua", "pytorch", "torch"}));
  EXPECT_EQ(posts[0].creation_time, 1452620185);
  EXPECT_EQ(posts[0].accepted_answer_id, 34762233);
  EXPECT_EQ(posts[0].answer_count, 3);
  EXPECT_EQ(posts[0].score, 7);
  EXPECT_FALSE(posts[0].view_count);
  EXPECT_EQ(posts[1].id_json, "38543850");
  EXPECT_EQ(posts[1].tags, (Strings{"pytorch"}));
  EXPECT_EQ(posts[1].creation_time, 1469290543);
  EXPECT_FALSE(posts[1].accepted_answer_id);
  EXPECT_EQ(posts[1].view_count, 33739);
}

TEST_F(Reader, DumpSchema) {
  const std::string path = write(
      R"({"Id": 1, "PostTypeId": 1, "AcceptedAnswerId": 4, "CreationDate": "2014-01-21T20:26:05.383", )"
      R"("Score": 17, "ViewCount": 252, "Body": "<p>I was offered a beer</p>\n", "OwnerUserId": 7, )"
      R"("Title": "What is a citra hop?", "Tags": "<hops><citra>", "AnswerCount": 1})"
      "\n"
      R"({"Id": "2", "Title": "When was the first beer ever brewed?", "Body": null, )"
      R"("Tags": "|history|brewing|", "CreationDate": "2014-01-21T20:27:29.797", )"
      R"("AcceptedAnswerId": null, "AnswerCount": "4", "ViewCount": "1802", "Score": "21"})"
      "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[0].title, "What is a citra hop?");
  EXPECT_EQ(posts[0].body, "<p>I was offered a beer</p>\n");
  EXPECT_EQ(posts[0].tags, (Strings{"hops", "citra"}));
  EXPECT_EQ(posts[0].creation_time, 1390335965);
  EXPECT_EQ(posts[0].accepted_answer_id, 4);
  EXPECT_EQ(posts[0].answer_count, 1);
  EXPECT_EQ(posts[0].view_count, 252);
  EXPECT_EQ(posts[0].score, 17);
  EXPECT_EQ(posts[1].id_json, "\"2\"");
  EXPECT_EQ(posts[1].body, "");
  EXPECT_EQ(posts[1].tags, (Strings{"history", "brewing"}));
  EXPECT_EQ(posts[1].creation_time, 1390336049);
  EXPECT_FALSE(posts[1].accepted_answer_id);
  EXPECT_EQ(posts[1].answer_count, 4);
  EXPECT_EQ(posts[1].view_count, 1802);
  EXPECT_EQ(posts[1].score, 21);
}

TEST_F(Reader, SchemaPrecedence) {
  const std::string path = write(
      // `id` wins over `Id`: snake_case fields, PascalCase ones ignored (even a bad one).
      R"({"Id": 9, "id": 1, "title": "snake", "Title": 5, "Tags": "<x>", "tags": ["a"]})"
      "\n"
      // A null `id` falls through to `question_id`.
      R"({"id": null, "question_id": 2, "title": "se api"})"
      "\n"
      // `question_id` wins over `Id`.
      R"({"Id": 9, "question_id": 3, "Title": "pascal", "title": "snake"})"
      "\n"
      // Only `Id`: PascalCase; snake_case fields ignored.
      R"({"Id": 4, "Title": "pascal", "title": ["ignored"], "tags": 7})"
      "\n");
  const auto posts = read(path);
  ASSERT_EQ(posts.size(), 4U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[0].title, "snake");
  EXPECT_EQ(posts[0].tags, (Strings{"a"}));
  EXPECT_EQ(posts[1].id_json, "2");
  EXPECT_EQ(posts[1].title, "se api");
  EXPECT_EQ(posts[2].id_json, "3");
  EXPECT_EQ(posts[2].title, "snake");
  EXPECT_EQ(posts[3].id_json, "4");
  EXPECT_EQ(posts[3].title, "pascal");
  EXPECT_TRUE(posts[3].tags.empty());
}

TEST_F(Reader, DuplicateKeyTakesLastValue) {
  const auto posts = read(write(R"({"id": 1, "title": "first", "title": "second"})"));
  ASSERT_EQ(posts.size(), 1U);
  EXPECT_EQ(posts[0].title, "second");
}

TEST_F(Reader, TagStringForms) {
  const auto posts = read(write(R"({"id": 1, "tags": "<c++><c#><.net>"})"
                                "\n"
                                R"({"id": 2, "tags": "|a|b||c|"})"
                                "\n"
                                R"({"id": 3, "tags": "python pytorch"})"
                                "\n"
                                R"({"id": 4, "tags": ""})"
                                "\n"));
  ASSERT_EQ(posts.size(), 4U);
  EXPECT_EQ(posts[0].tags, (Strings{"c++", "c#", ".net"}));
  EXPECT_EQ(posts[1].tags, (Strings{"a", "b", "c"}));
  EXPECT_EQ(posts[2].tags, (Strings{"python", "pytorch"}));
  EXPECT_TRUE(posts[3].tags.empty());
}

TEST_F(Reader, IntegerAndDateForms) {
  const auto posts = read(write(
      R"({"id": 1, "score": 7.0, "view_count": "-3", "answer_count": "", "creation_date": 1452620185})"
      "\n"
      R"({"id": 2, "creation_date": "1452620185", "accepted_answer_creation_date": ""})"
      "\n"
      R"({"id": 3, "creation_date": 1452620185.9})"
      "\n"));
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].score, 7);
  EXPECT_EQ(posts[0].view_count, -3);
  EXPECT_FALSE(posts[0].answer_count);
  EXPECT_EQ(posts[0].creation_time, 1452620185);
  EXPECT_EQ(posts[1].creation_time, 1452620185);
  EXPECT_FALSE(posts[1].accepted_answer_time);
  EXPECT_EQ(posts[2].creation_time, 1452620185);
}

TEST_F(Reader, BodyFormat) {
  const auto posts =
      read(write(R"({"id": 1})"
                 "\n"
                 R"({"id": 2, "body_format": "html"})"
                 "\n"
                 R"({"id": 3, "body_format": "plain_text_processed_by_dataset_authors"})"
                 "\n"
                 R"({"id": 4, "body_format": null})"
                 "\n"
                 R"({"id": 5, "body_format": "HTML"})"
                 "\n"));
  ASSERT_EQ(posts.size(), 5U);
  EXPECT_TRUE(posts[0].body_is_html);
  EXPECT_TRUE(posts[1].body_is_html);
  EXPECT_FALSE(posts[2].body_is_html);
  EXPECT_TRUE(posts[3].body_is_html);
  EXPECT_FALSE(posts[4].body_is_html);  // only exactly "html" is HTML
}

// ---------------------------------------------------------------- ids

TEST_F(Reader, IdEchoedRaw) {
  const auto posts = read(write(R"({"id": 123})"
                                "\n"
                                R"({"id": "abc"})"
                                "\n"
                                R"({"id" :   -42   , "title": "spaces around"})"
                                "\n"
                                R"({"id": 123456789012345678901234567890})"
                                "\n"
                                R"({"id": "caf\u00e9 \"q\""})"
                                "\n"
                                R"({"id": 1.5e3})"
                                "\n"
                                R"({"id": [1, "a"]})"
                                "\n"
                                R"({"id": {"site": "so", "n": 1} })"
                                "\n"
                                R"({"id": true})"
                                "\n"));
  ASSERT_EQ(posts.size(), 9U);
  EXPECT_EQ(posts[0].id_json, "123");
  EXPECT_EQ(posts[1].id_json, "\"abc\"");
  EXPECT_EQ(posts[2].id_json, "-42");
  EXPECT_EQ(posts[2].title, "spaces around");
  EXPECT_EQ(posts[3].id_json, "123456789012345678901234567890");
  EXPECT_EQ(posts[4].id_json, R"("caf\u00e9 \"q\"")");
  EXPECT_EQ(posts[5].id_json, "1.5e3");
  EXPECT_EQ(posts[6].id_json, R"([1, "a"])");
  EXPECT_EQ(posts[7].id_json, R"({"site": "so", "n": 1})");
  EXPECT_EQ(posts[8].id_json, "true");
}

// ---------------------------------------------------------------- labels

TEST_F(Reader, LabelsArrayStringNullAbsent) {
  const auto posts = read(write(R"({"id": 1, "labels": ["gpu", "api", "gpu", "model", "api"]})"
                                "\n"
                                R"({"id": 2, "labels": "training"})"
                                "\n"
                                R"({"id": 3, "labels": null})"
                                "\n"
                                R"({"id": 4})"
                                "\n"
                                R"({"id": 5, "labels": []})"
                                "\n"
                                R"({"id": 6, "labels": ""})"
                                "\n"));
  ASSERT_EQ(posts.size(), 6U);
  EXPECT_EQ(posts[0].labels, (Strings{"gpu", "api", "model"}));
  EXPECT_EQ(posts[1].labels, (Strings{"training"}));
  EXPECT_TRUE(posts[2].labels.empty());
  EXPECT_TRUE(posts[3].labels.empty());
  EXPECT_TRUE(posts[4].labels.empty());
  EXPECT_EQ(posts[5].labels, (Strings{""}));
}

TEST_F(Reader, LabelsManyDuplicates) {
  std::string line = R"({"id": 1, "labels": [)";
  for (int i = 0; i < 100; ++i) line += (i ? ", \"l" : "\"l") + std::to_string(i % 40) + "\"";
  line += "]}";
  const auto posts = read(write(line));
  ASSERT_EQ(posts.size(), 1U);
  ASSERT_EQ(posts[0].labels.size(), 40U);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(posts[0].labels[i], "l" + std::to_string(i));
}

TEST_F(Reader, CustomLabelField) {
  reader_options o;
  o.label_field = "category";
  const auto posts = read(write(R"({"id": 1, "labels": 5, "category": ["b", "a", "b"]})"
                                "\n"
                                R"({"id": 2, "category": "a", "labels": ["ignored"]})"
                                "\n"
                                R"({"id": 3})"
                                "\n"),
                          o);
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].labels, (Strings{"b", "a"}));
  EXPECT_EQ(posts[1].labels, (Strings{"a"}));
  EXPECT_TRUE(posts[2].labels.empty());
}

TEST_F(Reader, LabelFieldThatIsAlsoAKnownField) {
  reader_options o;
  o.label_field = "tags";
  const auto posts = read(write(R"({"id": 1, "tags": ["python", "keras", "python"], "title": "t"})"
                                "\n"
                                R"({"id": 2, "tags": "python|keras"})"
                                "\n"),
                          o);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].tags, (Strings{"python", "keras", "python"}));
  EXPECT_EQ(posts[0].labels, (Strings{"python", "keras"}));
  EXPECT_EQ(posts[0].title, "t");
  EXPECT_EQ(posts[1].tags, (Strings{"python", "keras"}));
  EXPECT_EQ(posts[1].labels, (Strings{"python|keras"}));  // a bare string is one label
}

// ---------------------------------------------------------------- file shapes

TEST_F(Reader, EmptyFile) {
  qc::jsonl_reader reader(write(""), {});
  std::vector<post> batch{post{}};
  EXPECT_FALSE(reader.next_batch(batch, 10));
  EXPECT_TRUE(batch.empty());
  EXPECT_FALSE(reader.next_batch(batch, 10));
  EXPECT_EQ(reader.stats().records, 0U);
  EXPECT_EQ(reader.stats().bytes, 0U);
  EXPECT_EQ(reader.stats().blank_lines, 0U);
}

TEST_F(Reader, OnlyBlankLines) {
  qc::read_stats stats;
  EXPECT_TRUE(read(write("\n   \n\t\r\n\n"), {}, &stats).empty());
  EXPECT_EQ(stats.blank_lines, 4U);
  EXPECT_EQ(stats.bytes, 9U);
}

TEST_F(Reader, OneRecordWithAndWithoutNewline) {
  for (const std::string& content : {rec(7) + "\n", rec(7)}) {
    qc::read_stats stats;
    const auto posts = read(write(content), {}, &stats);
    ASSERT_EQ(posts.size(), 1U);
    EXPECT_EQ(posts[0].id_json, "7");
    EXPECT_EQ(posts[0].title, "title 7");
    EXPECT_EQ(posts[0].line, 1U);
    EXPECT_EQ(stats.records, 1U);
    EXPECT_EQ(stats.bytes, content.size());
  }
}

TEST_F(Reader, ManyRecordsInBatches) {
  std::string content;
  for (int i = 1; i <= 513; ++i) content += rec(i) + "\n";
  const std::string path = write(content.substr(0, content.size() - 1));  // no final newline
  qc::jsonl_reader reader(path, {});
  std::vector<post> batch;
  std::vector<std::size_t> sizes;
  int expected = 1;
  while (reader.next_batch(batch, 100)) {
    sizes.push_back(batch.size());
    for (const post& p : batch) {
      EXPECT_EQ(p.id_json, std::to_string(expected));
      EXPECT_EQ(p.line, static_cast<std::size_t>(expected));
      ++expected;
    }
  }
  EXPECT_EQ(expected, 514);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{100, 100, 100, 100, 100, 13}));
  EXPECT_EQ(reader.stats().records, 513U);
  EXPECT_EQ(reader.stats().bytes, content.size() - 1);
  EXPECT_FALSE(reader.next_batch(batch, 100));
}

TEST_F(Reader, UnlimitedBatch) {
  std::string content;
  for (int i = 1; i <= 50; ++i) content += rec(i) + "\n";
  qc::jsonl_reader reader(write(content), {});
  std::vector<post> batch;
  ASSERT_TRUE(reader.next_batch(batch, 0));
  EXPECT_EQ(batch.size(), 50U);
  EXPECT_FALSE(reader.next_batch(batch, 0));
}

TEST_F(Reader, MultiChunkFile) {
  // About 9 MB: more lines than one 4 MiB chunk holds, blank lines between.
  const std::string filler(400, 'x');
  std::string content;
  std::size_t blank = 0;
  const int n = 22000;
  for (int i = 1; i <= n; ++i) {
    content +=
        rec(i, ", \"labels\": [\"l" + std::to_string(i % 7) + "\"], \"pad\": \"" + filler + "\"") +
        "\n";
    if (i % 1000 == 0) {
      content += "\n";
      ++blank;
    }
  }
  ASSERT_GT(content.size(), std::size_t{8} << 20);
  qc::read_stats stats;
  const auto posts = read(write(content), {}, &stats);
  ASSERT_EQ(posts.size(), static_cast<std::size_t>(n));
  std::size_t line = 0;
  for (int i = 1; i <= n; ++i) {
    ++line;
    const post& p = posts[static_cast<std::size_t>(i - 1)];
    ASSERT_EQ(p.id_json, std::to_string(i));
    ASSERT_EQ(p.line, line);
    ASSERT_EQ(p.body, "<p>body " + std::to_string(i) + "</p>");
    ASSERT_EQ(p.labels, (Strings{"l" + std::to_string(i % 7)}));
    if (i % 1000 == 0) ++line;
  }
  EXPECT_EQ(stats.blank_lines, blank);
  EXPECT_EQ(stats.bytes, content.size());
  EXPECT_EQ(stats.records, static_cast<std::size_t>(n));
}

TEST_F(Reader, CrlfLineEnds) {
  const auto posts = read(write(rec(1) + "\r\n" + rec(2) + "\r\n\r\n" + rec(3) + "\r\n"));
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].body, "<p>body 1</p>");
  EXPECT_EQ(posts[2].id_json, "3");
  EXPECT_EQ(posts[2].line, 4U);
}

TEST_F(Reader, Utf8Bom) {
  qc::read_stats stats;
  const std::string content = "\xEF\xBB\xBF" + rec(1) + "\n" + rec(2) + "\n";
  const auto posts = read(write(content), {}, &stats);
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[0].line, 1U);
  EXPECT_EQ(stats.bytes, content.size());
  // A BOM anywhere else is not whitespace.
  EXPECT_THROW(read(write(rec(1) + "\n\xEF\xBB\xBF" + rec(2) + "\n")), qc::parse_error);
}

TEST_F(Reader, BlankLinesKeepLineNumbers) {
  qc::read_stats stats;
  const auto posts = read(
      write("\n" + rec(1) + "\n  \n\t\n" + rec(2) + "\n\n   " + rec(3) + "  \n\n"), {}, &stats);
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].line, 2U);
  EXPECT_EQ(posts[1].line, 5U);
  EXPECT_EQ(posts[2].line, 7U);
  EXPECT_EQ(stats.blank_lines, 5U);
}

// --max-record-size: a longer line is a bad record (named, or skipped and
// counted once), whether it ends inside the reader's first buffer, past it,
// or at the end of the input without a '\n'.
TEST_F(Reader, RecordsLongerThanTheMaximumAreBadRecords) {
  const auto long_rec = [](int id, std::size_t body) {
    return rec(id, ", \"text\": \"" + std::string(body, 'x') + "\"");
  };
  struct limit_case {
    std::size_t max, ok_body, long_body;
  };
  for (const limit_case c : {limit_case{1024, 900, 1100}, limit_case{1024, 900, 9 << 20},
                             limit_case{6 << 20, 5 << 20, 7 << 20}}) {
    const std::string content = rec(1) + "\n" + long_rec(2, c.long_body) + "\n" +
                                long_rec(3, c.ok_body) + "\n" + long_rec(4, c.long_body);
    const std::string path = write(content);
    reader_options fail;
    fail.max_record_bytes = c.max;
    try {
      read(path, fail);
      ADD_FAILURE() << "no error with max " << c.max;
    } catch (const qc::parse_error& e) {
      EXPECT_EQ(e.line(), 2U);
      EXPECT_NE(e.reason().find("maximum record size"), std::string::npos) << e.what();
    }
    reader_options skip = skipping();
    skip.max_record_bytes = c.max;
    Strings reasons;
    skip.on_skip = [&reasons](std::size_t, const std::string& m) { reasons.push_back(m); };
    qc::read_stats st;
    const auto posts = read(path, skip, &st);
    ASSERT_EQ(posts.size(), 2U) << "max " << c.max;
    EXPECT_EQ(posts[0].id_json, "1");
    EXPECT_EQ(posts[1].id_json, "3");
    EXPECT_EQ(posts[1].line, 3U);
    EXPECT_EQ(st.skipped, 2U);
    ASSERT_EQ(reasons.size(), 2U);
    EXPECT_EQ(reasons[0].rfind(path + ":2: record longer than the maximum record size", 0), 0U)
        << reasons[0];
    EXPECT_EQ(reasons[1].rfind(path + ":4: ", 0), 0U) << reasons[1];
    EXPECT_EQ(st.bytes, content.size());
  }
}

TEST_F(Reader, HugeRecord) {
  // A 10 MB body: larger than a chunk and than the stream window.
  std::string body(10 << 20, 'a');
  for (std::size_t i = 0; i < body.size(); i += 997) body[i] = ' ';
  const std::string huge = R"({"id": 99, "title": "huge", "body": ")" + body + R"(", "score": 1})";
  for (const std::string& content :
       {huge + "\n", rec(1) + "\n" + rec(2) + "\n" + huge + "\n" + rec(3) + "\n" + rec(4), huge}) {
    const auto posts = read(write(content));
    const bool alone = posts.size() == 1;
    ASSERT_TRUE(alone || posts.size() == 5U);
    const post& p = posts[alone ? 0 : 2];
    EXPECT_EQ(p.id_json, "99");
    EXPECT_EQ(p.line, alone ? 1U : 3U);
    EXPECT_TRUE(p.body == body);
    EXPECT_EQ(p.score, 1);
    if (!alone) {
      EXPECT_EQ(posts[3].id_json, "3");
      EXPECT_EQ(posts[4].line, 5U);
    }
  }
}

TEST_F(Reader, RecordsLargerThanStreamWindowAmongMany) {
  // 2 MB records scattered among small ones, in one chunk-sized region.
  const std::string big(2 << 20, 'b');
  std::string content;
  for (int i = 1; i <= 300; ++i) {
    content += (i % 100 == 50 ? rec(i, ", \"pad\": \"" + big + "\"") : rec(i)) + "\n";
  }
  const auto posts = read(write(content));
  ASSERT_EQ(posts.size(), 300U);
  for (int i = 1; i <= 300; ++i) {
    EXPECT_EQ(posts[static_cast<std::size_t>(i - 1)].id_json, std::to_string(i));
  }
}

TEST_F(Reader, Stdin) {
  const std::string path = write(rec(1) + "\n" + rec(2) + "\n");
  const int saved = ::dup(0);
  ASSERT_GE(saved, 0);
  const int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::dup2(fd, 0), 0);
  ::close(fd);
  std::vector<post> posts;
  std::string error;
  try {
    posts = read("-");
  } catch (const std::exception& e) {
    error = e.what();
  }
  ::dup2(saved, 0);
  ::close(saved);
  EXPECT_EQ(error, "");
  ASSERT_EQ(posts.size(), 2U);
  EXPECT_EQ(posts[1].id_json, "2");
}

TEST_F(Reader, MissingFileAndDirectory) {
  EXPECT_THROW(qc::jsonl_reader((dir_ / "nope.jsonl").string(), {}), qc::io_error);
  EXPECT_THROW(qc::jsonl_reader(dir_.string(), {}), qc::io_error);
}

TEST_F(Reader, ReaderIsMovable) {
  qc::jsonl_reader a(write(rec(1) + "\n" + rec(2) + "\n"), {});
  std::vector<post> batch;
  ASSERT_TRUE(a.next_batch(batch, 1));
  qc::jsonl_reader b(std::move(a));
  ASSERT_TRUE(b.next_batch(batch, 1));
  EXPECT_EQ(batch[0].id_json, "2");
  EXPECT_EQ(b.stats().records, 2U);
  EXPECT_FALSE(b.next_batch(batch, 1));
}

// ---------------------------------------------------------------- errors

struct bad_case {
  const char* name;
  std::string line;
  std::string reason;  // expected substring of the message
};

std::vector<bad_case> bad_cases() {
  return {
      {"InvalidJson", R"({"id": 5, "title": })", "invalid JSON (simdjson: "},
      {"MissingComma", R"({"id": 5 "title": "x"})", "invalid JSON (simdjson: "},
      {"TruncatedLine", R"({"id": 5, "title": "abc)", "invalid JSON (simdjson: UNCLOSED_STRING"},
      {"TruncatedObject", R"({"id": 5, "title": "abc")", "invalid JSON"},
      {"InvalidUtf8", "{\"id\": 5, \"title\": \"caf\xC3\x28\"}", "invalid UTF-8"},
      {"BadEscape", R"({"id": 5, "title": "a\qb"})", "invalid JSON (simdjson: STRING_ERROR"},
      {"BadNestedLiteral", R"({"id": 5, "extra": {"a": [1, 2, tru]}})", "invalid JSON"},
      {"BadNumber", R"({"id": 5, "extra": 01})", "invalid JSON"},
      {"MissingId", R"({"title": "no id here"})", "missing id"},
      {"NullId", R"({"id": null, "title": "x"})", "missing id"},
      {"TitleNumber", R"({"id": 5, "title": 12})", "field 'title' must be a string, got number"},
      {"BodyArray", R"({"id": 5, "body": ["x"]})", "field 'body' must be a string, got array"},
      {"TagsNumber", R"({"id": 5, "tags": 3})", "field 'tags' must be an array of strings"},
      {"TagsWithNumber", R"({"id": 5, "tags": ["a", 3]})", "element 1 is number"},
      {"LabelsNumber", R"({"id": 5, "labels": 3})",
       "field 'labels' must be an array of strings, a string or null, got number"},
      {"LabelsObject", R"({"id": 5, "labels": {"a": 1}})", "got object"},
      {"LabelsWithNull", R"({"id": 5, "labels": ["a", null]})", "element 1 is null"},
      {"ScoreText", R"({"id": 5, "score": "high"})", "field 'score' must be an integer"},
      {"ScoreFraction", R"({"id": 5, "score": 1.5})", "field 'score' must be an integer, got 1.5"},
      {"ScoreTooLarge", R"({"id": 5, "score": 99999999999999999999})", "64-bit integer"},
      {"BadTimestamp", R"({"id": 5, "creation_date": "2016-13-45"})",
       "field 'creation_date': bad timestamp '2016-13-45'"},
      {"PascalTitleNumber", R"({"Id": 5, "Title": 1})", "field 'Title' must be a string"},
      {"BodyFormatNumber", R"({"id": 5, "body_format": 1})", "field 'body_format'"},
      {"Array", R"([1, 2, 3])", "record is not a JSON object (got array)"},
      {"String", R"("just text")", "record is not a JSON object (got string)"},
      {"Number", "42", "record is not a JSON object (got number)"},
      {"Garbage", "hello world", "invalid JSON"},
      {"TwoDocuments", R"({"id": 5} {"id": 6})", "unexpected content after the JSON object"},
      {"TwoDocumentsNoSpace", R"({"id": 5}{"id": 6})", "unexpected content after the JSON object"},
      {"TrailingGarbage", R"({"id": 5} xyz)", "unexpected content after the JSON object"},
      {"TrailingBrace", R"({"id": 5}})", "unexpected content after the JSON object"},
      {"TrailingNumber", R"({"id": 5} 7)", "unexpected content after the JSON object"},
      {"ControlCharacter", "{\"id\": 5, \"title\": \"a\tb\"}", "invalid JSON"},
      {"NulAfterObject", std::string("{\"id\": 5}\0", 10), "unexpected content"},
      {"NulInString", std::string("{\"id\": 5, \"title\": \"a\0b\"}", 25), "invalid JSON"},
      {"TooDeep", "{\"id\": 5, \"x\": " + std::string(3000, '[') + std::string(3000, ']') + "}",
       "invalid JSON"},
  };
}

void PrintTo(const bad_case& c, std::ostream* os) { *os << c.name; }

// The bad line sits at `bad_line` among `total` good records: near the start
// (line-by-line path for short files) or deep in a long file (stream path).
struct bad_placement {
  std::size_t total;
  std::size_t bad_line;
};

void PrintTo(const bad_placement& p, std::ostream* os) {
  *os << "line " << p.bad_line << " of " << p.total;
}

class ReaderErrors : public Reader,
                     public ::testing::WithParamInterface<std::tuple<bad_case, bad_placement>> {
 protected:
  std::string file_with_bad_line() {
    const auto& [bad, where] = GetParam();
    std::string content;
    for (std::size_t i = 1; i <= where.total; ++i) {
      content += (i == where.bad_line ? bad.line : rec(static_cast<int>(i))) + "\n";
    }
    return write(content);
  }
};

TEST_P(ReaderErrors, FailStopsAtExactLine) {
  const auto& [bad, where] = GetParam();
  const std::string path = file_with_bad_line();
  qc::jsonl_reader reader(path, {});
  std::vector<post> batch;
  std::size_t delivered = 0;
  try {
    while (reader.next_batch(batch, 64)) delivered += batch.size();
    FAIL() << "no error for " << bad.name;
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), where.bad_line);
    const std::string prefix = path + ":" + std::to_string(where.bad_line) + ": ";
    EXPECT_EQ(std::string(e.what()).rfind(prefix, 0), 0U) << e.what();
    EXPECT_NE(e.reason().find(bad.reason), std::string::npos) << e.reason();
  }
  EXPECT_EQ(delivered, where.bad_line - 1);  // the good records before it came first
  EXPECT_THROW(reader.next_batch(batch, 64), qc::parse_error);  // and it stays failed
}

TEST_P(ReaderErrors, SkipCountsAndContinues) {
  const auto& [bad, where] = GetParam();
  const std::string path = file_with_bad_line();
  qc::read_stats stats;
  const auto posts = read(path, skipping(), &stats);
  EXPECT_EQ(stats.skipped, 1U);
  ASSERT_EQ(stats.skip_reasons.size(), 1U);
  const std::string prefix = path + ":" + std::to_string(where.bad_line) + ": ";
  EXPECT_EQ(stats.skip_reasons[0].rfind(prefix, 0), 0U) << stats.skip_reasons[0];
  EXPECT_NE(stats.skip_reasons[0].find(bad.reason), std::string::npos) << stats.skip_reasons[0];
  ASSERT_EQ(posts.size(), where.total - 1);
  EXPECT_EQ(stats.records, where.total - 1);
  std::size_t i = 1;
  for (const post& p : posts) {
    if (i == where.bad_line) ++i;
    EXPECT_EQ(p.id_json, std::to_string(i));
    EXPECT_EQ(p.line, i);
    ++i;
  }
}

std::string bad_case_name(const ::testing::TestParamInfo<ReaderErrors::ParamType>& param) {
  const auto& [bad, where] = param.param;
  return std::string(bad.name) + "_line" + std::to_string(where.bad_line) + "of" +
         std::to_string(where.total);
}

INSTANTIATE_TEST_SUITE_P(
    AllClasses, ReaderErrors,
    ::testing::Combine(::testing::ValuesIn(bad_cases()),
                       ::testing::Values(bad_placement{5, 3}, bad_placement{1, 1},
                                         bad_placement{700, 350}, bad_placement{700, 1},
                                         bad_placement{700, 700})),
    bad_case_name);

// Lines parsed in shares on several threads: every class of bad line among
// good ones and blank lines, under skip and fail, gives what one thread
// gives; so does a file of several regions.
TEST_F(Reader, ParsingThreadsReadTheSame) {
  std::string content;
  int id = 0;
  for (const bad_case& bad : bad_cases()) {
    for (int i = 0; i < 9; ++i) content += rec(++id) + "\n";
    content += bad.line + "\n";
    if (id % 4 == 0) content += "  \n";
  }
  const std::string path = write(content);
  expect_same_for_parse_threads(path, skipping(), {2, 3, 8, 500});
  expect_same_for_parse_threads(path, {}, {2, 3, 8});
  std::string fail_late;  // the first bad line deep in the second half
  for (int i = 1; i <= 600; ++i) fail_late += (i == 450 ? std::string("[1]") : rec(i)) + "\n";
  expect_same_for_parse_threads(write(fail_late, "late.jsonl"), {}, {2, 3});
}

TEST_F(Reader, ParsingThreadsReadSeveralRegionsTheSame) {
  const std::string filler(300, 'y');
  std::string content;
  for (int i = 1; i <= 40000; ++i) {
    content += i % 997 == 0 ? std::string("{\"id\": }") : rec(i, ", \"pad\": \"" + filler + "\"");
    content += i % 1500 == 0 ? "\n\n" : "\n";
  }
  ASSERT_GT(content.size(), std::size_t{12} << 20);  // more than one region at 3 threads
  // 16 threads: regions of 8 MiB, each read as four pieces at once.
  expect_same_for_parse_threads(write(content), skipping(), {3, 16});
}

// A plain file read in pieces at once gives its bytes, in order, whatever
// the requests' sizes, the number of read threads and the end of a byte
// window.
TEST_F(Reader, ParallelReadsGiveTheFileBytes) {
  std::string content((std::size_t{5} << 20) + 12345, '\0');
  std::uint64_t x = 99;
  for (char& c : content) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    c = static_cast<char>(x >> 56);
  }
  const std::string path = write(content, "bytes.bin");
  const auto read_whole = [](qc::byte_source& src, std::size_t request) {
    std::string out, buf(request, '\0');
    while (const std::size_t n = src.read(buf.data(), request)) out.append(buf.data(), n);
    return out;
  };
  for (unsigned threads : {1u, 2u, 4u, 7u}) {
    for (std::size_t request : {std::size_t{777}, std::size_t{1} << 20, (std::size_t{2} << 20) + 1,
                                std::size_t{3} << 20, std::size_t{8} << 20}) {
      SCOPED_TRACE("threads " + std::to_string(threads) + ", requests of " +
                   std::to_string(request));
      auto whole = qc::open_byte_source(path);
      whole->read_in_parallel(threads);
      EXPECT_TRUE(read_whole(*whole, request) == content);
      auto window = qc::open_byte_window(path, 1000, (std::size_t{4} << 20) + 3);
      window->read_in_parallel(threads);
      EXPECT_TRUE(read_whole(*window, request) ==
                  content.substr(1000, (std::size_t{4} << 20) - 997));
    }
  }
  EXPECT_EQ(qc::read_threads_for(1), 1u);
  EXPECT_EQ(qc::read_threads_for(8), 2u);
  EXPECT_EQ(qc::read_threads_for(16), 4u);
  EXPECT_EQ(qc::read_threads_for(64), 4u);
}

// UTF-16 (with or without a byte order mark, either byte order) is named as
// such, even under --on-error skip, instead of "unescaped characters".
TEST_F(Reader, Utf16FileIsNamed) {
  const std::string text = rec(1) + "\n" + rec(2) + "\n";
  for (const bool le : {true, false}) {
    for (const bool bom : {true, false}) {
      std::string utf16;
      if (bom) utf16 += le ? "\xFF\xFE" : "\xFE\xFF";
      for (const char c : text) {
        utf16 += le ? c : '\0';
        utf16 += le ? '\0' : c;
      }
      const std::string path = write(utf16);
      for (const bool skip : {false, true}) {
        try {
          read(path, skip ? skipping() : reader_options{});
          ADD_FAILURE() << "no error, le " << le << " bom " << bom;
        } catch (const qc::parse_error& e) {
          EXPECT_EQ(e.line(), 1U);
          EXPECT_NE(e.reason().find("UTF-16"), std::string::npos) << e.what();
          EXPECT_NE(e.reason().find("convert it"), std::string::npos) << e.what();
          EXPECT_EQ(e.reason().find("unescaped"), std::string::npos) << e.what();
        }
      }
    }
  }
  // UTF-8 text with non-ASCII characters is not mistaken for UTF-16.
  EXPECT_EQ(read(write(rec(1, ", \"tags\": [\"\xC3\xA9t\xC3\xA9\"]") + "\n")).size(), 1U);
  // The fuzzer's four bytes (0C 00 80 00: two pairs, each with a zero second
  // byte) read as UTF-16 under --on-error skip too: one error at line 1.
  try {
    read(write(std::string("\x0c\0\x80\0", 4)), skipping());
    ADD_FAILURE() << "no error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.line(), 1U);
    EXPECT_EQ(e.reason(), qc::utf16_message);
  }
}

TEST_F(Reader, ErrorOnLastLineWithoutNewline) {
  const std::string path = write(rec(1) + "\n" + rec(2) + "\n{\"id\": 3, \"title\": \"tru");
  try {
    read(path);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.line(), 3U);
  }
  qc::read_stats stats;
  EXPECT_EQ(read(path, skipping(), &stats).size(), 2U);
  EXPECT_EQ(stats.skipped, 1U);
}

TEST_F(Reader, SkipKeepsFirstTwentyReasons) {
  std::string content;
  for (int i = 1; i <= 1000; ++i) {
    content += (i % 25 == 0 ? std::string(R"({"title": "no id"})") : rec(i)) + "\n";
  }
  qc::read_stats stats;
  const auto posts = read(write(content), skipping(), &stats);
  EXPECT_EQ(posts.size(), 960U);
  EXPECT_EQ(stats.skipped, 40U);
  ASSERT_EQ(stats.skip_reasons.size(), 20U);
  EXPECT_NE(stats.skip_reasons[0].find(":25: missing id"), std::string::npos);
  EXPECT_NE(stats.skip_reasons[19].find(":500: missing id"), std::string::npos);
}

TEST_F(Reader, OnSkipCallbackSeesEveryBadRecordInOrder) {
  std::string content;
  for (int i = 1; i <= 1000; ++i) {
    content += (i % 30 == 0 ? std::string(R"({"id": 1, "title": [1]})") : rec(i)) + "\n";
  }
  const std::string path = write(content);
  std::vector<std::pair<std::size_t, std::string>> seen;
  reader_options o = skipping();
  o.on_skip = [&seen](std::size_t line, const std::string& message) {
    seen.emplace_back(line, message);
  };
  qc::read_stats stats;
  EXPECT_EQ(read(path, o, &stats).size(), 967U);
  ASSERT_EQ(seen.size(), 33U);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].first, 30 * (i + 1));
    EXPECT_EQ(seen[i].second, path + ":" + std::to_string(30 * (i + 1)) +
                                  ": field 'title' must be a string, got array");
  }
  EXPECT_EQ(stats.skip_reasons.size(), 20U);
  EXPECT_EQ(stats.skip_reasons[0], seen[0].second);
}

TEST_F(Reader, OnSkipMergesWithBatchesInLineOrder) {
  // Bad lines at the start, in runs, and after the last good record; batches
  // of 7. Merging each call's skips into its posts by line, as a caller
  // writing one output line per input record does, must give input order.
  std::string content;
  std::vector<bool> bad(1201, false);
  for (std::size_t i = 1; i <= 1200; ++i) {
    bad[i] = i <= 3 || i % 50 == 0 || (i >= 600 && i < 640) || i > 1190;
    content += (bad[i] ? std::string("{oops") : rec(static_cast<int>(i))) + "\n";
  }
  std::vector<std::size_t> call_skips;
  reader_options o = skipping();
  o.on_skip = [&call_skips](std::size_t line, const std::string&) { call_skips.push_back(line); };
  for (std::size_t max_posts : {std::size_t{7}, std::size_t{0}, std::size_t{5000}}) {
    qc::jsonl_reader reader(write(content), o);
    const std::vector<std::size_t> merged = lines_as_merged(reader, max_posts, call_skips);
    EXPECT_TRUE(call_skips.empty()) << "skips reported after the last batch";
    ASSERT_EQ(merged.size(), 1200U);
    for (std::size_t i = 0; i < merged.size(); ++i) ASSERT_EQ(merged[i], i + 1);
    EXPECT_EQ(reader.stats().skipped, 75U);
    call_skips.clear();
  }
}

TEST_F(Reader, ErrorDeepInMultiChunkFile) {
  const std::string filler(300, 'y');
  std::string content;
  const int n = 20000;
  for (int i = 1; i <= n; ++i) {
    if (i == 15001) {
      content += R"({"id": 15001, "title": 3})";
    } else {
      content += rec(i, ", \"pad\": \"" + filler + "\"");
    }
    content += "\n";
  }
  const std::string path = write(content);
  try {
    read(path);
    FAIL() << "no error";
  } catch (const qc::parse_error& e) {
    EXPECT_EQ(e.line(), 15001U);
    EXPECT_EQ(e.reason(), "field 'title' must be a string, got number");
  }
  qc::read_stats stats;
  EXPECT_EQ(read(path, skipping(), &stats).size(), static_cast<std::size_t>(n - 1));
  EXPECT_EQ(stats.skipped, 1U);
}

TEST_F(Reader, StreamAgreesWithLineByLine) {
  // Damaged copies of valid records (a byte deleted, inserted or replaced, or
  // the line cut short), read together (document stream) and one file per
  // line (line-by-line path): the same lines must be kept, with the same ids
  // and titles, and the same reasons for the rest.
  const std::vector<std::string> bases = {
      rec(1, R"(, "tags": ["a", "b"], "labels": "x", "creation_date": "2016-01-12T17:36:25Z")"),
      R"({"question_id": 2, "title": "se \"api\"", "creation_date": 1452620185, "x": [1, {"y": null}]})",
      R"({"Id": 3, "Title": "dump", "Tags": "<a><b>", "Score": "5", "Body": "<p>\u00e9</p>"})",
      R"({"id": "4", "title": "bq", "tags": "a|b", "creation_date": "2016-01-12 17:36:25 UTC"})",
  };
  const std::string inserts = "{}[]\":, \\x0\n";
  std::uint64_t state = 42;
  auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  std::vector<std::string> lines;
  for (int i = 0; i < 3000; ++i) {
    std::string line = bases[next(bases.size())];
    const std::size_t pos = next(line.size());
    switch (next(5)) {
      case 0:
        line.erase(pos, 1);
        break;
      case 1:
        line.insert(pos, 1, inserts[next(inserts.size())]);
        break;
      case 2:
        line[pos] = inserts[next(inserts.size())];
        break;
      case 3:
        line.resize(pos);
        break;
      default:
        break;  // intact
    }
    // A '\n' splits a record in two lines; keep the test's line count simple.
    for (char& c : line) {
      if (c == '\n') c = ' ';
    }
    lines.push_back(line);
  }
  std::string content;
  for (const std::string& line : lines) content += line + "\n";
  qc::read_stats stats;
  const auto together = read(write(content), skipping(), &stats);

  std::vector<post> single;
  std::size_t single_skipped = 0;
  std::size_t blank = 0;
  std::vector<std::string> reasons;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    qc::read_stats one;
    auto posts = read(write(lines[i] + "\n", "one.jsonl"), skipping(), &one);
    single_skipped += one.skipped;
    blank += one.blank_lines;
    for (post& p : posts) {
      p.line = i + 1;
      single.push_back(std::move(p));
    }
    for (const std::string& r : one.skip_reasons) {
      reasons.push_back(std::to_string(i + 1) + r.substr(r.rfind(".jsonl:1") + 8));
    }
  }
  EXPECT_EQ(stats.skipped, single_skipped);
  EXPECT_EQ(stats.blank_lines, blank);
  EXPECT_GT(stats.skipped, 500U);
  EXPECT_GT(together.size(), 1000U);
  for (std::size_t i = 0; i < std::min(together.size(), single.size()); ++i) {
    ASSERT_EQ(together[i].line, single[i].line)
        << lines[std::min(together[i].line, single[i].line) - 1];
    EXPECT_EQ(together[i].id_json, single[i].id_json);
    EXPECT_EQ(together[i].title, single[i].title);
    EXPECT_EQ(together[i].tags, single[i].tags);
  }
  for (std::size_t i = 0; i < stats.skip_reasons.size(); ++i) {
    const std::string& r = stats.skip_reasons[i];
    EXPECT_EQ(r.substr(r.rfind(".jsonl:") + 7), reasons[i]);
  }
}

// ---------------------------------------------------------------- real excerpts

std::string fixture(const char* name) { return std::string(QC_TEST_DATA_DIR) + "/" + name; }

TEST_F(Reader, RealPytorchSoApiExcerpt) {
  const auto posts = read(fixture("reader_pytorch_so_api.jsonl"));
  ASSERT_EQ(posts.size(), 4U);
  EXPECT_EQ(posts[0].id_json, "34750268");
  EXPECT_EQ(posts[0].title, "Extracting the top-k value-indices from a 1-D Tensor");
  EXPECT_EQ(posts[0].body, "");  // null in the export
  EXPECT_TRUE(posts[0].body_is_html);
  EXPECT_EQ(posts[0].tags, (Strings{"python", "lua", "pytorch", "torch"}));
  EXPECT_EQ(posts[0].creation_time, 1452620185);
  EXPECT_EQ(qc::format_iso8601(*posts[0].creation_time), "2016-01-12T17:36:25Z");
  EXPECT_EQ(posts[0].accepted_answer_id, 34762233);
  EXPECT_EQ(posts[0].accepted_answer_time, 1452675449);
  EXPECT_EQ(posts[0].answer_count, 3);
  EXPECT_EQ(posts[0].view_count, 7823);
  EXPECT_EQ(posts[0].score, 7);
  EXPECT_TRUE(posts[0].labels.empty());
  EXPECT_EQ(posts[1].id_json, "38543850");
  EXPECT_EQ(posts[1].view_count, 33739);
  EXPECT_EQ(posts[2].id_json, "41767005");
  EXPECT_FALSE(posts[2].accepted_answer_time);
  EXPECT_EQ(posts[3].id_json, "56176439");
  EXPECT_EQ(posts[3].title, "Pytorch argsort ordered, with duplicate elements in the tensor");
  EXPECT_EQ(posts[3].body.size(), 667U);
  EXPECT_EQ(posts[3].body.rfind("<p>I have a vector <code>A = [0,1,2,3,0,0,1,1,2,2,3,3]</code>", 0),
            0U);
  EXPECT_EQ(posts[3].tags, (Strings{"python", "sorting", "machine-learning", "pytorch", "tensor"}));
  EXPECT_EQ(posts[3].line, 4U);
}

TEST_F(Reader, RealSeDumpBeerExcerpt) {
  const auto posts = read(fixture("reader_se_dump_beer.jsonl"));
  ASSERT_EQ(posts.size(), 4U);
  EXPECT_EQ(posts[0].id_json, "1");
  EXPECT_EQ(posts[0].title, "What is a citra hop, and how does it differ from other hops?");
  EXPECT_EQ(posts[0].body.size(), 155U);
  EXPECT_EQ(posts[0].tags, (Strings{"hops"}));
  EXPECT_EQ(posts[0].creation_time, 1390335965);  // 2014-01-21T20:26:05.383Z
  EXPECT_EQ(posts[0].accepted_answer_id, 4);
  EXPECT_EQ(posts[0].accepted_answer_time, 1390336278);
  EXPECT_EQ(posts[0].answer_count, 1);
  EXPECT_EQ(posts[0].view_count, 252);
  EXPECT_EQ(posts[0].score, 17);
  EXPECT_EQ(posts[1].id_json, "2");
  EXPECT_EQ(posts[1].accepted_answer_id, 175);
  EXPECT_EQ(posts[3].id_json, "5");
  EXPECT_EQ(posts[3].tags, (Strings{"serving", "temperature"}));
}

TEST_F(Reader, RealDlBugExcerptWithLabels) {
  const auto posts = read(fixture("reader_dl_bug.jsonl"));
  ASSERT_EQ(posts.size(), 3U);
  EXPECT_EQ(posts[0].id_json, "31556268");
  EXPECT_EQ(posts[0].title, "How to use keras for XOR");
  EXPECT_FALSE(posts[0].body_is_html);  // plain_text_processed_by_dataset_authors
  EXPECT_EQ(posts[0].body.size(), 1142U);
  EXPECT_EQ(posts[0].labels, (Strings{"training"}));
  EXPECT_EQ(posts[0].tags, (Strings{"python", "neural-network", "xor", "keras"}));
  EXPECT_FALSE(posts[0].creation_time);
  EXPECT_EQ(posts[1].labels, (Strings{"model"}));
  EXPECT_EQ(posts[2].title, "How to prepare a dataset for Keras?");
}

}  // namespace

// How a region's lines are cut into parts for the parsing threads: every
// line once, in order; large parts first (a quarter of the bytes for two
// threads), then smaller ones down to the minimum; one part for one thread.
TEST(GuidedCuts, LargePartsFirstSmallOnesLast) {
  const auto end_of = [](std::size_t i) { return (i + 1) * 1024; };  // 1 KiB lines
  const std::vector<std::size_t> cuts = qc::guided_cuts(1000, 2, 16 * 1024, end_of);
  ASSERT_GE(cuts.size(), 8u);
  EXPECT_EQ(cuts.front(), 0u);
  EXPECT_EQ(cuts.back(), 1000u);
  EXPECT_EQ(cuts[1], 250u);  // a quarter of the bytes
  for (std::size_t k = 1; k < cuts.size(); ++k) {
    ASSERT_LT(cuts[k - 1], cuts[k]);
    if (k + 1 == cuts.size()) continue;          // the last part takes what is left
    EXPECT_GE(cuts[k] - cuts[k - 1], 16u) << k;  // the minimum
    if (k >= 2) {
      EXPECT_LE(cuts[k] - cuts[k - 1], cuts[k - 1] - cuts[k - 2]) << k;  // never growing
    }
  }
  EXPECT_EQ(qc::guided_cuts(1000, 1, 16 * 1024, end_of), (std::vector<std::size_t>{0, 1000}));
  EXPECT_EQ(qc::guided_cuts(0, 4, 16 * 1024, end_of), (std::vector<std::size_t>{0, 0}));
  EXPECT_EQ(qc::guided_cuts(1, 4, 16 * 1024, end_of), (std::vector<std::size_t>{0, 1}));
}

// A prepared post's text buffers go to the next record (no allocation per
// record), except one grown past kKeepTextBytes, which is given back.
TEST(RecordQueue, PreparedTextIsReusedUnlessLarge) {
  qc::record_queue q;
  q.opts.prepare = [](qc::post& p, unsigned) { p.prepared = true; };
  const auto add = [&q](std::size_t body_bytes) {
    q.reuse_text(q.ready.emplace_back());
    q.ready.back().title = "t";
    q.ready.back().body.assign(body_bytes, 'b');
    q.prepare_last();
    EXPECT_TRUE(q.ready.back().title.empty() && q.ready.back().body.empty());
  };
  add(5000);
  EXPECT_GE(q.spare_text.body.capacity(), 5000u);
  const char* kept = q.spare_text.body.data();
  add(4000);  // fits: the same buffer, now kept again
  EXPECT_EQ(q.spare_text.body.data(), kept);
  add(qc::kKeepTextBytes + 1);  // grown past the limit: given back
  EXPECT_LE(q.spare_text.body.capacity(), qc::kKeepTextBytes);
}
