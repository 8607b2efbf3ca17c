// The XML attribute decoder on arbitrary bytes: decoding to text and to a
// JSON string literal agree on what is an error, and a decoded value is
// valid UTF-8 with no raw '<' accepted.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "io/xml_attribute.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw = qc_fuzz::as_view(data, size);
  std::string text;
  const std::string err = qc::decode_xml_attribute(raw, text);
  std::string json;
  const std::string err_json = qc::append_xml_attribute_as_json(json, raw);
  if (err.empty() != err_json.empty()) std::abort();
  if (!err.empty()) return 0;
  if (!simdjson::validate_utf8(text.data(), text.size())) std::abort();
  // The JSON literal parses back to the same text.
  simdjson::dom::parser parser;
  std::string_view back;
  if (parser.parse(json).get_string().get(back) != simdjson::SUCCESS) std::abort();
  if (back != text) std::abort();
  return 0;
}
