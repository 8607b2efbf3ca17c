// Timestamps of the accepted input schemas, as Unix seconds (UTC), by pure
// calendar arithmetic: no locale, no time-zone database.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace qc {

// Parses one timestamp into Unix seconds, UTC. Accepted forms:
//   2016-01-12T17:36:25Z           ISO 8601 (also 't', lowercase 'z')
//   2016-01-12T17:36:25.383Z       fractional seconds ('.' or ','), truncated
//   2016-01-12T17:36:25+02:00      offsets +hh:mm, +hhmm, +hh (and '-')
//   2016-01-12 17:36:25.123 UTC    BigQuery export
//   2014-01-21T20:26:05.383        dump style, no zone: taken as UTC
//   2016-01-12T17:36               seconds may be omitted
//   2016-01-12                     a date alone is midnight UTC
// One space may separate the time from the zone (" UTC", " Z", " +00:00").
// Anything else, or an impossible date or time (2015-02-29, 24:00:00,
// seconds 60), gives nullopt.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// Unix seconds to `YYYY-MM-DDTHH:MM:SSZ` (UTC), e.g. 2016-01-12T17:36:25Z.
std::string format_iso8601(std::int64_t unix_seconds);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12, day 1-31).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

struct civil_date {
  std::int64_t year;
  unsigned month;  // 1-12
  unsigned day;    // 1-31
};
// The inverse: the proleptic Gregorian date `days` after 1970-01-01.
civil_date civil_from_days(std::int64_t days) noexcept;

// Floor division for a positive divisor (rounds toward minus infinity).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return (a % b != 0 && a < 0) ? a / b - 1 : a / b;
}

}  // namespace qc
