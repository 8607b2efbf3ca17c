// SVG charts (host/report/svg_chart): well-formed markup, escaped labels,
// one mark per drawn datum, axis labels and titles present.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "report/html_escape.hpp"
#include "report/svg_chart.hpp"

namespace {

// A small XML checker: tags balance, attribute values are quoted, and text
// holds no raw '<' or unescaped '&'. Returns "" or what is wrong.
std::string xml_problem(const std::string& s) {
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '&') {
      const std::size_t semi = s.find(';', i);
      if (semi == std::string::npos || semi - i > 8) return "bare & at " + std::to_string(i);
      i = semi + 1;
      continue;
    }
    if (s[i] != '<') {
      ++i;
      continue;
    }
    const std::size_t end = s.find('>', i);
    if (end == std::string::npos) return "unclosed tag";
    std::string tag = s.substr(i + 1, end - i - 1);
    // A '>' inside a quoted attribute would end the tag early.
    if (std::count(tag.begin(), tag.end(), '"') % 2) return "odd quotes in <" + tag + ">";
    if (tag.find('<') != std::string::npos) return "'<' inside a tag";
    if (!tag.empty() && tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "mismatched </" + tag + ">";
      open.pop_back();
    } else if (!tag.empty() && tag.back() == '/') {
      // self-closing
    } else {
      open.push_back(tag.substr(0, tag.find_first_of(" \n")));
    }
    i = end + 1;
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

std::size_t marks_attr(const std::string& svg) {
  const std::size_t p = svg.find("data-marks=\"");
  return std::stoul(svg.substr(p + 12));
}

void expect_sane(const std::string& svg, std::size_t marks) {
  EXPECT_EQ(xml_problem(svg), "") << svg;
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"", 0), 0u);
  EXPECT_EQ(count(svg, "class=\"mark\""), marks);
  EXPECT_EQ(marks_attr(svg), marks);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

const std::string kNasty = "<script>alert(\"x\")</script> & 'q'";

TEST(html_escape, every_special_character) {
  EXPECT_EQ(qc::html_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(qc::html_escape(std::string("a\x01z", 3)), "a\xEF\xBF\xBDz");
  EXPECT_EQ(qc::html_escape("tab\tnl\n\xC3\xA9"), "tab\tnl\n\xC3\xA9");
}

TEST(svg_chart, bars_with_titles_labels_and_marks) {
  qc::bar_chart c;
  c.id = "b";
  c.title = "Title " + kNasty;
  c.x_label = "share";
  c.y_label = "category";
  c.percent = true;
  c.series = {"s1", kNasty};
  c.series_colors = {"#111111", "#222222"};
  c.rows = {"one", kNasty, "three"};
  c.values = {{0.5, 0.25}, {std::nullopt, 0.0}, {1.0, std::nullopt}};
  c.value_labels = {{"50%", "25%"}, {"", "0%"}, {"100%", ""}};
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 4);  // nullopt draws nothing; 0 draws a zero-width bar
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">share</text>"), std::string::npos);
  EXPECT_NE(svg.find(">category</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"chart-b-title\">Title &lt;script&gt;"), std::string::npos);
  EXPECT_NE(svg.find(">100%</text>"), std::string::npos);  // a tick
}

TEST(svg_chart, bars_with_error_bars) {
  qc::bar_chart c;
  c.id = "e";
  c.title = "shares";
  c.percent = true;
  c.series = {"all"};
  c.rows = {"a", "b", "c"};
  c.values = {{0.5}, {0.2}, {std::nullopt}};
  c.errors = {{qc::interval{0.4, 0.6}}, {std::nullopt}, {std::nullopt}};
  c.value_labels = {{"50%"}, {"20%"}, {""}};
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 2);  // error bars are not marks
  EXPECT_EQ(count(svg, "class=\"err\""), 1u);
  // The label of the bar with an error bar starts after the bar's high end.
  const std::size_t err = svg.find("class=\"err\"");
  const std::size_t label = svg.find(">50%</text>");
  ASSERT_NE(label, std::string::npos);
  EXPECT_LT(err, label);
}

TEST(svg_chart, empty_bar_chart) {
  qc::bar_chart c;
  c.id = "e";
  c.title = "nothing";
  expect_sane(qc::render_svg(c), 0);
}

TEST(svg_chart, lines_break_at_missing_points) {
  qc::line_chart c;
  c.id = "l";
  c.title = "lines";
  c.x_label = "year";
  c.y_label = "share";
  c.x = {2015, 2016, 2017};
  c.x_tick_labels = {"2015", "2016", "2017"};
  c.x_tick_notes = {"n=1", "n=2", "n=3"};
  c.points = true;
  c.series = {{"a", "#123456", false, {0.1, std::nullopt, 0.3}, {}},
              {kNasty, "#654321", true, {std::nullopt, std::nullopt, std::nullopt}, {}},
              {"c", "#abcdef", false, {0.2, 0.2, 0.2}, {std::nullopt, qc::interval{0.1, 0.3}}}};
  c.marker_x = 2016;
  c.marker_label = "best";
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 2);  // the series with no point draws no line
  EXPECT_EQ(count(svg, "class=\"point\""), 5u);
  EXPECT_EQ(count(svg, "class=\"err\""), 1u);  // one error bar, not a mark
  // The gap starts a new subpath.
  const std::size_t a = svg.find("class=\"mark\" d=\"");
  const std::string d = svg.substr(a, svg.find('"', a + 16) - a);
  EXPECT_EQ(count(d, "M"), 2u);
  EXPECT_EQ(count(d, "L"), 0u);
  EXPECT_NE(svg.find(">n=3</text>"), std::string::npos);
  EXPECT_NE(svg.find(">best</text>"), std::string::npos);
}

TEST(svg_chart, numeric_line_chart) {
  qc::line_chart c;
  c.id = "alpha";
  c.title = "sweep";
  std::vector<std::optional<double>> y;
  for (int i = 0; i <= 100; ++i) {
    c.x.push_back(i / 100.0);
    y.push_back(0.5 + i / 1000.0);
  }
  c.series = {{"f1", "#000000", false, y, {}}};
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 1);
  EXPECT_NE(svg.find(">0.5</text>"), std::string::npos);
}

TEST(svg_chart, boxes_on_a_log_scale) {
  qc::box_chart c;
  c.id = "box";
  c.title = "hours";
  c.x_label = "hours (log scale)";
  qc::hours_summary h;
  h.n = 4;
  h.q1 = 0.5;
  h.median = 2;
  h.mean = 40;
  h.q3 = 10;
  qc::hours_summary zero;  // every time 0: clamps to the axis
  zero.n = 1;
  c.rows = {{"a", "#4e79a7", h, qc::interval{1.0, 4.0}},
            {kNasty, "#9c9c9c", std::nullopt, std::nullopt},
            {"z", "#f28e2b", zero, std::nullopt}};
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 2);
  EXPECT_NE(svg.find(">0.1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">100</text>"), std::string::npos);
  EXPECT_NE(svg.find("no timed accepted answers"), std::string::npos);
  EXPECT_NE(svg.find("median 2.0 h"), std::string::npos);
  EXPECT_NE(svg.find("mean 40.0 h"), std::string::npos);
  EXPECT_EQ(count(svg, "class=\"err\""), 1u);  // the first row's median interval
}

TEST(svg_chart, heatmap_cells) {
  qc::heatmap_chart c;
  c.id = "cm";
  c.title = "confusion";
  c.x_label = "predicted";
  c.y_label = "true";
  c.row_labels = c.col_labels = {"a", kNasty, "a very long category name indeed"};
  c.counts = {{5, 0, 1}, {0, 0, 0}, {2, 3, 4}};
  const std::string svg = qc::render_svg(c);
  expect_sane(svg, 9);
  EXPECT_NE(svg.find("rotate(-40"), std::string::npos);  // long column labels turn
  EXPECT_NE(svg.find(">predicted</text>"), std::string::npos);
}

TEST(svg_chart, ticks_and_labels) {
  const std::vector<double> t = qc::nice_ticks(0, 1, 5);
  ASSERT_EQ(t.size(), 6u);
  for (std::size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i], 0.2 * static_cast<double>(i), 1e-12);
  EXPECT_NEAR(qc::nice_ticks(0, 0.27, 5).back(), 0.3, 1e-12);
  EXPECT_NEAR(qc::nice_ticks(0, 796, 5).back(), 800, 1e-9);
  EXPECT_EQ(qc::nice_ticks(0, 0, 5).front(), 0);
  EXPECT_EQ(qc::percent_label(0.41234), "41.2%");
  EXPECT_EQ(qc::hours_label(0.25), "0.25 h");
  EXPECT_EQ(qc::hours_label(4.25), "4.2 h");
  EXPECT_EQ(qc::hours_label(1234.4), "1234 h");
}

}  // namespace
