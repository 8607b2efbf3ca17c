// The labeling page: one self-contained HTML file (every style and script
// inline, nothing fetched) to label the posts of a sheet in a browser, one
// post at a time: title, body text, tags and a link to the question, the
// categories as buttons with keyboard shortcuts, a second label, progress
// kept in the browser's localStorage under a key of the sheet (two sheets
// never share progress), and an export of the sheet's CSV with the labels
// filled in (formats/label_sheet.hpp), for `labels merge` and `agreement`.
//
// The page is report/label_page.html, embedded at build time, with its slots
// filled: the title and the buttons HTML-escaped (report/html_escape.hpp),
// the sheet as JSON in a <script type="application/json"> element, where
// '<' is written \u003c (so no "</script" or "<!--" can occur) and U+2028
// and U+2029 as \u2028 and \u2029. The page renders post text with
// textContent: it never parses a post as HTML.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "formats/label_sheet.hpp"

namespace qc {

struct label_page {
  std::string title;                    // shown in the header and the tab
  std::vector<std::string> categories;  // the buttons, in this order
  std::string export_name;              // file name of the exported CSV
};

// The shortcut of each of `n` categories: 1-9 and 0, then the letters the
// page does not use itself (e export, n next, p previous, u undo, x clear);
// "" after the 31st.
std::vector<std::string> category_shortcuts(std::size_t n);

// The key the page keeps its progress under: FNV-1a 64 of the sheet's CSV
// text written without labels, in hex.
std::string label_page_key(const std::vector<sheet_row>& rows);

// JSON text made safe inside a <script> element (see above).
std::string script_safe_json(std::string_view json);

// report/label_page.html, as embedded at build time.
std::string_view label_page_template();

// The whole page for `rows` (their labels are not used: a new sheet).
std::string write_label_page(const std::vector<sheet_row>& rows, const label_page& page);

}  // namespace qc
