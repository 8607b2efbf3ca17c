// `qclass convert`: a Stack Exchange data-dump Posts.xml (plain, .7z, .gz,
// .bz2, .xz, .zst) to normalized JSON Lines, questions and optionally answers.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "io/atomic_file.hpp"
#include "io/posts_xml_convert.hpp"
#include "qc/core/error.hpp"

namespace qc::cli {

namespace {

struct convert_flags {
  std::string input;
  std::string output;
  std::string answers;
  std::vector<std::string> tags;
  std::string tag_match = "exact";
  std::string on_error = "fail";
  std::size_t max_record_size = default_max_record_bytes;
  progress_flags progress;
};

convert_options to_convert_options(const convert_flags& f) {
  convert_options opts;
  for (const std::string& t : f.tags) {
    if (!t.empty()) opts.tags.push_back(t);
  }
  opts.match = f.tag_match == "substring" ? tag_match::substring : tag_match::exact;
  opts.errors = f.on_error == "skip" ? on_error::skip : on_error::fail;
  opts.max_record_bytes = f.max_record_size;
  return opts;
}

void print_convert_summary(std::ostream& os, const convert_stats& s, bool answers) {
  os << "questions: " << s.questions_written << " written of " << s.questions
     << ", with an accepted answer: " << s.accepted_wanted << " (its date found for "
     << s.accepted_found << ")\n";
  os << "answers: " << s.answers;
  if (answers) os << ", written: " << s.answers_written;
  os << "; rows of other post types: " << s.other_rows << "\n";
  if (s.skipped) {
    os << "skipped (bad rows): " << s.skipped << "\n";
    for (const auto& r : s.skip_reasons) os << "  skipped: " << r << "\n";
    if (s.skipped > s.skip_reasons.size())
      os << "  ... and " << s.skipped - s.skip_reasons.size() << " more\n";
  }
  const double mb = static_cast<double>(s.xml_bytes) / 1e6;
  const double secs = s.pass1_seconds + s.pass2_seconds;
  char line[300];
  std::snprintf(line, sizeof line,
                "read %.1f MB of XML twice in %.3f s (pass 1 %.3f s, pass 2 %.3f s): %.1f MB/s "
                "of input; join tables %.1f MB\n",
                mb, secs, s.pass1_seconds, s.pass2_seconds, secs > 0 ? mb / secs : 0.0,
                static_cast<double>(s.join_bytes) / 1e6);
  os << line;
}

void run_convert(const convert_flags& f) {
  convert_options opts = to_convert_options(f);
  if (!f.answers.empty() && f.answers == f.output) {
    throw usage_error("--answers and --output name the same file");
  }
  atomic_file questions(f.output);
  std::unique_ptr<atomic_file> answers;
  if (!f.answers.empty()) answers = std::make_unique<atomic_file>(f.answers);
  // Both passes read the whole input.
  progress_meter meter = progress_meter::reading(
      "convert", 2 * known_input_bytes({f.input}),
      to_progress_mode(f.progress, is_standard_output(f.answers) ? f.answers : f.output));
  opts.on_progress = meter.callback();
  const convert_stats s =
      convert_posts_xml(f.input, questions.stream(), answers ? &answers->stream() : nullptr, opts);
  meter.finish();
  questions.commit();
  if (answers) answers->commit();
  print_convert_summary(
      is_standard_output(f.output) || is_standard_output(f.answers) ? std::cerr : std::cout, s,
      answers != nullptr);
}

}  // namespace

void add_convert_command(CLI::App& app) {
  auto f = std::make_shared<convert_flags>();
  CLI::App* cmd = app.add_subcommand(
      "convert",
      "Convert a data-dump Posts.xml (plain or .7z/.gz/.bz2/.xz/.zst) to normalized JSON Lines, "
      "with accepted_answer_creation_date joined in");
  cmd->add_option("input", f->input, "Posts.xml or a compressed copy (read twice: not '-')")
      ->required();
  cmd->add_option("-o,--output", f->output, "Questions, JSON Lines ('-' for stdout)")->required();
  cmd->add_option("--answers", f->answers, "Also write the answers of the kept questions here");
  cmd->add_option("--tags", f->tags,
                  "Keep questions with any of these tags, e.g. tensorflow,pytorch (default: all)")
      ->delimiter(',');
  cmd->add_option("--tag-match", f->tag_match,
                  "exact: tag equals one given (ASCII case-insensitive); substring: contains one "
                  "(the study's matching: tensorflow-serving counts as tensorflow)")
      ->check(CLI::IsMember({"exact", "substring"}))
      ->capture_default_str();
  cmd->add_option("--on-error", f->on_error,
                  "Bad rows: fail (stop with file:line) or skip (skip and count)")
      ->check(CLI::IsMember({"fail", "skip"}))
      ->capture_default_str();
  add_max_record_size_flag(cmd, f->max_record_size);
  add_progress_flags(cmd, f->progress);
  cmd->callback([f] { run_convert(*f); });
}

}  // namespace qc::cli
