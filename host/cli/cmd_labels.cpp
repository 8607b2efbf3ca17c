// `qclass labels merge`: a labeled sheet (formats/label_sheet.hpp) put back
// onto its posts as JSON Lines with a `labels` field, for `train`
// (study/label_merge.hpp).
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "formats/label_sheet.hpp"
#include "io/atomic_file.hpp"
#include "io/post_source.hpp"
#include "qc/core/error.hpp"
#include "study/label_merge.hpp"

namespace qc::cli {

namespace {

struct merge_flags {
  std::string sheet;
  input_flags in;
  std::string categories;
  std::string output;
};

void print_merge_report(std::ostream& os, const merge_flags& f, const read_stats& stats,
                        const merge_counts& c) {
  os << "sheet: " << f.sheet << ": " << c.rows << " rows, " << c.labeled << " labeled, "
     << c.unlabeled << " unlabeled (left out)\n";
  os << describe_read(stats) << "\n";
  os << "posts not in the sheet: " << c.posts_not_in_sheet << " (left out)\n";
  os << "written: " << c.merged << " labeled posts to " << f.output << "\n";
}

void run_merge(const merge_flags& f) {
  std::vector<std::string> categories;
  if (!f.categories.empty()) categories = read_category_names(f.categories);
  label_merger merger(read_label_sheet(f.sheet), categories, f.categories);
  std::string out;
  progress_meter meter = reading_meter(f.in);
  const read_stats stats =
      for_each_post_batch(f.in.inputs, to_pipeline_options(f.in, meter).reader, f.in.batch_posts,
                          [&](std::vector<post>& batch, std::size_t i, std::size_t) {
                            merger.add(batch, f.in.inputs[i], out);
                          });
  meter.finish();
  const merge_counts counts = merger.finish();
  write_file_atomically(f.output, out);
  print_merge_report(is_standard_output(f.output) ? std::cerr : std::cout, f, stats, counts);
}

void add_merge_command(CLI::App* labels) {
  auto f = std::make_shared<merge_flags>();
  CLI::App* cmd = labels->add_subcommand(
      "merge",
      "Put a labeled sheet back onto its posts: JSON Lines of the labeled posts with a "
      "`labels` field, for train (ids matched exactly; unlabeled rows and posts not in the "
      "sheet left out and counted)");
  cmd->add_option("--sheet", f->sheet,
                  "Labeled sheet (CSV from qclass sample, or exported by its labeling page)")
      ->required();
  add_input_flags(cmd, f->in);
  cmd->add_option("--categories", f->categories,
                  "Keyword file or label map: a label outside its first column is an error");
  cmd->add_option("-o,--output", f->output, "JSON Lines to write ('-': standard output)")
      ->required();
  cmd->callback([f] { run_merge(*f); });
}

}  // namespace

void add_labels_command(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("labels", "Labeled sheets: merge (more to come)");
  cmd->require_subcommand(1);
  add_merge_command(cmd);
}

}  // namespace qc::cli
