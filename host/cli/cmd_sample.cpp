// `qclass sample`: the posts to label (DEFINITIONS.md 12): per framework its
// top-viewed and random questions, with the population and Cochran's sample
// size, written as a labeling sheet (formats/label_sheet.hpp) and a labeling
// page (report/label_page.hpp).
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/comma_list.hpp"
#include "core/format_double.hpp"
#include "formats/label_sheet.hpp"
#include "io/atomic_file.hpp"
#include "io/post_source.hpp"
#include "qc/core/error.hpp"
#include "report/label_page.hpp"
#include "study/sample.hpp"

namespace qc::cli {

namespace {

// The questions of every input that match at least one framework, in input
// order (the others can never be drawn, so they are not kept).
std::vector<post> read_framework_posts(const input_flags& in, const framework_set& fw,
                                       read_stats& total) {
  std::vector<post> kept;
  progress_meter meter = reading_meter(in);
  total = for_each_post_batch(in.inputs, to_pipeline_options(in, meter).reader, in.batch_posts,
                              [&](std::vector<post>& batch, std::size_t, std::size_t) {
                                for (post& p : batch)
                                  if (fw.match(p.tags)) kept.push_back(std::move(p));
                              });
  return kept;
}

struct sample_flags {
  input_flags in;
  std::string frameworks = "tensorflow,pytorch,deeplearning4j";
  std::string tag_match = "exact";
  std::size_t top_viewed = 0;
  std::size_t random = 0;
  std::uint64_t seed = 0;
  double ci = 0.95;
  double margin = 0.05;
  std::string site = "https://stackoverflow.com";
  std::string output;
  std::string html;
  std::string categories;
};

void print_sample_report(std::ostream& os, const sample_flags& f, const read_stats& stats,
                         const sample_result& s) {
  os << describe_read(stats) << "\n";
  os << "sample: " << s.entries.size() << " posts (top-viewed " << f.top_viewed << ", random "
     << f.random << " per framework, seed " << f.seed << ", tag match " << f.tag_match << ")\n";
  os << "sample size (Cochran, confidence " << format_double(f.ci) << ", margin "
     << format_double(f.margin) << ")\n";
  for (const framework_draw& d : s.frameworks) {
    os << "  " << d.name << ": " << d.questions << " questions";
    if (d.candidates != d.questions)
      os << " (" << d.candidates << " not drawn for an earlier framework)";
    const std::optional<sample_size> n = cochran_sample_size(d.questions, f.ci, f.margin);
    if (n)
      os << ", sample size " << format_double(n->exact) << " -> " << n->rounded_up;
    else
      os << ", sample size: none (no questions)";
    os << "; drawn " << d.top_viewed << " top-viewed + " << d.random << " random\n";
    if (d.top_viewed_shortfall || d.random_shortfall)
      os << "  " << d.name << ": shortfall " << d.top_viewed_shortfall << " top-viewed, "
         << d.random_shortfall << " random (only " << d.candidates << " candidates)\n";
  }
  if (!f.output.empty()) os << "sheet: " << f.output << "\n";
  if (!f.html.empty()) os << "labeling page: " << f.html << "\n";
}

// The labeling page beside (or instead of) the CSV sheet: its title is the
// page's file name, its export the same name with .labels.csv.
void write_page(const sample_flags& f, const std::vector<sheet_row>& rows,
                const std::vector<std::string>& categories) {
  label_page page;
  page.categories = categories;
  std::string stem = std::filesystem::path(f.html).filename().string();
  if (stem.size() > 5 && stem.compare(stem.size() - 5, 5, ".html") == 0)
    stem.resize(stem.size() - 5);
  if (stem.empty() || is_standard_output(f.html)) stem = "sample";
  page.title = stem;
  page.export_name = stem + ".labels.csv";
  write_file_atomically(f.html, write_label_page(rows, page));
}

void run_sample(const sample_flags& f) {
  const framework_set fw(split_comma_list(f.frameworks), parse_tag_match(f.tag_match));
  // Check --ci, --margin and the categories before reading any post.
  (void)cochran_sample_size(1, f.ci, f.margin);
  std::vector<std::string> categories;
  if (!f.categories.empty()) categories = read_category_names(f.categories);
  read_stats stats;
  const std::vector<post> posts = read_framework_posts(f.in, fw, stats);
  sample_options so;
  so.top_viewed = f.top_viewed;
  so.random = f.random;
  so.seed = f.seed;
  const sample_result s = draw_sample(posts, fw, so);
  std::vector<sheet_row> rows;
  rows.reserve(s.entries.size());
  for (const sample_entry& e : s.entries)
    rows.push_back(make_sheet_row(posts[e.position], fw.names()[e.framework], to_string(e.how),
                                  e.rank, f.site));
  if (!f.output.empty()) write_file_atomically(f.output, write_label_sheet(rows, false));
  if (!f.html.empty()) write_page(f, rows, categories);
  const bool to_stdout = (!f.output.empty() && is_standard_output(f.output)) ||
                         (!f.html.empty() && is_standard_output(f.html));
  print_sample_report(to_stdout ? std::cerr : std::cout, f, stats, s);
}

}  // namespace

void add_sample_command(CLI::App& app) {
  auto f = std::make_shared<sample_flags>();
  CLI::App* cmd = app.add_subcommand(
      "sample",
      "Draw the posts to label (top-viewed and random questions per framework), report each "
      "framework's population and Cochran's sample size, and write a labeling sheet (CSV) and a "
      "labeling page (HTML)");
  add_input_flags(cmd, f->in);
  cmd->add_option("--frameworks", f->frameworks,
                  "Comma-separated frameworks, visited in this order; a post is drawn once")
      ->capture_default_str();
  cmd->add_option("--tag-match", f->tag_match,
                  "exact: a tag equals the framework; substring: a tag contains it (the study)")
      ->check(CLI::IsMember({"exact", "substring"}))
      ->capture_default_str();
  cmd->add_option("--top-viewed", f->top_viewed, "M: the M most viewed questions per framework")
      ->capture_default_str();
  cmd->add_option("--random", f->random, "N: then N random questions per framework")
      ->capture_default_str();
  cmd->add_option("--seed", f->seed, "Seed of the random draw (SplitMix64)")->capture_default_str();
  cmd->add_option("--ci", f->ci, "Confidence of Cochran's sample size")->capture_default_str();
  cmd->add_option("--margin", f->margin, "Margin of error of Cochran's sample size")
      ->capture_default_str();
  cmd->add_option("--site", f->site, "Site of the links: SITE/questions/ID")->capture_default_str();
  cmd->add_option("-o,--output", f->output,
                  "Labeling sheet (CSV: id, framework, how, rank, link, title, text, tags, "
                  "labels); none: only the report");
  CLI::Option* html =
      cmd->add_option("--html", f->html,
                      "Labeling page (one self-contained HTML file) of the same posts, with the "
                      "categories of --categories as buttons");
  CLI::Option* cats =
      cmd->add_option("--categories", f->categories,
                      "The page's categories: a keyword file or a label map (its first column)");
  html->needs(cats);
  cats->needs(html);
  cmd->callback([f] { run_sample(*f); });
}

}  // namespace qc::cli
