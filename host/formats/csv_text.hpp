// CSV text as the report writes and reads it (RFC 4180: comma separated,
// fields with a comma, quote or line break are quoted, quotes doubled).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qc {

// Appends one field, quoted only when it has to be.
void append_csv_field(std::string& out, std::string_view field);

struct csv_record {
  std::vector<std::string> fields;
  std::size_t line = 0;  // 1-based line where the record starts
};

struct csv_document {
  std::vector<csv_record> records;
  // Lines that start with '#' where a record would start (sweep tables end
  // with a `#best {json}` line), without the '#', with their line numbers.
  std::vector<csv_record> comments;
};

// Parses CSV text; `file` names the source in errors. An unterminated quoted
// field or a character after a closing quote throws parse_error (file:line).
// Blank lines are skipped; "\r\n" line ends are accepted.
csv_document parse_csv(std::string_view text, const std::string& file);

// The index of column `name` in `header`; -1 when it is absent and not
// `required`, else parse_error (file:line of the header).
std::ptrdiff_t csv_column(const csv_record& header, const std::string& name, bool required,
                          const std::string& file);

// Throws parse_error (file:line) unless `rec` has `n` fields.
void check_csv_field_count(const csv_record& rec, std::size_t n, const std::string& file);

// A number field of `path` at `line` (shortest round-trip text or any
// decimal from_chars reads); empty gives nullopt when allow_empty, else
// parse_error, as does anything else that is not a number.
std::optional<double> parse_csv_number(const std::string& s, const std::string& path,
                                       std::size_t line, bool allow_empty);
// Reads a whole file ("-" is standard input). Throws io_error.
std::string read_text_file(const std::string& path);

}  // namespace qc
