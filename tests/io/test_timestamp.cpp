// Timestamps: the forms of every accepted schema, calendar edge cases, and
// malformed text.
#include "io/timestamp.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace {

using qc::format_iso8601;
using qc::parse_timestamp;

TEST(Timestamp, Iso8601WithZ) {
  EXPECT_EQ(parse_timestamp("2016-01-12T17:36:25Z"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-07-23T16:15:43Z"), 1469290543);
  EXPECT_EQ(parse_timestamp("2016-01-12t17:36:25z"), 1452620185);
}

TEST(Timestamp, FractionalSecondsAreTruncated) {
  EXPECT_EQ(parse_timestamp("2014-01-21T20:26:05.383Z"), 1390335965);
  EXPECT_EQ(parse_timestamp("2014-01-21T20:26:05.999999999Z"), 1390335965);
  EXPECT_EQ(parse_timestamp("2014-01-21T20:26:05,5Z"), 1390335965);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59.9Z"), -1);
}

TEST(Timestamp, NoZoneIsUtc) {
  EXPECT_EQ(parse_timestamp("2014-01-21T20:26:05.383"), 1390335965);  // dump style
  EXPECT_EQ(parse_timestamp("2014-01-21T20:26:05"), 1390335965);
  EXPECT_EQ(parse_timestamp("2014-01-21 20:26:05"), 1390335965);
}

TEST(Timestamp, BigQuery) {
  EXPECT_EQ(parse_timestamp("2016-01-12 17:36:25.123 UTC"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12 17:36:25 UTC"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12 17:36:25+00"), 1452620185);
}

TEST(Timestamp, Offsets) {
  EXPECT_EQ(parse_timestamp("2016-01-12T19:36:25+02:00"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12T12:06:25-05:30"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12T23:06:25+0530"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12T18:36:25+01"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12T17:36:25.5+00:00"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-12T17:36:25 +00:00"), 1452620185);
  EXPECT_EQ(parse_timestamp("2016-01-13T01:36:25+08:00"), 1452620185);  // across midnight
}

TEST(Timestamp, ShortForms) {
  EXPECT_EQ(parse_timestamp("2016-01-12T17:36Z"), 1452620160);
  EXPECT_EQ(parse_timestamp("2016-01-12"), 1452556800);
  EXPECT_EQ(parse_timestamp("2016-01-12 UTC"), 1452556800);
}

TEST(Timestamp, CalendarEdges) {
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp("1969-12-31T23:59:59Z"), -1);
  EXPECT_EQ(parse_timestamp("2000-02-29T00:00:00Z"), 951782400);
  EXPECT_EQ(parse_timestamp("1600-03-01T00:00:00Z"), -11670912000);
  EXPECT_EQ(parse_timestamp("9999-12-31T23:59:59Z"), 253402300799);
  EXPECT_EQ(parse_timestamp("2016-02-29T00:00:00Z"), 1456704000);
  EXPECT_EQ(parse_timestamp("2015-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("1900-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2016-04-31T00:00:00Z"), std::nullopt);
}

TEST(Timestamp, DaysFromCivil) {
  EXPECT_EQ(qc::days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(qc::days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(qc::days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(qc::days_from_civil(-1, 12, 31), -719529);
}

TEST(Timestamp, Malformed) {
  for (const char* bad : {"",
                          "2016",
                          "2016-01",
                          "2016-1-12",
                          "16-01-12",
                          "2016/01/12",
                          "2016-01-12T",
                          "2016-01-12T17",
                          "2016-01-12T17:36:",
                          "2016-01-12T17:36:25.",
                          "2016-01-12T17:36:25.Z",
                          "2016-01-12T24:00:00Z",
                          "2016-01-12T17:60:00Z",
                          "2016-01-12T17:36:60Z",
                          "2016-13-01T00:00:00Z",
                          "2016-00-10T00:00:00Z",
                          "2016-01-00T00:00:00Z",
                          "2016-01-32T00:00:00Z",
                          "2016-01-12T17:36:25 PST",
                          "2016-01-12T17:36:25Zjunk",
                          "2016-01-12T17:36:25+2:00",
                          "2016-01-12T17:36:25+24:00",
                          "2016-01-12T17:36:25+02:60",
                          "2016-01-12T17:36:25+02:0",
                          "2016-01-12T17:36:25 ",
                          " 2016-01-12T17:36:25Z",
                          "2016-01-12  17:36:25",
                          "17:36:25",
                          "1452620185",
                          "yesterday"}) {
    EXPECT_EQ(parse_timestamp(bad), std::nullopt) << "'" << bad << "'";
  }
}

TEST(Timestamp, FormatIso8601) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(1452620185), "2016-01-12T17:36:25Z");
  EXPECT_EQ(format_iso8601(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_iso8601(253402300799), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_iso8601(-11670912000), "1600-03-01T00:00:00Z");
}

TEST(Timestamp, RoundTrip) {
  // Every 7 days and 13 seconds from 1600 to 2400: format then parse.
  const std::int64_t from = *parse_timestamp("1600-01-01T00:00:00Z");
  const std::int64_t to = *parse_timestamp("2400-12-31T23:59:59Z");
  std::size_t checked = 0;
  for (std::int64_t t = from; t <= to; t += 7 * 86400 + 13) {
    const std::string text = format_iso8601(t);
    ASSERT_EQ(parse_timestamp(text), t) << text;
    ++checked;
  }
  EXPECT_GT(checked, 40000U);
}

}  // namespace
