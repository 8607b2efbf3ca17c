// `qclass agreement A.csv B.csv`: how far two labelers of the same sheet
// agree (DEFINITIONS.md 12): Cohen's kappa with its bootstrap interval, raw
// and per-category agreement, their confusion, and the posts to adjudicate.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/format_double.hpp"
#include "eval/agreement.hpp"
#include "formats/json_write.hpp"
#include "formats/label_sheet.hpp"
#include "io/atomic_file.hpp"
#include "qc/core/error.hpp"

namespace qc::cli {

namespace {

std::vector<labeled_post> labeled_posts(const label_sheet& s) {
  std::vector<labeled_post> out;
  out.reserve(s.rows.size());
  for (const sheet_row& r : s.rows) out.push_back({r.id, r.labels});
  return out;
}

std::string agreement_json(const agreement_result& r, const std::string& file_a,
                           const std::string& file_b, const agreement_options& o) {
  std::string out;
  json_writer w(out);
  w.begin_object();
  w.member("sheet_a", file_a).member("sheet_b", file_b);
  w.member("rows_a", std::uint64_t{r.rows_a}).member("rows_b", std::uint64_t{r.rows_b});
  w.member("labeled_a", std::uint64_t{r.labeled_a}).member("labeled_b", std::uint64_t{r.labeled_b});
  w.member("common", std::uint64_t{r.common});
  w.member("only_a", std::uint64_t{r.only_a}).member("only_b", std::uint64_t{r.only_b});
  w.member("agreed", std::uint64_t{r.agreed});
  w.member("observed_agreement", r.kappa.observed);
  w.member("expected_agreement", r.kappa.expected);
  w.member("kappa", r.kappa.kappa);
  w.key("bootstrap").begin_object();
  w.member("resamples", std::uint64_t{o.bootstrap});
  w.member("ci", o.confidence);
  w.member("seed", o.seed);
  w.member("left_out", std::uint64_t{0});
  if (r.kappa_interval)
    w.member("low", r.kappa_interval->low).member("high", r.kappa_interval->high);
  else
    w.key("low").null().key("high").null();
  w.end_object();
  w.key("categories").strings(r.categories);
  w.key("per_category").begin_array();
  for (const category_agreement& c : r.per_category) {
    w.begin_object();
    w.member("category", c.category);
    w.member("a", std::uint64_t{c.a}).member("b", std::uint64_t{c.b});
    w.member("both", std::uint64_t{c.both});
    w.member("agreement", c.agreement);
    w.end_object();
  }
  w.end_array();
  w.key("confusion").begin_array();  // rows: the first sheet's label; columns: the second's
  for (const auto& row : r.confusion) {
    w.begin_array();
    for (std::size_t v : row) w.value(std::uint64_t{v});
    w.end_array();
  }
  w.end_array();
  w.member("disagreements", std::uint64_t{r.disagreements.size()});
  w.end_object();
  out += "\n";
  return out;
}

void print_agreement(std::ostream& os, const agreement_result& r, const std::string& file_a,
                     const std::string& file_b, const agreement_options& o,
                     const std::string& dis_path) {
  os << "sheets: " << file_a << " (" << r.rows_a << " rows, " << r.labeled_a << " labeled), "
     << file_b << " (" << r.rows_b << " rows, " << r.labeled_b << " labeled)\n";
  os << "posts labeled by both: " << r.common << "; only by the first: " << r.only_a
     << ", only by the second: " << r.only_b << " (not used)\n";
  os << "raw agreement: " << r.agreed << "/" << r.common << " = " << format_double(r.kappa.observed)
     << "\n";
  os << "Cohen's kappa: " << format_double(r.kappa.kappa) << " (expected agreement "
     << format_double(r.kappa.expected) << ")";
  if (r.kappa_interval)
    os << ", " << format_double(o.confidence) << " bootstrap interval ["
       << format_double(r.kappa_interval->low) << ", " << format_double(r.kappa_interval->high)
       << "] (" << o.bootstrap << " resamples, seed " << o.seed << ")";
  os << "\nper category (first sheet, second sheet, both, specific agreement 2*both/(a+b)):\n";
  for (const category_agreement& c : r.per_category)
    os << "  " << c.category << ": " << c.a << ", " << c.b << ", " << c.both << ", "
       << format_double(c.agreement) << "\n";
  os << "confusion (rows: first sheet, columns: second sheet, in category order):\n";
  for (std::size_t i = 0; i < r.categories.size(); ++i) {
    os << "  " << r.categories[i] << ":";
    for (std::size_t v : r.confusion[i]) os << " " << v;
    os << "\n";
  }
  os << "disagreements: " << r.disagreements.size();
  if (!dis_path.empty()) os << " (sheet: " << dis_path << ")";
  os << "\n";
}

}  // namespace

void add_agreement_command(CLI::App& app) {
  struct flags {
    std::string a, b;
    agreement_options opts;
    std::string json;
    std::string disagreements;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "agreement",
      "Agreement between two labeled sheets of the same posts: Cohen's kappa with its "
      "bootstrap interval, raw and per-category agreement, confusion, disagreements");
  cmd->add_option("A", f->a, "The first labeler's sheet (CSV from qclass sample, labeled)")
      ->required();
  cmd->add_option("B", f->b, "The second labeler's sheet")->required();
  cmd->add_option("--bootstrap", f->opts.bootstrap, "Bootstrap resamples (0: no interval)")
      ->capture_default_str();
  cmd->add_option("--ci", f->opts.confidence, "Confidence of the interval")->capture_default_str();
  cmd->add_option("--seed", f->opts.seed, "Seed of the bootstrap (SplitMix64)")
      ->capture_default_str();
  cmd->add_option("--json", f->json, "Write the numbers as JSON to this file");
  cmd->add_option("--disagreements", f->disagreements,
                  "Write the posts the labelers disagree on as a sheet to adjudicate (the "
                  "sheet's columns, an empty labels column, then labels_a and labels_b)");
  cmd->callback([f] {
    if (!(f->opts.confidence > 0 && f->opts.confidence < 1))
      throw usage_error("--ci must be between 0 and 1 (exclusive)");
    const label_sheet sa = read_label_sheet(f->a);
    const label_sheet sb = read_label_sheet(f->b);
    const agreement_result r = measure_agreement(labeled_posts(sa), labeled_posts(sb), f->opts);

    if (!f->disagreements.empty()) {
      std::vector<sheet_row> rows;
      for (std::size_t k : r.disagreements) {
        sheet_row row = sa.rows[r.common_a[k]];
        row.labels_a = row.labels;
        row.labels_b = sb.rows[r.common_b[k]].labels;
        row.labels.clear();
        rows.push_back(std::move(row));
      }
      write_file_atomically(f->disagreements, write_label_sheet(rows, true));
    }
    if (!f->json.empty()) write_file_atomically(f->json, agreement_json(r, f->a, f->b, f->opts));

    const bool quiet = (!f->json.empty() && is_standard_output(f->json)) ||
                       (!f->disagreements.empty() && is_standard_output(f->disagreements));
    print_agreement(quiet ? std::cerr : std::cout, r, f->a, f->b, f->opts, f->disagreements);
  });
}

}  // namespace qc::cli
