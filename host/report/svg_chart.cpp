#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/format_double.hpp"
#include "report/html_escape.hpp"

namespace qc {
namespace {

constexpr double kFont = 13;       // labels
constexpr double kTitleFont = 16;  // chart titles
constexpr double kTitleBand = 34;  // height taken by the title
constexpr const char* kInk = "#222";
constexpr const char* kMuted = "#555";
constexpr const char* kGrid = "#e3e3e3";

// Width of a label, estimated: an average sans-serif glyph is ~0.56 em.
double text_width(std::string_view s, double size = kFont) {
  std::size_t glyphs = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++glyphs;
  return static_cast<double>(glyphs) * size * 0.56;
}

// At most `max_width` wide: long labels end in an ellipsis.
std::string fit_label(const std::string& s, double max_width) {
  if (text_width(s) <= max_width) return s;
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 &&
        text_width(out) + 2 * kFont * 0.56 > max_width)
      break;
    out += s[i];
  }
  return out + "\xE2\x80\xA6";
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

// Hex color mix: t = 0 gives a, t = 1 gives b.
std::string mix(const char* a, const char* b, double t) {
  unsigned ca[3], cb[3];
  std::sscanf(a + 1, "%2x%2x%2x", &ca[0], &ca[1], &ca[2]);
  std::sscanf(b + 1, "%2x%2x%2x", &cb[0], &cb[1], &cb[2]);
  char out[8];
  int c[3];
  for (int i = 0; i < 3; ++i)
    c[i] = static_cast<int>(
        std::lround(static_cast<double>(ca[i]) + t * (static_cast<double>(cb[i]) - ca[i])));
  std::snprintf(out, sizeof out, "#%02x%02x%02x", c[0], c[1], c[2]);
  return out;
}

std::string tick_text(double v, bool percent) {
  char b[32];
  if (percent) {
    std::snprintf(b, sizeof b, "%g%%", std::round(v * 1000.0) / 10.0);
  } else {
    std::snprintf(b, sizeof b, "%g", v);
  }
  return b;
}

class svg_doc {
 public:
  svg_doc(std::string id, std::string title, double width)
      : id_(std::move(id)), title_(std::move(title)), width_(width) {}

  void text(double x, double y, std::string_view s, const char* anchor = "start",
            const std::string& extra = "") {
    body += "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\"";
    if (std::string_view(anchor) != "start") body += std::string(" text-anchor=\"") + anchor + "\"";
    if (!extra.empty()) body += " " + extra;
    body += ">";
    append_html_escaped(body, s);
    body += "</text>\n";
  }
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double w,
            const std::string& extra = "") {
    body += "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" +
            num(y2) + "\" stroke=\"" + stroke + "\" stroke-width=\"" + num(w) + "\"";
    if (!extra.empty()) body += " " + extra;
    body += "/>\n";
  }
  // A rectangle; with a tooltip when `tip` is not empty.
  void rect(double x, double y, double w, double h, const std::string& fill,
            const std::string& extra = "", const std::string& tip = "") {
    body += "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(std::max(w, 0.0)) +
            "\" height=\"" + num(std::max(h, 0.0)) + "\" fill=\"" + fill + "\"";
    if (!extra.empty()) body += " " + extra;
    if (tip.empty()) {
      body += "/>\n";
    } else {
      body += "><title>" + html_escape(tip) + "</title></rect>\n";
    }
  }
  void title_text() {
    text(16, 24, title_, "start",
         "font-size=\"" + num(kTitleFont) + "\" font-weight=\"600\" fill=\"" + kInk + "\"");
  }
  // A rotated axis label centered on [y0, y1] at x.
  void y_axis_label(double x, double y0, double y1, const std::string& s) {
    const double y = (y0 + y1) / 2;
    text(x, y, s, "middle",
         "transform=\"rotate(-90 " + num(x) + " " + num(y) + ")\" fill=\"" + kMuted + "\"");
  }
  // A legend row (or rows) of colored keys from `y`; returns the height used.
  double legend(double y, const std::vector<std::string>& names,
                const std::vector<std::string>& colors, const std::vector<bool>& dashed = {}) {
    double x = 16;
    double row = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const double w = 26 + text_width(names[i]) + 18;
      if (x + w > width_ - 8 && x > 16) {
        x = 16;
        row += 20;
      }
      const bool dash = i < dashed.size() && dashed[i];
      if (dash) {
        line(x, y + row + 8, x + 18, y + row + 8, colors[i], 2.5, "stroke-dasharray=\"5 3\"");
      } else {
        rect(x, y + row + 2, 18, 12, colors[i]);
      }
      text(x + 24, y + row + 12.5, names[i], "start", std::string("fill=\"") + kInk + "\"");
      x += w;
    }
    return row + 22;
  }
  std::string finish(double height, std::size_t marks) const {
    std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"chart-";
    append_html_escaped(o, id_);
    o += "\" data-marks=\"" + std::to_string(marks) + "\" viewBox=\"0 0 " + num(width_) + " " +
         num(height) + "\" width=\"" + num(width_) + "\" height=\"" + num(height) +
         "\" role=\"img\" aria-labelledby=\"chart-";
    append_html_escaped(o, id_);
    o += "-title\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', "
         "Arial, sans-serif\" font-size=\"" +
         num(kFont) + "\">\n<title id=\"chart-";
    append_html_escaped(o, id_);
    o += "-title\">" + html_escape(title_) + "</title>\n";
    o += "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
    o += body;
    o += "</svg>\n";
    return o;
  }
  double width() const { return width_; }
  void set_width(double w) { width_ = w; }

  std::string body;

 private:
  std::string id_, title_;
  double width_;
};

}  // namespace

const std::string& palette_color(std::size_t i) {
  static const std::string colors[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                       "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#17becf"};
  return colors[i % (sizeof colors / sizeof colors[0])];
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) hi = lo + 1;
  const double raw = (hi - lo) / std::max(target, 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> t;
  const double first = std::floor(lo / step + 1e-9) * step;
  for (double v = first; v < hi + step * 0.999; v += step) {
    t.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (t.size() > 1000) break;
  }
  return t;
}

std::string percent_label(double share) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f%%", share * 100.0);
  return b;
}

std::string hours_label(double hours) {
  char b[48];
  if (hours < 1) {
    std::snprintf(b, sizeof b, "%.2f h", hours);
  } else if (hours < 100) {
    std::snprintf(b, sizeof b, "%.1f h", hours);
  } else {
    std::snprintf(b, sizeof b, "%.0f h", hours);
  }
  return b;
}

namespace {

// The width of the row labels on the left: the longest, at most 250.
template <class Rows, class Label>
double row_label_width(const Rows& rows, Label label) {
  double w = 0;
  for (const auto& r : rows) w = std::max(w, text_width(label(r)));
  return std::min(w, 250.0);
}

// A vertical grid line over the plot [top, top + ph] at x, its tick label below.
void x_grid_tick(svg_doc& d, double x, double top, double ph, const std::string& label,
                 const char* grid) {
  d.line(x, top, x, top + ph, grid, 1);
  d.text(x, top + ph + 16, label, "middle", std::string("fill=\"") + kMuted + "\"");
}

// The axis labels under and left of a plot of horizontal rows, then the document.
std::string finish_rows_chart(svg_doc& d, double left, double pw, double top, double ph,
                              const std::string& x_label, const std::string& y_label,
                              std::size_t marks) {
  d.text(left + pw / 2, top + ph + 38, x_label, "middle", std::string("fill=\"") + kMuted + "\"");
  if (!y_label.empty()) d.y_axis_label(28, top, top + ph, y_label);
  return d.finish(top + ph + 52, marks);
}

// The plot area of a line chart and its data-to-pixel mapping.
// A horizontal error bar from x0 to x1 at height y, with end caps.
void h_error_bar(svg_doc& d, double x0, double x1, double y) {
  d.body += "<path class=\"err\" d=\"M " + num(x0) + " " + num(y - 4) + " V " + num(y + 4) + " M " +
            num(x0) + " " + num(y) + " H " + num(x1) + " M " + num(x1) + " " + num(y - 4) + " V " +
            num(y + 4) + "\" fill=\"none\" stroke=\"" + kInk + "\" stroke-width=\"1.2\"/>\n";
}

// A vertical error bar from y0 to y1 at x, with end caps.
void v_error_bar(svg_doc& d, double x, double y0, double y1, const std::string& color) {
  d.body += "<path class=\"err\" d=\"M " + num(x - 3) + " " + num(y0) + " H " + num(x + 3) + " M " +
            num(x) + " " + num(y0) + " V " + num(y1) + " M " + num(x - 3) + " " + num(y1) + " H " +
            num(x + 3) + "\" fill=\"none\" stroke=\"" + color +
            "\" stroke-width=\"1.2\" stroke-opacity=\"0.7\"/>\n";
}

struct line_frame {
  double left, top, pw, ph;
  double x0, x1, y0, y1;
  double X(double v) const { return left + pw * (v - x0) / (x1 - x0); }
  double Y(double v) const { return top + ph - ph * (std::clamp(v, y0, y1) - y0) / (y1 - y0); }
};

// The legend of a line chart's series (when more than one); returns the height used.
double line_legend(svg_doc& d, const line_chart& c, double top) {
  std::vector<std::string> names, colors;
  std::vector<bool> dashed;
  for (const auto& s : c.series) {
    names.push_back(s.name);
    colors.push_back(s.color);
    dashed.push_back(s.dashed);
  }
  return c.series.size() > 1 ? d.legend(top, names, colors, dashed) + 12 : 0;
}

// The x axis's ticks and labels under a line chart's plot; returns its bottom.
double line_x_axis(svg_doc& d, const line_chart& c, const line_frame& f,
                   const std::vector<double>& xticks) {
  const double base = f.top + f.ph;
  double bottom = base + 18;
  if (!c.x_tick_labels.empty()) {
    for (std::size_t i = 0; i < c.x.size() && i < c.x_tick_labels.size(); ++i) {
      d.line(f.X(c.x[i]), base, f.X(c.x[i]), base + 5, "#888", 1);
      d.text(f.X(c.x[i]), base + 18, c.x_tick_labels[i], "middle",
             std::string("fill=\"") + kInk + "\"");
      if (i < c.x_tick_notes.size())
        d.text(f.X(c.x[i]), base + 33, c.x_tick_notes[i], "middle",
               std::string("font-size=\"11.5\" fill=\"") + kMuted + "\"");
    }
    if (!c.x_tick_notes.empty()) bottom += 15;
  } else {
    for (const double t : xticks) {
      d.line(f.X(t), base, f.X(t), base + 5, "#888", 1);
      d.text(f.X(t), base + 18, tick_text(t, false), "middle",
             std::string("fill=\"") + kMuted + "\"");
    }
  }
  return bottom;
}

// One series as a path (and its points); false when it has no defined value.
bool line_series_path(svg_doc& d, const line_chart& c, const line_frame& f, const line_series& s) {
  const bool categorical = !c.x_tick_labels.empty();
  std::string path;
  bool pen = false;
  std::size_t defined = 0;
  std::string dots;
  for (std::size_t i = 0; i < c.x.size() && i < s.y.size(); ++i) {
    if (!s.y[i]) {
      pen = false;
      continue;
    }
    ++defined;
    if (i < s.errors.size() && s.errors[i])
      v_error_bar(d, f.X(c.x[i]), f.Y(s.errors[i]->low), f.Y(s.errors[i]->high), s.color);
    path += (pen ? " L" : " M") + num(f.X(c.x[i])) + " " + num(f.Y(*s.y[i]));
    pen = true;
    if (c.points) {
      dots += "<circle class=\"point\" cx=\"" + num(f.X(c.x[i])) + "\" cy=\"" + num(f.Y(*s.y[i])) +
              "\" r=\"3.5\" fill=\"" + s.color + "\"><title>" + html_escape(s.name) + ", " +
              html_escape(categorical && i < c.x_tick_labels.size() ? c.x_tick_labels[i]
                                                                    : tick_text(c.x[i], false)) +
              ": " + html_escape(c.percent ? percent_label(*s.y[i]) : tick_text(*s.y[i], false)) +
              "</title></circle>\n";
    }
  }
  if (!defined) return false;
  d.body += "<path class=\"mark\" d=\"" + path.substr(1) + "\" fill=\"none\" stroke=\"" + s.color +
            "\" stroke-width=\"2.2\" stroke-linejoin=\"round\"";
  if (s.dashed) d.body += " stroke-dasharray=\"6 4\"";
  d.body += "><title>" + html_escape(s.name) + "</title></path>\n" + dots;
  return true;
}

// The key above a box chart: what the box, the bar and the diamond are.
void box_legend(svg_doc& d, double top) {
  d.rect(16, top + 2, 22, 12, "#d9d9d9", "stroke=\"#777\"");
  d.text(44, top + 12.5, "quartiles (25% to 75%)", "start", std::string("fill=\"") + kInk + "\"");
  d.line(220, top, 220, top + 16, kInk, 3);
  d.text(228, top + 12.5, "median", "start", std::string("fill=\"") + kInk + "\"");
  d.body +=
      "<path d=\"M 300 " + num(top + 2) + " l 6 6 l -6 6 l -6 -6 z\" fill=\"" + kInk + "\"/>\n";
  d.text(312, top + 12.5, "mean", "start", std::string("fill=\"") + kInk + "\"");
}

// The decades [d0, d1] of the log axis covering the rows' positive hours.
std::pair<int, int> box_decades(const box_chart& c) {
  double lo = 0, hi = 0;
  for (const box_row& r : c.rows) {
    if (!r.hours) continue;
    for (const double v : {r.hours->q1, r.hours->median, r.hours->mean, r.hours->q3}) {
      if (v <= 0) continue;
      lo = lo > 0 ? std::min(lo, v) : v;
      hi = std::max(hi, v);
    }
  }
  if (!(lo > 0)) {
    lo = 0.1;
    hi = 100;
  }
  int d0 = static_cast<int>(std::floor(std::log10(lo)));
  int d1 = static_cast<int>(std::ceil(std::log10(hi)));
  if (d1 <= d0) d1 = d0 + 1;
  return {d0, d1};
}

// The box, median bar, mean diamond and text of one row with hours, from y.
template <class ToX>
void box_row_marks(svg_doc& d, const box_row& r, double y, double row_h, double text_x, ToX X) {
  const double mid = y + row_h / 2;
  const hours_summary& h = *r.hours;
  const std::string tip = r.label + ": median " + hours_label(h.median) + ", mean " +
                          hours_label(h.mean) + ", quartiles " + hours_label(h.q1) + " to " +
                          hours_label(h.q3) + ", n=" + std::to_string(h.n);
  const double bw = std::max(X(h.q3) - X(h.q1), 3.0), bx = (X(h.q1) + X(h.q3) - bw) / 2;
  d.rect(bx, y + 7, bw, row_h - 14, mix(r.color.c_str(), "#ffffff", 0.45),
         "class=\"mark\" stroke=\"" + r.color + "\" stroke-width=\"1.2\"", tip);
  if (r.median_ci) h_error_bar(d, X(r.median_ci->low), X(r.median_ci->high), mid);
  d.line(X(h.median), y + 4, X(h.median), y + row_h - 4, kInk, 3);
  d.body += "<path d=\"M " + num(X(h.mean)) + " " + num(mid - 6) +
            " l 6 6 l -6 6 l -6 -6 z\" "
            "fill=\"" +
            kInk + "\" stroke=\"#fff\" stroke-width=\"0.8\"/>\n";
  d.text(text_x, mid + 4,
         "median " + hours_label(h.median) + " \xC2\xB7 mean " + hours_label(h.mean) +
             " \xC2\xB7 n=" + with_thousands(h.n),
         "start", std::string("font-size=\"12\" fill=\"") + kInk + "\"");
}

template <class T>
std::optional<T> cell(const std::vector<std::vector<std::optional<T>>>& v, std::size_t r,
                      std::size_t s) {
  return r < v.size() && s < v[r].size() ? v[r][s] : std::nullopt;
}

// One bar of a bar chart at row r, series s, from height y: the bar, its
// error bar and its label; true when a bar was drawn.
template <class ToX>
bool bar_cell(svg_doc& d, const bar_chart& c, std::size_t r, std::size_t s, double y, double bar_h,
              double left, ToX X) {
  const std::optional<double> v = cell(c.values, r, s);
  const std::optional<interval> e = cell(c.errors, r, s);
  const std::string label =
      r < c.value_labels.size() && s < c.value_labels[r].size() ? c.value_labels[r][s] : "";
  double label_x = left;
  if (v) {
    const std::size_t S = std::max<std::size_t>(c.series.size(), 1);
    const std::string& color =
        S == 1 && r < c.row_colors.size()
            ? c.row_colors[r]
            : (s < c.series_colors.size() ? c.series_colors[s] : palette_color(s));
    std::string tip = c.rows[r];
    if (c.series.size() > 1) tip += " (" + c.series[s] + ")";
    tip += ": " + label;
    d.rect(left, y + 1, X(*v) - left, bar_h - 2, color, "class=\"mark\"", tip);
    label_x = X(*v);
  }
  if (e) {
    h_error_bar(d, X(e->low), X(e->high), y + bar_h / 2);
    label_x = std::max(label_x, X(e->high));
  }
  if (!label.empty())
    d.text(label_x + 5, y + bar_h / 2 + 4, label, "start",
           std::string("font-size=\"12\" fill=\"") + kInk + "\"");
  return v.has_value();
}

}  // namespace

std::string render_svg(const bar_chart& c) {
  svg_doc d(c.id, c.title, c.width);
  d.title_text();
  double top = kTitleBand + 6;
  if (c.series.size() > 1) top += d.legend(top, c.series, c.series_colors) + 4;
  const std::size_t S = std::max<std::size_t>(c.series.size(), 1);
  double label_w = 0, value_w = 0, vmax = 0;
  label_w = row_label_width(c.rows, [](const std::string& r) { return r; });
  for (std::size_t r = 0; r < c.rows.size(); ++r)
    for (std::size_t s = 0; s < S; ++s) {
      if (const auto v = cell(c.values, r, s)) vmax = std::max(vmax, *v);
      if (const auto e = cell(c.errors, r, s)) vmax = std::max(vmax, e->high);
      if (r < c.value_labels.size() && s < c.value_labels[r].size())
        value_w = std::max(value_w, text_width(c.value_labels[r][s], 12));
    }
  const double left = 16 + (c.y_label.empty() ? 0 : 22) + label_w + 10;
  const double right = value_w + 20;
  const double pw = c.width - left - right;
  const double bar_h = S == 1 ? 20 : 14, gap = S == 1 ? 8 : 12;
  const double group_h = static_cast<double>(S) * bar_h + gap;
  const double ph = std::max(1.0, static_cast<double>(c.rows.size())) * group_h;
  const std::vector<double> ticks = nice_ticks(0, c.x_max > 0 ? c.x_max : std::max(vmax, 1e-9), 5);
  const double xmax = c.x_max > 0 ? c.x_max : ticks.back();
  auto X = [&](double v) { return left + pw * std::clamp(v / xmax, 0.0, 1.0); };
  for (const double t : ticks) {
    if (t > xmax * (1 + 1e-9)) break;
    x_grid_tick(d, X(t), top, ph, tick_text(t, c.percent), kGrid);
  }
  d.line(left, top, left, top + ph, "#888", 1);
  std::size_t marks = 0;
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const double gy = top + static_cast<double>(r) * group_h + gap / 2;
    d.text(left - 8, gy + static_cast<double>(S) * bar_h / 2 + 4.5, fit_label(c.rows[r], label_w),
           "end", std::string("fill=\"") + kInk + "\"");
    for (std::size_t s = 0; s < S; ++s)
      if (bar_cell(d, c, r, s, gy + static_cast<double>(s) * bar_h, bar_h, left, X)) ++marks;
  }
  return finish_rows_chart(d, left, pw, top, ph, c.x_label, c.y_label, marks);
}

std::string render_svg(const line_chart& c) {
  svg_doc d(c.id, c.title, c.width);
  d.title_text();
  double top = kTitleBand + 6;
  top += line_legend(d, c, top);
  if (c.marker_x) top += 14;
  line_frame f{};
  f.left = 16 + 22 + 44;
  const double right = 28;
  f.top = top;
  f.pw = c.width - f.left - right;
  f.ph = 300;
  f.x0 = c.x.empty() ? 0 : c.x.front();
  f.x1 = c.x.empty() ? 1 : c.x.back();
  std::vector<double> xticks;
  if (!c.x_tick_labels.empty()) {
    f.x0 -= 0.5;
    f.x1 += 0.5;
  } else {
    xticks = nice_ticks(f.x0, f.x1, 10);
    f.x0 = std::min(f.x0, xticks.front());
    f.x1 = std::max(f.x1, xticks.back());
  }
  if (!(f.x1 > f.x0)) f.x1 = f.x0 + 1;
  f.y0 = c.y_min;
  f.y1 = c.y_max > c.y_min ? c.y_max : c.y_min + 1;
  for (const double t : nice_ticks(f.y0, f.y1, 5)) {
    if (t < f.y0 - 1e-12 || t > f.y1 + 1e-12) continue;
    d.line(f.left, f.Y(t), f.left + f.pw, f.Y(t), kGrid, 1);
    d.text(f.left - 8, f.Y(t) + 4.5, tick_text(t, c.percent), "end",
           std::string("fill=\"") + kMuted + "\"");
  }
  d.line(f.left, top + f.ph, f.left + f.pw, top + f.ph, "#888", 1);
  const double bottom = line_x_axis(d, c, f, xticks);
  if (c.marker_x) {
    const double mx = f.X(*c.marker_x);
    d.line(mx, top - 4, mx, top + f.ph, "#444", 1.2, "stroke-dasharray=\"4 3\"");
    d.text(mx, top - 8, c.marker_label, mx > f.left + f.pw * 0.8 ? "end" : "middle",
           std::string("font-size=\"12\" fill=\"") + kInk + "\"");
  }
  std::size_t marks = 0;
  for (const line_series& s : c.series)
    if (line_series_path(d, c, f, s)) ++marks;
  d.text(f.left + f.pw / 2, bottom + 20, c.x_label, "middle",
         std::string("fill=\"") + kMuted + "\"");
  d.y_axis_label(26, top, top + f.ph, c.y_label);
  return d.finish(bottom + 34, marks);
}

std::string render_svg(const box_chart& c) {
  svg_doc d(c.id, c.title, c.width);
  d.title_text();
  double top = kTitleBand + 6;
  box_legend(d, top);
  top += 30;
  const std::pair<int, int> decades = box_decades(c);
  const int d0 = decades.first, d1 = decades.second;
  const double label_w = row_label_width(c.rows, [](const box_row& r) { return r.label; });
  const double left = 16 + (c.y_label.empty() ? 0 : 22) + label_w + 10, right = 250;
  const double pw = c.width - left - right;
  const double row_h = 30;
  const double ph = std::max<double>(1, static_cast<double>(c.rows.size())) * row_h;
  auto X = [&](double v) {
    const double lv = v > 0 ? std::log10(v) : d0;
    return left + pw * (std::clamp(lv, double(d0), double(d1)) - d0) / (d1 - d0);
  };
  for (int k = d0; k <= d1; ++k) {
    const double v = std::pow(10.0, k);
    x_grid_tick(d, X(v), top, ph, tick_text(v, false), "#d0d0d0");
    if (k < d1)
      for (const int m : {2, 5}) d.line(X(m * v), top, X(m * v), top + ph, "#efefef", 1);
  }
  d.line(left, top, left, top + ph, "#888", 1);
  std::size_t marks = 0;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const box_row& r = c.rows[i];
    const double y = top + static_cast<double>(i) * row_h;
    const double mid = y + row_h / 2;
    d.text(left - 8, mid + 4.5, fit_label(r.label, label_w), "end",
           std::string("fill=\"") + kInk + "\"");
    if (!r.hours) {
      d.text(left + pw + 10, mid + 4, "no timed accepted answers", "start",
             std::string("font-size=\"12\" fill=\"") + kMuted + "\"");
      continue;
    }
    box_row_marks(d, r, y, row_h, left + pw + 10, X);
    ++marks;
  }
  return finish_rows_chart(d, left, pw, top, ph, c.x_label, c.y_label, marks);
}

std::string render_svg(const heatmap_chart& c) {
  svg_doc d(c.id, c.title, c.width);
  d.title_text();
  const double top = kTitleBand + 10;
  const std::size_t R = c.row_labels.size(), C = c.col_labels.size();
  double label_w = 0, col_w = 0;
  for (const auto& l : c.row_labels) label_w = std::max(label_w, text_width(l));
  for (const auto& l : c.col_labels) col_w = std::max(col_w, text_width(l));
  label_w = std::min(label_w, 250.0);
  col_w = std::min(col_w, 200.0);
  const double left = 16 + 22 + label_w + 10;
  const double cell =
      std::clamp((c.width - left - 40) / std::max<double>(1, static_cast<double>(C)), 24.0, 72.0);
  const bool rotate = col_w > cell - 6;
  std::size_t marks = 0;
  for (std::size_t i = 0; i < R; ++i) {
    std::uint64_t total = 0;
    for (std::size_t j = 0; j < C; ++j) total += c.counts[i][j];
    const double y = top + static_cast<double>(i) * cell;
    d.text(left - 8, y + cell / 2 + 4.5, fit_label(c.row_labels[i], label_w), "end",
           std::string("fill=\"") + kInk + "\"");
    for (std::size_t j = 0; j < C; ++j) {
      const double x = left + static_cast<double>(j) * cell;
      const std::uint64_t v = c.counts[i][j];
      const double share = total ? static_cast<double>(v) / static_cast<double>(total) : 0.0;
      std::string tip =
          "true " + c.row_labels[i] + ", predicted " + c.col_labels[j] + ": " + std::to_string(v);
      if (total) tip += " (" + percent_label(share) + " of the row)";
      d.rect(x, y, cell, cell, mix("#f5f8fb", "#1d4f8c", share),
             "class=\"mark\" stroke=\"#ffffff\" stroke-width=\"1\"", tip);
      ++marks;
      d.text(x + cell / 2, y + cell / 2 + 4.5, std::to_string(v), "middle",
             std::string("fill=\"") + (share > 0.5 ? "#ffffff" : kInk) + "\"");
    }
  }
  for (std::size_t i = 0; i < std::min(R, C); ++i)
    d.rect(left + static_cast<double>(i) * cell, top + static_cast<double>(i) * cell, cell, cell,
           "none", "stroke=\"#222\" stroke-width=\"2\"");
  const double grid_bottom = top + static_cast<double>(R) * cell;
  double bottom = grid_bottom + 18;
  for (std::size_t j = 0; j < C; ++j) {
    const double x = left + static_cast<double>(j) * cell + cell / 2;
    const std::string l = fit_label(c.col_labels[j], 200);
    if (rotate) {
      d.text(x + 4, grid_bottom + 12, l, "end",
             "transform=\"rotate(-40 " + num(x + 4) + " " + num(grid_bottom + 12) + ")\" fill=\"" +
                 kInk + "\"");
    } else {
      d.text(x, grid_bottom + 18, l, "middle", std::string("fill=\"") + kInk + "\"");
    }
  }
  if (rotate) bottom = grid_bottom + 12 + col_w * 0.643 + 10;
  const double gw = cell * static_cast<double>(C);
  d.text(left + gw / 2, bottom + 20, c.x_label, "middle", std::string("fill=\"") + kMuted + "\"");
  d.y_axis_label(28, top, grid_bottom, c.y_label);
  d.set_width(std::max(left + gw + 24, text_width(c.title, kTitleFont) + 32));
  return d.finish(bottom + 34, marks);
}

}  // namespace qc
