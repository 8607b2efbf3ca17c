// Escaping text for HTML and SVG (XML) element content and attribute values.
#pragma once
#include <string>
#include <string_view>

namespace qc {

// Appends s with & < > " ' escaped, valid in text and in quoted attributes of
// both HTML and XML. Control characters other than tab and line breaks, which
// XML forbids, become U+FFFD.
void append_html_escaped(std::string& out, std::string_view s);
std::string html_escape(std::string_view s);

}  // namespace qc
