// The Posts.xml reader's fast path: plain rows handed out unparsed by the
// scanner (take_plain_row) and parsed on the parsing threads
// (parse_plain_row) give exactly what the scanner's next() gives, on
// well-formed and malformed documents; and the reader built on them reads
// the same posts, skips, errors and counts as a reader made of next() alone.
// Also: the scanner's answers do not depend on where its buffer is refilled.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/byte_source.hpp"
#include "io/posts_xml_reader.hpp"
#include "io/posts_xml_scanner.hpp"
#include "qc/core/error.hpp"
#include "scratch_test.hpp"
#include "xml_scan_transcript.hpp"

namespace {

using qc::on_error;

std::string beer_xml() {
  std::ifstream in(std::string(QC_TEST_DATA_DIR) + "/posts_xml_beer.xml", std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A Posts.xml of `rows` after a first row (which next() reads with the
// prolog and the root's start tag, so that `rows` meet the plain path).
std::string in_posts(const std::string& rows) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
         "<row Id=\"99\" PostTypeId=\"1\" Title=\"first\" Body=\"first\" />\n" +
         rows + "</posts>\n";
}

// Documents whose rows sit next to every kind of markup and mistake the
// plain path must hand back to next(), or reproduce.
std::vector<std::string> tricky_documents() {
  const std::string q = R"(<row Id="1" PostTypeId="1" Title="t" Body="b" Tags="&lt;x&gt;" />)";
  const std::string a = R"(<row Id="2" PostTypeId="2" ParentId="1" Body="an answer" />)";
  return {
      in_posts("  " + q + "\n  " + a + "\n  " + q + "\n"),
      in_posts(q + a + q + "\n"),                         // rows on one line
      in_posts(q + " junk\n  " + a + "\n"),               // text after a row
      in_posts(q + "\n junk <x\n" + a + "\n"),            // text, then '<' mid-line
      in_posts(q + "\n" + q + "\n\n junk\n" + a + "\n"),  // text lines after a row
      in_posts(q + "\n" +
               R"(<row Id="x" PostTypeId="1"/> junk)"
               "\n" +
               q + "\n"),  // bad, text
      in_posts(R"(<row Id="3 Body="x"/>)"
               "\n" +
               a + "\n"),  // quote left open
      in_posts(R"(<row Id="4" Body="a<b"/>)"
               "\n" +
               a + "\n"),  // '<' in a value
      in_posts(R"(<row Id="5" Body="a<row x"/>)"
               "\n" +
               a + "\n"),                                     // "<row" in a value
      in_posts(R"(<row Id="6" Body="a<row "/>)" + a + "\n"),  // ... right before a row
      in_posts(R"(<row Id="7" PostTypeId="1"></row>)"
               "\n" +
               a + "\n"),  // the long empty form
      in_posts(R"(<row Id="8" PostTypeId="1">x</row>)"
               "\n" +
               a + "\n"),
      in_posts(R"(<row Id="9" PostTypeId="1" ></row )"
               "\n" +
               q + "\n"),
      in_posts(R"(<row Id="10" PostTypeId="1" Body="two)"
               "\nlines\" \n Title='single'/>\n" +
               q + "\n"),
      in_posts(q + "\n<!-- a comment -->\n" + q + "\n<?pi x?>\n" + q + "\n"),
      in_posts(q + "<rowx/>" + q + "<row/>" + q + "<row>" + q + "\n"),
      in_posts(R"(<row Id="11" Id="12" PostTypeId="1"/>)"
               "\n" +
               q + "\n"),  // attribute twice
      in_posts(R"(<row Id="13" PostTypeId="1"/ >)"
               "\n" +
               q + "\n"),  // '/' alone
      in_posts(R"(<row Id="14"PostTypeId="1"/>)"
               "\n" +
               q + "\n"),  // no white space
      in_posts(R"(<row Id="15" PostTypeId=1/>)"
               "\n" +
               q + "\n"),  // not quoted
      in_posts(R"(<row Id="16" PostTypeId/>)"
               "\n" +
               q + "\n"),  // no value
      in_posts(R"(<row Id="x" PostTypeId="1"/>)"
               "\n" +
               q + "\n"),  // bad id
      in_posts(R"(<row Id="17" PostTypeId="q"/>)"
               "\n" +
               q + "\n"),  // bad type
      in_posts(R"(<row Id="18" PostTypeId="1" CreationDate="soon"/>)"
               "\n" +
               q + "\n"),
      in_posts(R"(<row Id="19" PostTypeId="1" Body="&bogus;"/>)"
               "\n" +
               q + "\n"),
      in_posts("\t" + q + "\r\n\t" + q + "\r\n" + q + "\r\n"),    // tabs, CRLF
      in_posts(q + "\n" + q + "\n</posts>\n<row Id=\"20\"/>\n"),  // rows after the end
      "<posts>\n" + q + "\n" + q + "\n<row",                      // cut short
      "<posts>\n" + q + "\n" + q + "\n<row ",
      "<posts>\n" + q + "\n" + q + "\n<row I",
      "<posts>\n" + q + "\n" + q,  // never closed
      in_posts(q + "\n" + q + "\n" + q),
  };
}

std::string transcript_of(const std::string& path, bool plain, std::size_t max_row_bytes,
                          std::size_t* plain_rows = nullptr) {
  return qc_test::xml_scan_transcript(qc::open_byte_source(path), plain, max_row_bytes, plain_rows);
}

// `xml` with `n` random edits (a byte of markup inserted, deleted or put in
// place of another), seeded.
std::string mutated(std::string xml, std::mt19937_64& rng, int n) {
  static const std::string pool = "<>/=\"' \n\trowRowIdP1&;x";
  for (int k = 0; k < n && !xml.empty(); ++k) {
    const std::size_t at = rng() % xml.size();
    const char c = pool[rng() % pool.size()];
    switch (rng() % 3) {
      case 0:
        xml.insert(xml.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      case 1:
        xml.erase(at, 1);
        break;
      default:
        xml[at] = c;
        break;
    }
  }
  return xml;
}

class PlainRows : public qc_test::scratch_test {};

TEST_F(PlainRows, TrickyDocumentsScanTheSameAsNextAlone) {
  std::size_t plain_rows = 0;
  int i = 0;
  for (const std::string& xml : tricky_documents()) {
    const std::string path = write_file("t" + std::to_string(i++) + ".xml", xml).string();
    for (const std::size_t max_row : {std::size_t{256}, std::size_t{4096}}) {
      SCOPED_TRACE(xml);
      EXPECT_EQ(transcript_of(path, true, max_row, &plain_rows),
                transcript_of(path, false, max_row));
    }
  }
  EXPECT_GE(plain_rows, 50u);  // the fast path ran, not only next()
}

TEST_F(PlainRows, RealRowsEditedAtRandomScanTheSameAsNextAlone) {
  const std::string beer = beer_xml();
  ASSERT_GT(beer.size(), 40000u);
  std::mt19937_64 rng(20261205);
  std::size_t plain_rows = 0;
  for (int round = 0; round < 300; ++round) {
    const std::string xml = mutated(beer, rng, 1 + round % 12);
    const std::string path = write_file("m.xml", xml).string();
    // A buffer of 2 KiB to 4 KiB: rows meet its end at every offset.
    const std::size_t max_row = 2048 + static_cast<std::size_t>(rng() % 2048);
    const std::string fast = transcript_of(path, true, max_row, &plain_rows);
    const std::string exact = transcript_of(path, false, max_row);
    ASSERT_EQ(fast, exact) << "round " << round;
  }
  EXPECT_GE(plain_rows, 8000u);  // of the 300 x 52 rows
}

// The scanner's answers wherever its buffer is refilled: after a bad row, a
// '<' that starts a line ends the resync also when the line break was read
// before the refill that brought the '<'; text outside a row is shown alike
// when it runs past the buffer's end.
TEST_F(PlainRows, AnswersAreTheSameWhereverTheBufferIsRefilled) {
  std::vector<std::string> docs;
  for (const std::size_t filler : {0, 1, 7, 40, 130}) {
    docs.push_back("<posts>\n<row Id=\"1\"/>\n<row Id=\"2\" /" + std::string(filler, 'x') +
                   "\n  \t</postsX>" + std::string(filler, 'y') + "\n<row Id=\"3\"/>\n</posts>\n");
    docs.push_back("<posts>\n<row Id=\"1\"/>\n<row Id=\"2\"/>" + std::string(filler, ' ') +
                   "text outside of every row, longer than what is shown" +
                   std::string(filler, 'z') +
                   " <row Id=\"3\"/>\n<row Id=\"4\"/> a\n<row Id=\"5\"/>\n</posts>\n");
  }
  for (const std::string& xml : docs) {
    const std::string path = write_file("r.xml", xml).string();
    const std::string want = transcript_of(path, false, 4096);
    EXPECT_NE(want.find("error"), std::string::npos) << want;
    for (std::size_t cap = 48; cap < 240; ++cap) {  // a row, or 40 bytes of text, fit
      SCOPED_TRACE(xml + " in " + std::to_string(cap) + " bytes");
      ASSERT_EQ(transcript_of(path, false, cap), want);
      ASSERT_EQ(transcript_of(path, true, cap), want);
    }
  }
}

// A plain row's bytes stay as they were while its buffer is held, though
// the scanner reads on (into other buffers, and into held ones again once
// released).
TEST_F(PlainRows, HeldBuffersKeepTheirRowsWhileTheScannerReadsOn) {
  const std::string beer = beer_xml();
  const std::string rows =
      beer.substr(beer.find("<row"), beer.rfind("</posts>") - beer.find("<row"));
  const std::string path = write_file("beer.xml", in_posts(rows + rows + rows + rows)).string();
  qc::posts_xml_scanner s(qc::open_byte_source(path), path, 8192);  // refilled about 24 times
  struct kept {
    std::shared_ptr<const char[]> buffer;
    std::string_view bytes;
    std::string copy;
  };
  std::deque<kept> held;
  std::size_t checked = 0;
  qc::posts_xml_scanner::plain_row pr;
  qc::dump_row row;
  for (;;) {
    if (s.take_plain_row(pr)) {
      held.push_back({s.share_buffer(), pr.bytes, std::string(pr.bytes)});
      ASSERT_EQ(held.back().buffer.get(), s.buffer_data());
    } else if (s.next(row) == qc::posts_xml_scanner::status::end) {
      break;
    }
    // Hold the last 5 rows' buffers only: the older ones go back for reuse.
    for (; held.size() > 5; held.pop_front(), ++checked)
      ASSERT_EQ(held.front().bytes, held.front().copy);
  }
  for (const kept& k : held) ASSERT_EQ(k.bytes, k.copy);
  EXPECT_GT(checked, 150u);
}

// ---- the reader against one made of next() alone

struct read_result {
  std::string events;  // posts and skips in input order
  std::size_t other_rows = 0;
  std::string failure;  // the error that ended the reading
};

std::string post_event(const qc::post& p) {
  std::string e =
      "post " + std::to_string(p.line) + " " + p.id_json + " [" + p.title + "] [" + p.body + "]";
  for (const std::string& t : p.tags) e += " <" + t + ">";
  if (p.creation_time) e += " t=" + std::to_string(*p.creation_time);
  if (p.accepted_answer_id) e += " acc=" + std::to_string(*p.accepted_answer_id);
  if (p.score) e += " s=" + std::to_string(*p.score);
  return e + "\n";
}

// What the reader's hold() and decoding do with each of next()'s answers,
// one row at a time.
read_result reference_read(const std::string& path, on_error errors) {
  read_result r;
  qc::posts_xml_scanner s(qc::open_byte_source(path), path);
  qc::dump_row row;
  std::string scratch;
  auto bad = [&](std::size_t line, const std::string& reason) {
    const std::string message = path + ":" + std::to_string(line) + ": " + reason;
    if (errors == on_error::fail) {
      r.failure = message;
      return false;
    }
    r.events += "skip " + std::to_string(line) + " " + message + "\n";
    return true;
  };
  try {
    for (;;) {
      const qc::posts_xml_scanner::status st = s.next(row);
      if (st == qc::posts_xml_scanner::status::end) break;
      if (st == qc::posts_xml_scanner::status::error) {
        if (!bad(s.error_line(), s.error_reason())) break;
        continue;
      }
      std::int64_t type = 0;
      std::string reason = qc::row_post_type(row, type);
      if (reason.empty() && type != 1) {
        ++r.other_rows;
        continue;
      }
      qc::post p;
      if (reason.empty()) reason = qc::question_from_row(row, p, scratch);
      if (reason.empty()) {
        r.events += post_event(p);
      } else if (!bad(row.line, reason)) {
        break;
      }
    }
  } catch (const qc::error& e) {
    r.failure = e.what();
  }
  return r;
}

// The reader's posts and skips in input order: a skip reported while a
// batch holds k posts lies before the batch's post k.
read_result reader_read(const std::string& path, on_error errors, unsigned threads) {
  read_result r;
  std::vector<qc::post> batch;
  std::vector<std::pair<std::size_t, std::string>> skips;  // (k, event)
  qc::reader_options o;
  o.errors = errors;
  o.parse_threads = threads;
  o.on_skip = [&](std::size_t line, const std::string& message) {
    skips.emplace_back(batch.size(), "skip " + std::to_string(line) + " " + message + "\n");
  };
  auto merge = [&] {
    std::size_t next = 0;
    for (std::size_t k = 0; k <= batch.size(); ++k) {
      for (; next < skips.size() && skips[next].first == k; ++next) r.events += skips[next].second;
      if (k < batch.size()) r.events += post_event(batch[k]);
    }
    batch.clear();
    skips.clear();
  };
  try {
    qc::posts_xml_reader reader(path, o);
    while (reader.next_batch(batch, 3)) merge();
    merge();
    r.other_rows = reader.stats().other_rows;
  } catch (const qc::error& e) {
    batch.clear();
    merge();
    r.failure = e.what();
  }
  return r;
}

void expect_reads_the_same(const std::string& path) {
  for (const on_error errors : {on_error::skip, on_error::fail}) {
    const read_result want = reference_read(path, errors);
    for (const unsigned threads : {1u, 2u, 4u, 7u}) {  // plain rows from 4 on
      SCOPED_TRACE(std::string(errors == on_error::skip ? "skip" : "fail") + ", threads " +
                   std::to_string(threads));
      const read_result got = reader_read(path, errors, threads);
      ASSERT_EQ(got.events, want.events);
      ASSERT_EQ(got.failure, want.failure);
      if (want.failure.empty()) {
        EXPECT_EQ(got.other_rows, want.other_rows);
      }
    }
  }
}

TEST_F(PlainRows, ReaderReadsTrickyDocumentsAsNextAlone) {
  int i = 0;
  for (const std::string& xml : tricky_documents()) {
    SCOPED_TRACE(xml);
    expect_reads_the_same(write_file("t" + std::to_string(i++) + ".xml", xml).string());
  }
}

TEST_F(PlainRows, ReaderReadsEditedRealRowsAsNextAlone) {
  const std::string beer = beer_xml();
  std::mt19937_64 rng(7);
  // The real file, then copies with a few edits; 100 copies in one file
  // (4.9 MB) make regions of several parts, and fill more than one of the
  // scanner's 4 MiB buffers.
  std::string big;
  for (int k = 0; k < 100; ++k)
    big += beer.substr(beer.find("<row"), beer.rfind("</posts>") - beer.find("<row"));
  expect_reads_the_same(write_file("beer.xml", beer).string());
  expect_reads_the_same(write_file("big.xml", in_posts(big)).string());
  for (int round = 0; round < 40; ++round) {
    SCOPED_TRACE(round);
    expect_reads_the_same(write_file("m.xml", mutated(beer, rng, 1 + round % 6)).string());
  }
}

}  // namespace
