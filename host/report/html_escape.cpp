#include "report/html_escape.hpp"

namespace qc {

void append_html_escaped(std::string& out, std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(ch);
        }
    }
  }
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_html_escaped(out, s);
  return out;
}

}  // namespace qc
