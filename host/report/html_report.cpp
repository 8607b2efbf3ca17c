#include "report/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "core/format_double.hpp"
#include "core/version.hpp"
#include "formats/study_csv.hpp"
#include "report/html_escape.hpp"
#include "report/svg_chart.hpp"
#include "study/intervals.hpp"

namespace qc {
namespace {

constexpr const char* kStyle = R"(
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #222;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; padding-top: 8px; border-top: 1px solid #ddd; }
p.lead { color: #444; margin-top: 0; }
figure { margin: 20px 0 28px; }
svg.chart { display: block; max-width: 100%; height: auto; }
figcaption { color: #444; font-size: 14px; margin-top: 4px; }
figcaption b { color: #222; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e4e4e4; text-align: left; }
th { background: #f1f1ef; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
dl.sources { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 14px; }
dl.sources dt { color: #555; }
dl.sources dd { margin: 0; word-break: break-all; }
.note { color: #555; font-size: 14px; }
code { font-size: 13px; }
)";

std::string list_text(const std::vector<std::string>& items, const char* last_sep) {
  std::string o;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) o += i + 1 == items.size() ? last_sep : ", ";
    o += items[i];
  }
  return o;
}

std::size_t sum(const std::vector<std::size_t>& v) {
  return std::accumulate(v.begin(), v.end(), std::size_t{0});
}

std::string category_color(const study_tables& t, std::size_t c) {
  return c + 1 == t.categories.size() ? unclassified_color : palette_color(c);
}

// "95%" for 0.95.
std::string confidence_percent(double c) {
  char b[32];
  std::snprintf(b, sizeof b, "%.10g%%", c * 100.0);
  return b;
}

// The Wilson score interval of k in n at the tables' confidence.
std::optional<interval> wilson(const study_tables& t, std::size_t k, std::size_t n) {
  return wilson_interval(k, n, t.uncertainty.confidence);
}

// What the error bars of a share chart are, for its caption.
std::string wilson_note(const study_tables& t) {
  return " Error bars: " + confidence_percent(t.uncertainty.confidence) +
         " Wilson score interval of each share.";
}

std::string figure(const std::string& id, const std::string& svg, const std::string& caption,
                   const std::string& extra = "") {
  return "<figure id=\"" + id + "\">\n" + svg + "<figcaption>" + caption + "</figcaption>\n" +
         extra + "</figure>\n";
}

std::string csv_link(const std::string& name) {
  return " Numbers: <a href=\"" + html_escape(name) + "\">" + html_escape(name) + "</a>.";
}

std::string sources_section(const report_content& rc) {
  const study_tables& t = *rc.tables;
  std::string o = "<dl class=\"sources\">\n";
  auto source = [&](const char* what, const std::string& v) {
    if (!v.empty()) o += "<dt>" + std::string(what) + "</dt><dd>" + html_escape(v) + "</dd>\n";
  };
  source("posts", list_text(rc.posts_files, ", "));
  source("predictions", rc.predictions_file);
  source("answers", list_text(rc.answers_files, ", "));
  source("alpha sweep", rc.sweep_file);
  source("confusion matrix", rc.confusion_file);
  source("baseline comparison", rc.baseline_file);
  source("cross-validation", rc.cross_validation_file);
  source("frameworks", list_text(t.frameworks, ", ") + " (tag match: " + to_string(rc.match) + ")");
  o += "</dl>\n";
  return o;
}

std::string counts_section(const report_content& rc) {
  const study_counts& n = rc.tables->counts;
  std::string o =
      "<h2 id=\"counts\">How the posts were counted</h2>\n<table>\n<tr><th>posts</th><th "
      "class=\"n\">count</th></tr>\n";
  auto row = [&](const std::string& what, std::size_t v) {
    o += "<tr><td>" + what + "</td><td class=\"n\">" + with_thousands(v) + "</td></tr>\n";
  };
  row("distinct questions read", n.posts);
  if (n.duplicate_posts) row("repeated records of a question (ignored)", n.duplicate_posts);
  row("in none of the frameworks (Table 1 &ldquo;other&rdquo; only)", n.outside);
  row("in a framework but without a prediction", n.no_prediction);
  row("<b>analysed</b>: in a framework, with a prediction", n.analysed);
  row("&nbsp;&nbsp;of which unclassified (no scoring word)", n.unclassified);
  row("&nbsp;&nbsp;of which without a creation date", n.no_creation_date);
  row("prediction rows", n.prediction_rows);
  if (n.skipped_predictions) row("prediction rows of skipped records", n.skipped_predictions);
  if (n.unused_predictions) row("predictions for no question read", n.unused_predictions);
  if (rc.merged) {
    row("answers read", rc.answers_read);
    row("&nbsp;&nbsp;accepted-answer times filled in", rc.merged->filled);
    row("&nbsp;&nbsp;accepted-answer times confirmed", rc.merged->confirmed);
    row("&nbsp;&nbsp;accepted-answer times replaced", rc.merged->changed);
  }
  o += "</table>\n";
  return o;
}

std::string table1_section(const study_tables& t) {
  std::string o =
      "<h2 id=\"table1\">Table 1. Questions and views per framework</h2>\n"
      "<table>\n<tr><th>framework</th><th class=\"n\">questions</th><th class=\"n\">total "
      "views</th><th class=\"n\">without a view count</th></tr>\n";
  for (const framework_row& r : t.table1) {
    std::string name = html_escape(r.name);
    if (r.name == "all") name = "all (each question once)";
    if (r.name == "other") name = "other (in none of them)";
    o += "<tr><td>" + name + "</td><td class=\"n\">" + with_thousands(r.questions) +
         "</td><td class=\"n\">" +
         with_thousands(static_cast<std::size_t>(std::max<std::int64_t>(r.views, 0))) +
         "</td><td class=\"n\">" + with_thousands(r.without_views) + "</td></tr>\n";
  }
  o += "</table>\n<p class=\"note\">Every question read counts here, with or without a "
       "prediction; a question tagged with two frameworks counts in both rows. Views are as of "
       "the data's export." +
       csv_link("table1_frameworks.csv") + "</p>\n";
  return o;
}

// Fig. 1 over all analysed questions; `all` keeps the chart (its colors).
std::string fig1_all(const study_tables& t, bar_chart& all) {
  const std::size_t C = t.categories.size();
  const std::size_t N = sum(t.by_scope[0]);
  const std::size_t U = t.by_scope[0][C - 1];
  std::string o;
  all.id = "fig1-all";
  all.title = "Fig. 1: categories of all " + with_thousands(N) + " analysed questions";
  all.x_label = "share of the analysed questions";
  all.y_label = "category";
  all.percent = true;
  all.series = {"all"};
  for (std::size_t c = 0; c < C; ++c) {
    all.rows.push_back(t.categories[c]);
    all.row_colors.push_back(category_color(t, c));
    const auto s = share_of(t.by_scope[0][c], N);
    all.values.push_back({s});
    all.errors.push_back({wilson(t, t.by_scope[0][c], N)});
    all.value_labels.push_back(
        {s ? percent_label(*s) + " (" + with_thousands(t.by_scope[0][c]) + ")" : ""});
  }
  o += figure("fig1", render_svg(all),
              "<b>What was measured:</b> the predicted category of each analysed question (in "
              "one of the frameworks, with a prediction); <b>" +
                  with_thousands(N) + "</b> questions, " + with_thousands(U) +
                  " of them unclassified (no scoring word, counted apart)." + wilson_note(t) +
                  csv_link("fig1_categories.csv"));
  return o;
}

// Fig. 1 per framework (the rows colored as in Fig. 1 when one is shown).
std::string fig1_by_framework(const study_tables& t, const bar_chart& all) {
  const std::size_t C = t.categories.size();
  std::string o;
  bar_chart per;
  per.id = "fig1-frameworks";
  per.title = "Fig. 1 by framework: share of each category within each framework";
  per.x_label = "share of the framework's analysed questions";
  per.y_label = "category";
  per.percent = true;
  std::vector<std::size_t> shown;
  std::vector<std::string> sizes;
  for (std::size_t f = 0; f < t.frameworks.size(); ++f) {
    const std::size_t n = sum(t.by_scope[f + 1]);
    if (n) {
      shown.push_back(f);
      per.series.push_back(t.frameworks[f] + " (" + with_thousands(n) + ")");
      per.series_colors.push_back(palette_color(f));
    }
    sizes.push_back(html_escape(t.frameworks[f]) + " " + with_thousands(n));
  }
  for (std::size_t c = 0; c < C; ++c) {
    per.rows.push_back(t.categories[c]);
    std::vector<std::optional<double>> v;
    std::vector<std::optional<interval>> e;
    std::vector<std::string> l;
    for (const std::size_t f : shown) {
      const auto s = share_of(t.by_scope[f + 1][c], sum(t.by_scope[f + 1]));
      v.push_back(s);
      e.push_back(wilson(t, t.by_scope[f + 1][c], sum(t.by_scope[f + 1])));
      l.push_back(s ? percent_label(*s) : "");
    }
    per.values.push_back(v);
    per.errors.push_back(e);
    per.value_labels.push_back(l);
  }
  if (shown.size() == 1) per.row_colors = all.row_colors;
  const std::string per_caption =
      "<b>What was measured:</b> the same predictions, split by framework tag; a question "
      "tagged with two frameworks counts in both. Analysed questions per framework: " +
      list_text(sizes, " and ") + "." + wilson_note(t) + csv_link("fig1_categories.csv");
  if (shown.empty()) {
    o += "<p class=\"note\">Fig. 1 by framework: no analysed question in any framework.</p>\n";
  } else {
    o += figure("fig1-by-framework", render_svg(per), per_caption);
  }
  return o;
}

// Fig. 5: the categories per year (years with enough questions).
std::string fig5_by_year(const study_tables& t, std::size_t min_year_questions) {
  const std::size_t C = t.categories.size();
  std::string o;
  line_chart years;
  years.id = "fig5";
  years.title = "Fig. 5: share of each category per year";
  years.x_label = "year the question was asked (UTC)";
  years.y_label = "share of the year's questions";
  years.percent = true;
  years.points = true;
  double ymax = 0;
  std::size_t dated = 0;
  std::vector<std::size_t> shown_years;
  std::vector<std::string> small_years;
  for (std::size_t y = 0; y < t.years.size(); ++y) {
    const std::size_t n = sum(t.by_year[y]);
    dated += n;
    if (n < min_year_questions) {
      small_years.push_back(std::to_string(t.years[y]) + " (" + with_thousands(n) + ")");
      continue;
    }
    shown_years.push_back(y);
    years.x.push_back(t.years[y]);
    years.x_tick_labels.push_back(std::to_string(t.years[y]));
    years.x_tick_notes.push_back("n=" + with_thousands(n));
  }
  for (std::size_t c = 0; c < C; ++c) {
    line_series s;
    s.name = t.categories[c];
    s.color = category_color(t, c);
    s.dashed = c + 1 == C;
    for (const std::size_t y : shown_years) {
      const auto v = share_of(t.by_year[y][c], sum(t.by_year[y]));
      s.y.push_back(v);
      s.errors.push_back(wilson(t, t.by_year[y][c], sum(t.by_year[y])));
      if (v) ymax = std::max(ymax, s.errors.back()->high);
    }
    years.series.push_back(std::move(s));
  }
  years.y_max = std::min(1.0, std::max(0.1, std::ceil(ymax * 10.0 - 1e-9) / 10.0));
  const std::string caption5 =
      "<b>What was measured:</b> per calendar year of creation, the share of each category among "
      "that year's analysed questions; <b>" +
      with_thousands(dated) + "</b> questions with a creation date (" +
      with_thousands(t.counts.no_creation_date) +
      " without one are left out). n under each year is its number of questions." +
      (small_years.empty()
           ? std::string()
           : " Years with fewer than " + with_thousands(min_year_questions) +
                 " questions are left out of the chart (their shares are noise) but are in "
                 "the CSV: " +
                 list_text(small_years, " and ") + ".") +
      " Dashed: unclassified." + wilson_note(t) + csv_link("fig5_categories_by_year.csv");
  if (shown_years.empty()) {
    o += "<p class=\"note\">Fig. 5: no year with at least " + with_thousands(min_year_questions) +
         " dated analysed questions." + csv_link("fig5_categories_by_year.csv") + "</p>\n";
  } else {
    o += figure("fig5", render_svg(years), caption5);
  }
  return o;
}

std::string rq1_section(const study_tables& t, std::size_t min_year_questions) {
  std::string o = "<h2 id=\"rq1\">RQ1. Which challenges are most common?</h2>\n";
  bar_chart all;
  o += fig1_all(t, all);
  o += fig1_by_framework(t, all);
  o += fig5_by_year(t, min_year_questions);
  return o;
}

// Fig. 6: the share of questions with an accepted answer, per category.
std::string fig6_accepted(const study_tables& t) {
  const std::size_t C = t.categories.size();
  std::string o;
  bar_chart acc;
  acc.id = "fig6";
  acc.title = "Fig. 6: share of questions with an accepted answer, per category";
  acc.x_label = "share of the category's questions with an accepted answer";
  acc.y_label = "category";
  acc.percent = true;
  acc.series = {"accepted"};
  for (std::size_t c = 0; c <= C; ++c) {
    const answer_row& r = t.answers[c];
    acc.rows.push_back(c < C ? t.categories[c] : "all categories");
    acc.row_colors.push_back(c < C ? category_color(t, c) : "#555555");
    const auto s = share_of(r.accepted, r.questions);
    acc.values.push_back({s});
    acc.errors.push_back({wilson(t, r.accepted, r.questions)});
    acc.value_labels.push_back({s ? percent_label(*s) + " (" + with_thousands(r.accepted) + " of " +
                                        with_thousands(r.questions) + ")"
                                  : "no questions"});
  }
  o += figure("fig6", render_svg(acc),
              "<b>What was measured:</b> per category, the share of the analysed questions that "
              "have an accepted answer (an accepted answer id, or an accepted answer in the "
              "answers file); <b>" +
                  with_thousands(t.answers[C].questions) + "</b> questions, " +
                  with_thousands(t.answers[C].accepted) + " with an accepted answer." +
                  wilson_note(t) + csv_link("fig6_accepted_answers.csv"));
  return o;
}

// Fig. 7's table: per category the counts, quartiles and the bootstrap
// intervals of the median and mean hours.
std::string fig7_table(const study_tables& t) {
  const std::size_t C = t.categories.size();
  std::string table =
      "<table>\n<tr><th>category</th><th class=\"n\">accepted</th><th class=\"n\">timed</th>"
      "<th class=\"n\">median</th><th class=\"n\">median interval</th><th class=\"n\">mean</th>"
      "<th class=\"n\">mean interval</th><th class=\"n\">25%</th><th class=\"n\">75%</th>"
      "<th class=\"n\">no time</th><th class=\"n\">negative</th></tr>\n";
  const auto hours_cell = [](const std::optional<hours_summary>& h, double hours_summary::*m) {
    return "<td class=\"n\">" + (h ? html_escape(hours_label((*h).*m)) : "&ndash;") + "</td>";
  };
  const auto interval_cell = [](const std::optional<interval>& e) {
    return "<td class=\"n\">" +
           (e ? html_escape(hours_label(e->low)) + " &ndash; " + html_escape(hours_label(e->high))
              : "&ndash;") +
           "</td>";
  };
  for (std::size_t c = 0; c <= C; ++c) {
    const answer_row& r = t.answers[c];
    table += "<tr><td>" + html_escape(c < C ? t.categories[c] : "all categories") +
             "</td><td class=\"n\">" + with_thousands(r.accepted) + "</td><td class=\"n\">" +
             with_thousands(r.timed) + "</td>";
    table += hours_cell(r.hours, &hours_summary::median) +
             interval_cell(r.hours_ci ? r.hours_ci->median.ci : std::nullopt);
    table += hours_cell(r.hours, &hours_summary::mean) +
             interval_cell(r.hours_ci ? r.hours_ci->mean.ci : std::nullopt);
    table += hours_cell(r.hours, &hours_summary::q1) + hours_cell(r.hours, &hours_summary::q3);
    table += "<td class=\"n\">" + with_thousands(r.missing_time) + "</td><td class=\"n\">" +
             with_thousands(r.negative) + "</td></tr>\n";
  }
  return table + "</table>\n";
}

// What Fig. 7's intervals are, for its caption.
std::string hours_interval_note(const study_tables& t) {
  const bootstrap_spec& u = t.uncertainty;
  if (u.resamples == 0) return "";
  return " Intervals of the median (the thin bar through each box) and of the mean: " +
         confidence_percent(u.confidence) + " percentile bootstrap, " +
         with_thousands(u.resamples) + " resamples of the questions with a time, seed " +
         std::to_string(u.seed) + ".";
}

// Fig. 7: the hours from question to accepted answer, per category.
std::string fig7_hours(const study_tables& t) {
  const std::size_t C = t.categories.size();
  std::string o;

  box_chart box;
  box.id = "fig7";
  box.title = "Fig. 7: hours from question to accepted answer, per category";
  box.x_label = "hours from question to accepted answer (log scale)";
  box.y_label = "category";
  const answer_row& all = t.answers[C];
  for (std::size_t c = 0; c <= C; ++c)
    box.rows.push_back(
        box_row{c < C ? t.categories[c] : "all categories",
                c < C ? category_color(t, c) : "#555555", t.answers[c].hours,
                t.answers[c].hours_ci ? t.answers[c].hours_ci->median.ci : std::nullopt});
  o += figure(
      "fig7", render_svg(box),
      "<b>What was measured:</b> for each analysed question with an accepted answer, the time "
      "from the question's creation to the accepted answer's creation, in hours; <b>" +
          with_thousands(all.timed) + "</b> questions (" + with_thousands(all.missing_time) +
          " without a time and " + with_thousands(all.negative) +
          " answered before asked are left out). The paper does not say whether Fig. 7 shows "
          "medians or means, so both are given: answer times are skewed, so the two can differ "
          "widely. Quartiles interpolate linearly between ranks (numpy's default)." +
          hours_interval_note(t) + csv_link("fig7_answer_hours.csv"),
      fig7_table(t));
  return o;
}

std::string rq2_section(const study_tables& t) {
  return "<h2 id=\"rq2\">RQ2. Which challenges are hardest to get answered?</h2>\n" +
         fig6_accepted(t) + fig7_hours(t);
}

// The alpha curve of the sweep, with the best alpha marked.
std::string sweep_figure(const report_content& rc) {
  std::string o;
  const sweep_curve& s = *rc.sweep;
  line_chart ch;
  ch.id = "alpha-sweep";
  ch.title = "Alpha sweep: macro precision, recall and F1 on the test split";
  ch.x_label = "alpha (bonus weight of a manual keyword)";
  ch.y_label = "metric on the test split";
  ch.percent = true;
  ch.x = s.alpha;
  const char* colors[] = {"#4e79a7", "#f28e2b", "#59a14f", "#9c755f", "#4e79a7", "#f28e2b"};
  const char* names[] = {"precision (macro)", "recall (macro)",  "F1 (macro)",
                         "accuracy",          "study precision", "study recall"};
  double lo = 1;
  for (std::size_t m = 0; m < s.metrics.size(); ++m) {
    if (m == 3) continue;  // accuracy: in the CSV, not drawn (equals micro recall)
    line_series ls;
    ls.name = names[m];
    ls.color = colors[m];
    ls.dashed = m >= 4;
    ls.y = s.metrics[m];
    for (const auto& v : ls.y)
      if (v) lo = std::min(lo, *v);
    ch.series.push_back(std::move(ls));
  }
  ch.y_min = std::max(0.0, std::floor(lo * 10.0 - 1e-9) / 10.0);
  ch.y_max = 1.0;
  if (s.best_alpha) {
    ch.marker_x = *s.best_alpha;
    ch.marker_label = "best alpha " + format_double(std::round(*s.best_alpha * 1e4) / 1e4);
  }
  std::string cap =
      "<b>What was measured:</b> macro precision, recall and F1 of the keyword "
      "classifier against alpha, for top-K " +
      html_escape(s.top_k) + ", norm " + html_escape(s.norm) + ", manual scope " +
      html_escape(s.manual_scope) + " (the sweep's best configuration";
  if (s.configurations > 1) cap += " of " + std::to_string(s.configurations);
  cap += "); " + with_thousands(s.alpha.size()) + " alphas";
  if (s.test_posts) cap += ", on <b>" + with_thousands(*s.test_posts) + "</b> test posts";
  cap +=
      ". Dashed: the study's own metric (the authors' code), which reads higher on the same "
      "predictions.";
  if (s.best_alpha)
    cap += " The rule marks the best alpha for " +
           html_escape(s.objective.empty() ? "F1" : s.objective) + ".";
  o += figure("alpha-sweep", render_svg(ch), cap + csv_link("alpha_sweep.csv"));
  return o;
}

// The test confusion matrix as a heat map.
std::string confusion_figure(const report_content& rc) {
  std::string o;
  const confusion_table& ct = *rc.confusion;
  heatmap_chart h;
  h.id = "confusion";
  h.title = "Confusion matrix on the test split";
  h.x_label = "predicted category";
  h.y_label = "true category (first label)";
  h.row_labels = ct.labels;
  h.col_labels = ct.labels;
  h.counts = ct.counts;
  std::uint64_t total = 0;
  for (const auto& r : ct.counts)
    for (const auto v : r) total += v;
  o += figure("confusion", render_svg(h),
              "<b>What was measured:</b> the trained model's test posts by true category (row) "
              "and predicted category (column), at " +
                  (rc.confusion_alpha.empty() ? std::string("the model's own alpha")
                                              : html_escape(rc.confusion_alpha)) +
                  "; <b>" + with_thousands(static_cast<std::size_t>(total)) +
                  "</b> counts. Shading is the share of the row; the outlined diagonal holds "
                  "the correct predictions." +
                  csv_link("confusion.csv"));
  return o;
}

// The keyword classifier against tf-idf + linear SVM.
std::string baseline_comparison_table(const report_content& rc) {
  std::string o;
  o += "<h3 id=\"baseline\">Against the study's baseline: tf-idf + linear SVM</h3>\n<table>\n"
       "<tr><th>classifier</th><th class=\"n\">test posts</th><th class=\"n\">precision</th>"
       "<th class=\"n\">recall</th><th class=\"n\">F1</th><th class=\"n\">accuracy</th></tr>\n";
  for (const baseline_row& r : rc.baseline->rows) {
    o += "<tr><td>";
    o += r.classifier == "keyword" ? "keyword classifier" : "tf-idf + linear SVM";
    o += "</td><td class=\"n\">" + with_thousands(static_cast<std::size_t>(r.test_posts)) + "</td>";
    for (const auto* v : {&r.precision, &r.recall, &r.f1, &r.accuracy})
      o += "<td class=\"n\">" + (*v ? percent_label(**v) : std::string("&ndash;")) + "</td>";
    o += "</tr>\n";
  }
  o += "</table>\n<p class=\"note\">Macro averages on the same test split, from the same "
       "tokens and vocabulary (<code>qclass baseline</code>). The SVM has scikit-learn's "
       "defaults (tf-idf with smooth idf and L2 rows; squared hinge loss, C = 1) and learns "
       "each post's first label. The study reported that the baseline did worse than its "
       "keyword classifier." +
       csv_link("baseline_comparison.csv") + "</p>\n";
  return o;
}

// What a row of cross_validation.csv estimates, for people.
std::string estimate_name(const cv_estimate& e) {
  if (e.estimate == "single_split") return "single split (the study's way)";
  if (e.estimate == "cross_validation") return "cross-validation at the same alpha";
  if (e.estimate == "nested") return "nested cross-validation (alpha tuned on inner folds)";
  if (e.estimate == "tuned_on_test") return "alpha tuned on the test folds";
  return html_escape(e.estimate);
}

std::string mean_std_cell(const cv_estimate& e, const char* metric) {
  std::size_t i = 0;
  while (i < kSummaryMetrics.size() && std::string(kSummaryMetrics[i]) != metric) ++i;
  if (i == kSummaryMetrics.size() || !e.mean[i]) return "<td class=\"n\">&ndash;</td>";
  std::string cell = percent_label(*e.mean[i]);
  if (e.std[i]) cell += " &plusmn; " + percent_label(*e.std[i]);
  return "<td class=\"n\">" + cell + "</td>";
}

// The cross-validation table: the single split beside the folds' figures.
std::string cross_validation_table(const report_content& rc) {
  std::string o =
      "<h3 id=\"cross-validation\">How good is the classifier really? Cross-validation</h3>\n"
      "<table>\n<tr><th>estimate</th><th class=\"n\">alpha</th><th class=\"n\">results</th>"
      "<th class=\"n\">macro F1</th><th class=\"n\">accuracy</th><th "
      "class=\"n\">macro precision</th><th class=\"n\">macro recall</th></tr>\n";
  for (const cv_estimate& e : rc.cross_validation->rows) {
    o += "<tr><td>" + estimate_name(e) + "</td><td class=\"n\">" +
         (e.alpha.empty() ? std::string("per fold") : html_escape(e.alpha)) +
         "</td><td class=\"n\">" + std::to_string(e.folds) + "</td>";
    for (const char* m : {"f1", "accuracy", "precision", "recall"}) o += mean_std_cell(e, m);
    o += "</tr>\n";
  }
  o += "</table>\n<p class=\"note\">Mean &plusmn; sample standard deviation over the "
       "stratified folds' test parts (each fold trained on the rest of the labeled posts; "
       "<code>qclass study --folds</code>); the single split has one result and no spread. "
       "The nested estimate chooses alpha on inner folds of each outer fold's train part, so "
       "its test posts never took part in the choice; tuning alpha on the test folds (the "
       "study's way) gives the higher, flattered figure beside it." +
       csv_link("cross_validation.csv") + "</p>\n";
  return o;
}

std::string evaluation_section(const report_content& rc) {
  if (!rc.sweep && !rc.confusion && !rc.baseline && !rc.cross_validation) return "";
  std::string o = "<h2 id=\"evaluation\">Classifier evaluation (labeled test split)</h2>\n";
  if (rc.sweep) o += sweep_figure(rc);
  if (rc.confusion) o += confusion_figure(rc);
  if (rc.baseline) o += baseline_comparison_table(rc);
  if (rc.cross_validation) o += cross_validation_table(rc);
  return o;
}

}  // namespace

std::string render_html_report(const report_content& rc) {
  const study_tables& t = *rc.tables;
  std::string o =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>qclass report: common challenges in deep learning questions</title>\n<style>";
  o += kStyle;
  o += "</style>\n</head>\n<body>\n<main>\n";
  o += "<h1>Common challenges in deep learning questions</h1>\n";
  o += "<p class=\"lead\">The findings of Zhang et al., <i>An Empirical Study of Common "
       "Challenges in Developing Deep Learning Applications</i> (ISSRE 2019), recomputed by "
       "qclass " +
       html_escape(version_string()) + " from its own predictions for <b>" +
       with_thousands(t.counts.analysed) + "</b> Stack Overflow questions tagged " +
       html_escape(list_text(t.frameworks, " or ")) +
       ". RQ1 asks which challenges are most common, RQ2 which are hardest to get "
       "answered.</p>\n";
  o += sources_section(rc);
  o += table1_section(t);
  o += rq1_section(t, rc.min_year_questions);
  o += rq2_section(t);
  o += evaluation_section(rc);
  o += counts_section(rc);
  o += "<h2 id=\"files\">Files</h2>\n<table>\n<tr><th>file</th><th>contents</th></tr>\n";
  for (const auto& f : rc.csv_files)
    o += "<tr><td><a href=\"" + html_escape(f.first) + "\">" + html_escape(f.first) +
         "</a></td><td>" + html_escape(f.second) + "</td></tr>\n";
  o += "</table>\n<p class=\"note\">Shares are fractions in [0, 1] in the CSV files and "
       "percentages here; an empty CSV cell means undefined (nothing to divide by). Posts with "
       "no scoring word are counted as &ldquo;unclassified&rdquo; in every distribution, never "
       "under a category.</p>\n";
  o += "</main>\n</body>\n</html>\n";
  return o;
}

}  // namespace qc
