#include "io/timestamp.hpp"

#include <cstdio>

namespace qc {
namespace {

constexpr std::int64_t seconds_per_day = 86400;

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; false (and `pos` unchanged) otherwise.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t n, int& out) noexcept {
  if (s.size() - pos < n) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  pos += n;
  return true;
}

bool is_leap(std::int64_t y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  static constexpr unsigned days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29U : days[m - 1];
}

// The zone designator at `pos` (which may be the end): its offset east of UTC
// in seconds, or nullopt when it is malformed or followed by anything.
std::optional<std::int64_t> parse_zone(std::string_view s, std::size_t pos) noexcept {
  if (pos == s.size()) return 0;  // no zone: UTC
  if (s[pos] == ' ') {
    ++pos;
    if (pos == s.size()) return std::nullopt;
  }
  const std::string_view rest = s.substr(pos);
  if (rest == "Z" || rest == "z" || rest == "UTC") return 0;
  if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
  const int sign = rest[0] == '-' ? -1 : 1;
  std::size_t p = 1;
  int hh = 0;
  int mm = 0;
  if (!read_digits(rest, p, 2, hh)) return std::nullopt;
  if (p < rest.size()) {
    if (rest[p] == ':') ++p;
    if (!read_digits(rest, p, 2, mm)) return std::nullopt;
  }
  if (p != rest.size() || hh > 23 || mm > 59) return std::nullopt;
  return sign * (static_cast<std::int64_t>(hh) * 3600 + static_cast<std::int64_t>(mm) * 60);
}

}  // namespace

// Howard Hinnant's days_from_civil, exact for every representable year.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept {
  const std::int64_t y = year - (month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;                                            // [0, 399]
  const std::int64_t mp = month > 2 ? month - 3 : month + 9;                         // [0, 11]
  const std::int64_t doy = (153 * mp + 2) / 5 + static_cast<std::int64_t>(day) - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                    // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::optional<std::int64_t> parse_timestamp(std::string_view s) {
  std::size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!read_digits(s, pos, 4, year)) return std::nullopt;
  if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!read_digits(s, pos, 2, month)) return std::nullopt;
  if (pos >= s.size() || s[pos++] != '-') return std::nullopt;
  if (!read_digits(s, pos, 2, day)) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) {
    return std::nullopt;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ') && pos + 1 < s.size() &&
      is_digit(s[pos + 1])) {
    ++pos;
    if (!read_digits(s, pos, 2, hour)) return std::nullopt;
    if (pos >= s.size() || s[pos++] != ':') return std::nullopt;
    if (!read_digits(s, pos, 2, minute)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_digits(s, pos, 2, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && is_digit(s[pos])) ++pos;  // truncated
        if (pos == start) return std::nullopt;
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  const std::optional<std::int64_t> offset = parse_zone(s, pos);
  if (!offset) return std::nullopt;
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * seconds_per_day + hour * 3600 + minute * 60 + second - *offset;
}

// Howard Hinnant's civil_from_days, exact for every representable day.
civil_date civil_from_days(std::int64_t days) noexcept {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;                           // [1, 31]
  const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;                            // [1, 12]
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), static_cast<unsigned>(month),
          static_cast<unsigned>(day)};
}

std::string format_iso8601(std::int64_t t) {
  const std::int64_t days = floor_div(t, seconds_per_day);
  const std::int64_t secs = t - days * seconds_per_day;  // [0, 86399]
  const civil_date d = civil_from_days(days);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                static_cast<long long>(d.year), static_cast<long long>(d.month),
                static_cast<long long>(d.day), static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60));
  return buf;
}

}  // namespace qc
