// The Posts.xml scanner's fast path: plain rows handed out unparsed
// (take_plain_row) and parsed elsewhere (parse_plain_row) give exactly what
// the scanner's next() gives, on well-formed and malformed documents; and
// the scanner's answers do not depend on where its buffer is refilled.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
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

// After a bad row, a '<' that starts a line ends the resync: also when the
// line break was read into the buffer before the refill that brought the
// '<', wherever the refills fall.
TEST_F(PlainRows, ResyncIsTheSameWhereverTheBufferIsRefilled) {
  for (const std::size_t filler : {0, 1, 7, 40, 130}) {
    const std::string xml = "<posts>\n<row Id=\"1\"/>\n<row Id=\"2\" /" + std::string(filler, 'x') +
                            "\n  \t</postsX>" + std::string(filler, 'y') +
                            "\n<row Id=\"3\"/>\n</posts>\n";
    const std::string path = write_file("r.xml", xml).string();
    const std::string want = transcript_of(path, false, 4096);
    EXPECT_NE(want.find("unexpected end tag </postsX>"), std::string::npos) << want;
    for (std::size_t cap = 24; cap < 200; ++cap) {
      SCOPED_TRACE(xml + " in " + std::to_string(cap) + " bytes");
      ASSERT_EQ(transcript_of(path, false, cap), want);
      ASSERT_EQ(transcript_of(path, true, cap), want);
    }
  }
}

}  // namespace
