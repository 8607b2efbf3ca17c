// Decoding of one XML attribute value as an XML 1.0 parser reports it:
// entity and character references replaced, literal white space normalized.
#pragma once
#include <string>
#include <string_view>

namespace qc {

// Decodes `raw` (the text between the quotes) into `out`:
//   - the five predefined entities &lt; &gt; &amp; &quot; &apos;
//   - character references &#NNN; and &#xHHH; to UTF-8. Any Unicode scalar
//     value but U+0000 is accepted: the dumps carry a few C0 controls that
//     XML 1.0 forbids, and JSON output can escape them;
//   - a literal tab, line feed, carriage return or CR LF becomes one space
//     (XML attribute-value normalization; the dumps write newlines as &#xA;).
// Returns "" on success, else the reason: invalid UTF-8, '<' in the value, an
// unknown entity, a bare '&', a reference out of range. `out` is then unspecified.
std::string decode_xml_attribute(std::string_view raw, std::string& out);

// The same decoding, appended to `out` directly as a JSON string literal
// (quotes included, escaped as append_json_string does), in one pass over
// the value. Returns "" or the reason; on error `out` keeps a partial value.
std::string append_xml_attribute_as_json(std::string& out, std::string_view raw);

}  // namespace qc
