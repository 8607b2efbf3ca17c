// The JSON Lines reader on arbitrary bytes, under both error policies: it
// either throws a qclass error or delivers posts; under --on-error skip it
// never throws for a bad record (a UTF-16 file is a whole-file error) and
// counts what it delivered and skipped.
// Small record limits keep each run's buffers small (and a limit of 2 KiB
// sends the longer lines of an input through the too-long path).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "fuzz_input.hpp"
#include "io/jsonl_reader.hpp"
#include "io/text_encoding.hpp"
#include "qc/core/error.hpp"

namespace {

std::size_t read_through(std::string_view bytes, qc::reader_options opts, std::size_t max_read,
                         std::size_t batch) {
  qc::jsonl_reader r(std::make_unique<qc_fuzz::memory_source>(bytes, max_read), "fuzz.jsonl",
                     std::move(opts));
  std::vector<qc::post> out;
  std::size_t posts = 0;
  while (r.next_batch(out, batch)) posts += out.size();
  if (posts != r.stats().records) std::abort();
  return posts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = qc_fuzz::as_view(data, size);
  qc::reader_options fail;
  fail.max_record_bytes = std::size_t{64} << 10;
  qc_fuzz::expecting_qc_errors([&] { read_through(bytes, fail, std::size_t{1} << 20, 0); });
  qc::reader_options skip;
  skip.errors = qc::on_error::skip;
  skip.max_record_bytes = std::size_t{2} << 10;
  std::size_t skipped = 0;
  skip.on_skip = [&skipped](std::size_t, const std::string&) { ++skipped; };
  // Skips are reported, never thrown (reading errors aside: there are none in
  // memory), but for a file in UTF-16: a whole-file error under every policy,
  // named at line 1 (tests/io/test_jsonl_reader.cpp, Utf16FileIsNamed).
  try {
    read_through(bytes, skip, 4093, 3);
  } catch (const qc::parse_error& e) {
    if (e.line() != 1 || e.reason() != qc::utf16_message) throw;
  }
  return 0;
}
