// `qclass sample`: the posts to label (DEFINITIONS.md 12): per framework its
// top-viewed and random questions, with the population and Cochran's sample
// size, written as a labeling sheet (formats/label_sheet.hpp).
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
#include "study/sample.hpp"

namespace qc::cli {

namespace {

// The questions of every input that match at least one framework, in input
// order (the others can never be drawn, so they are not kept).
std::vector<post> read_framework_posts(const input_flags& in, const framework_set& fw,
                                       read_stats& total) {
  const reader_options ro = to_pipeline_options(in).reader;
  std::vector<post> kept;
  std::vector<post> batch;
  for (const std::string& path : in.inputs) {
    const std::unique_ptr<post_source> src = open_post_source(path, ro);
    while (src->next_batch(batch, in.batch_posts)) {
      for (post& p : batch)
        if (fw.match(p.tags)) kept.push_back(std::move(p));
    }
    const read_stats& s = src->stats();
    total.records += s.records;
    total.skipped += s.skipped;
    total.blank_lines += s.blank_lines;
    total.bytes += s.bytes;
    total.other_rows += s.other_rows;
    total.skip_reasons.insert(total.skip_reasons.end(), s.skip_reasons.begin(),
                              s.skip_reasons.end());
  }
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
}

void run_sample(const sample_flags& f) {
  const framework_set fw(split_comma_list(f.frameworks), parse_tag_match(f.tag_match));
  // Check --ci and --margin before reading anything.
  (void)cochran_sample_size(1, f.ci, f.margin);
  read_stats stats;
  const std::vector<post> posts = read_framework_posts(f.in, fw, stats);
  sample_options so;
  so.top_viewed = f.top_viewed;
  so.random = f.random;
  so.seed = f.seed;
  const sample_result s = draw_sample(posts, fw, so);
  if (!f.output.empty()) {
    std::vector<sheet_row> rows;
    rows.reserve(s.entries.size());
    for (const sample_entry& e : s.entries)
      rows.push_back(make_sheet_row(posts[e.position], fw.names()[e.framework], to_string(e.how),
                                    e.rank, f.site));
    write_file_atomically(f.output, write_label_sheet(rows, false));
  }
  const bool to_stdout = !f.output.empty() && is_standard_output(f.output);
  print_sample_report(to_stdout ? std::cerr : std::cout, f, stats, s);
}

}  // namespace

void add_sample_command(CLI::App& app) {
  auto f = std::make_shared<sample_flags>();
  CLI::App* cmd = app.add_subcommand(
      "sample",
      "Draw the posts to label (top-viewed and random questions per framework), report each "
      "framework's population and Cochran's sample size, and write a labeling sheet (CSV)");
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
  cmd->callback([f] { run_sample(*f); });
}

}  // namespace qc::cli
