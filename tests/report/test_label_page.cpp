// The labeling page of `qclass sample --html` (report/label_page.hpp): the
// categories as escaped buttons, the sheet embedded as JSON that no post
// text can break out of, nothing fetched. The page's behaviour in a browser
// is checked in headless Chromium (tools/check_label_page_selenium.py).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <string>
#include <vector>

#include "formats/label_sheet.hpp"
#include "report/label_page.hpp"

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
  return n;
}

std::vector<qc::sheet_row> rows() {
  qc::sheet_row a;
  a.id = "42";
  a.framework = "pytorch";
  a.how = "top_viewed";
  a.rank = "0";
  a.link = "https://stackoverflow.com/questions/42";
  a.title = "Why </script><script>alert(1)</script> & <!-- breaks?";
  a.text = "line one\nx = a < b && c > d; \"q\" 'q'\u2028sep\u2029end </SCRIPT >";
  a.tags = "python pytorch";
  qc::sheet_row b = a;
  b.id = "\"abc\"";
  b.how = "random";
  b.title = "second";
  b.text = "";
  return {a, b};
}

qc::label_page page() {
  qc::label_page p;
  p.title = "batch <1> & \"two\"";
  p.categories = {"program crash", "a<b>&\"c'", "gpu"};
  p.export_name = "batch.labels.csv";
  return p;
}

// The text of the <script type="application/json"> element.
std::string embedded_json(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"qc-sheet\">";
  const std::size_t b = html.find(open);
  EXPECT_NE(b, std::string::npos);
  const std::size_t e = html.find("</script>", b);
  return html.substr(b + open.size(), e - b - open.size());
}

TEST(LabelPage, ShortcutsSkipThePagesOwnKeys) {
  const std::vector<std::string> k = qc::category_shortcuts(33);
  ASSERT_EQ(k[0], "1");
  ASSERT_EQ(k[8], "9");
  ASSERT_EQ(k[9], "0");
  ASSERT_EQ(k[10], "a");
  ASSERT_EQ(k[30], "z");
  ASSERT_EQ(k[31], "");
  ASSERT_EQ(k[32], "");
  for (const std::string& key : k)
    for (const char* own : {"e", "n", "p", "u", "x"}) ASSERT_NE(key, own);
}

TEST(LabelPage, ScriptSafeJson) {
  const std::string in = "[\"</script><!-- \\\"<\\u2028\u2028\u2029\"]";
  const std::string out = qc::script_safe_json(in);
  ASSERT_EQ(out, "[\"\\u003c/script>\\u003c!-- \\\"\\u003c\\u2028\\u2028\\u2029\"]");
  // Still the same JSON value.
  simdjson::dom::parser parser;
  std::string_view a, b;
  ASSERT_EQ(parser.parse(in).at(0).get_string().get(a), simdjson::SUCCESS);
  const std::string a_copy(a);
  simdjson::dom::parser parser2;
  ASSERT_EQ(parser2.parse(out).at(0).get_string().get(b), simdjson::SUCCESS);
  ASSERT_EQ(std::string(b), a_copy);
}

TEST(LabelPage, CategoriesAreEscapedButtonsWithTheirKeys) {
  const std::string html = qc::write_label_page(rows(), page());
  ASSERT_EQ(count(html, "class=\"category\""), 3u);
  ASSERT_NE(html.find("data-key=\"1\" aria-pressed=\"false\"><kbd>1</kbd><span>program "
                      "crash</span></button>"),
            std::string::npos);
  ASSERT_NE(html.find("<kbd>2</kbd><span>a&lt;b&gt;&amp;&quot;c&#39;</span>"), std::string::npos);
  ASSERT_NE(html.find("<kbd>3</kbd><span>gpu</span>"), std::string::npos);
  ASSERT_EQ(html.find("a<b>"), std::string::npos);
  // The title, escaped, in the tab and the header.
  ASSERT_EQ(count(html, "batch &lt;1&gt; &amp; &quot;two&quot;"), 2u);
  ASSERT_EQ(html.find("{{"), std::string::npos);  // every slot filled
}

TEST(LabelPage, SheetIsEmbeddedAsJsonNoPostCanBreakOutOf) {
  const std::string html = qc::write_label_page(rows(), page());
  // Two script elements, and nothing of the posts closes one or opens a comment.
  ASSERT_EQ(count(html, "<script"), 2u);
  ASSERT_EQ(count(html, "</script>"), 2u);
  ASSERT_EQ(count(html, "<!--"), 1u);  // the template's own comment, before <html>
  ASSERT_EQ(html.find("\u2028"), std::string::npos);
  ASSERT_EQ(html.find("\u2029"), std::string::npos);
  ASSERT_EQ(html.find("</SCRIPT"), std::string::npos);
  const std::string json = embedded_json(html);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
  std::string_view s;
  ASSERT_EQ(doc["key"].get_string().get(s), simdjson::SUCCESS);
  ASSERT_EQ(std::string(s), qc::label_page_key(rows()));
  ASSERT_EQ(doc["export_name"].get_string().get(s), simdjson::SUCCESS);
  ASSERT_EQ(std::string(s), "batch.labels.csv");
  std::vector<std::string> cols, cats;
  for (auto c : doc["columns"].get_array()) cols.emplace_back(std::string_view(c.get_string()));
  ASSERT_EQ(cols, (std::vector<std::string>{"id", "framework", "how", "rank", "link", "title",
                                            "text", "tags", "labels"}));
  for (auto c : doc["categories"].get_array()) cats.emplace_back(std::string_view(c.get_string()));
  ASSERT_EQ(cats, page().categories);
  const std::vector<qc::sheet_row> want = rows();
  simdjson::dom::array got = doc["rows"].get_array();
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (simdjson::dom::element r : got) {
    std::vector<std::string> cells;
    for (auto c : r.get_array()) cells.emplace_back(std::string_view(c.get_string()));
    const qc::sheet_row& w = want[i++];
    ASSERT_EQ(cells, (std::vector<std::string>{w.id, w.framework, w.how, w.rank, w.link, w.title,
                                               w.text, w.tags}));
  }
}

TEST(LabelPage, NothingIsFetched) {
  const std::string tpl(qc::label_page_template());
  ASSERT_EQ(tpl.find("src="), std::string::npos);
  ASSERT_EQ(tpl.find("http:"), std::string::npos);
  ASSERT_EQ(tpl.find("https:"), std::string::npos);
  ASSERT_EQ(tpl.find("@import"), std::string::npos);
  ASSERT_EQ(tpl.find("url("), std::string::npos);
  ASSERT_EQ(tpl.find("<link"), std::string::npos);
  ASSERT_EQ(tpl.find("fetch("), std::string::npos);
  ASSERT_EQ(tpl.find("XMLHttpRequest"), std::string::npos);
}

TEST(LabelPage, KeyIsTheSheetsAndIgnoresLabels) {
  std::vector<qc::sheet_row> a = rows(), b = rows();
  b[0].labels = {"gpu"};
  ASSERT_EQ(qc::label_page_key(a), qc::label_page_key(b));
  ASSERT_EQ(qc::label_page_key(a).size(), 16u);
  b[1].id = "43";
  ASSERT_NE(qc::label_page_key(a), qc::label_page_key(b));
  a.pop_back();
  ASSERT_NE(qc::label_page_key(a), qc::label_page_key(rows()));
}

}  // namespace
