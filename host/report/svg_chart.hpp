// Charts as inline SVG text, drawn without any library: horizontal grouped
// bars, lines, quartile boxes on a log scale, and a heatmap. Every chart has
// a title, axis labels and (with more than one series) a legend; every label
// is escaped. The root <svg class="chart"> carries data-marks, the number of
// data marks drawn (elements of class "mark": bars, lines, boxes, cells), so
// a test can check what a browser rendered; error bars (class "err") are not
// marks.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "eval/bootstrap.hpp"  // interval
#include "study/quantiles.hpp"

namespace qc {

// A categorical palette (Tableau 10) and the color of "unclassified".
const std::string& palette_color(std::size_t i);
inline constexpr const char* unclassified_color = "#9c9c9c";

struct bar_chart {
  std::string id, title, x_label, y_label;
  std::vector<std::string> rows;    // groups on the y axis, top to bottom
  std::vector<std::string> series;  // one bar per series in each group; legend when > 1
  std::vector<std::string> series_colors;
  std::vector<std::string> row_colors;  // with one series: a color per row instead
  std::vector<std::vector<std::optional<double>>> values;  // [row][series]; nullopt: no bar
  std::vector<std::vector<std::string>> value_labels;      // [row][series], after the bar
  // [row][series]: an error bar (class "err") from low to high; empty or
  // nullopt: none.
  std::vector<std::vector<std::optional<interval>>> errors;
  double x_max = 0;      // axis maximum; 0: from the data
  bool percent = false;  // values are fractions, ticks read as percentages
  double width = 900;
};

struct line_series {
  std::string name, color;
  bool dashed = false;
  std::vector<std::optional<double>> y;         // one per x; nullopt breaks the line
  std::vector<std::optional<interval>> errors;  // per x: a vertical error bar (class "err")
};

struct line_chart {
  std::string id, title, x_label, y_label;
  std::vector<double> x;                   // ascending
  std::vector<std::string> x_tick_labels;  // when set: a tick at each x with these labels
  std::vector<std::string> x_tick_notes;   // optional second line under each tick label
  std::vector<line_series> series;
  double y_min = 0, y_max = 1;
  bool percent = false;            // y values are fractions
  bool points = false;             // a dot at each point
  std::optional<double> marker_x;  // a vertical rule, e.g. the best alpha
  std::string marker_label;
  double width = 900;
};

struct box_row {
  std::string label, color;
  std::optional<hours_summary> hours;
  std::optional<interval> median_ci;  // drawn as an error bar (class "err") through the box
};

// One row per category: the box spans the quartiles, a bar marks the median
// (with its interval as a thin error bar when given), a diamond the mean, on
// a logarithmic hour axis.
struct box_chart {
  std::string id, title, x_label, y_label;
  std::vector<box_row> rows;
  double width = 900;
};

struct heatmap_chart {
  std::string id, title, x_label, y_label;
  std::vector<std::string> row_labels, col_labels;
  std::vector<std::vector<std::uint64_t>> counts;  // [row][col]; shaded by share of the row
  double width = 900;
};

std::string render_svg(const bar_chart& c);
std::string render_svg(const line_chart& c);
std::string render_svg(const box_chart& c);
std::string render_svg(const heatmap_chart& c);

// "Nice" axis ticks (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target);

// Short numbers for labels: 41.2%, 2.5 h.
std::string percent_label(double fraction);
std::string hours_label(double hours);

}  // namespace qc
