// `qclass explain`: where each post's scores come from, per category (the
// words and their weights, the manual keywords and what alpha adds), with
// the same numbers and prediction as `qclass score`; text on standard
// output, JSON with --json.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/backend_select.hpp"
#include "core/fraction.hpp"
#include "formats/explain_json.hpp"
#include "formats/explain_text.hpp"
#include "formats/model_file.hpp"
#include "io/atomic_file.hpp"

namespace qc::cli {
namespace {

// Text on standard output unless the JSON goes there; the JSON to its path.
// With `hold` nothing is written before finish() (explain only then knows
// that every requested id was found).
class explain_outputs {
 public:
  explain_outputs(const keyword_model& m, const explain_display& d, const std::string& json_path,
                  bool hold)
      : m_(m), d_(d), hold_(hold) {
    if (!is_standard_output(json_path)) text_ = std::make_unique<atomic_file>("-");
    if (json_path.empty()) return;
    json_ = std::make_unique<atomic_file>(json_path);
    json_writer_ = std::make_unique<explain_json_writer>(json_buf_, m, d);
  }

  void add(const post_explanation& e) {
    ++posts_;
    if (text_) append_explanation_text(text_buf_, e, m_, d_);
    if (json_writer_) json_writer_->append(e);
    if (!hold_) flush();
  }

  void finish() {
    if (json_writer_) json_writer_->finish();
    json_buf_ += '\n';
    flush();
    if (text_) text_->commit();
    if (json_) json_->commit();
  }

  std::size_t posts() const { return posts_; }

 private:
  void flush() {
    if (text_) text_->stream() << text_buf_;
    if (json_) json_->stream() << json_buf_;
    text_buf_.clear();
    json_buf_.clear();
  }

  const keyword_model& m_;
  const explain_display d_;
  const bool hold_;
  std::size_t posts_ = 0;
  std::string text_buf_, json_buf_;
  std::unique_ptr<atomic_file> text_, json_;
  std::unique_ptr<explain_json_writer> json_writer_;
};

}  // namespace

void add_explain_command(CLI::App& app) {
  struct flags {
    input_flags in;
    std::string model, json, alpha, ties, wordnet_dir, device;
    std::vector<std::string> ids;
    std::size_t top = 10;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "explain",
      "Why each post gets its category: per category the words and weights, the manual "
      "keywords, alpha's part, the scores (as score computes them), winner and margin");
  add_input_flags(cmd, f->in);
  cmd->add_option("-m,--model", f->model, "Model file (from qclass train)")->required();
  cmd->add_option("--id", f->ids, "Explain only the post with this id (repeatable; default: all)");
  cmd->add_option("--top", f->top, "Words listed per category (0: all)")
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}))
      ->capture_default_str();
  cmd->add_option("--json", f->json, "Also write the explanations as JSON ('-': stdout, no text)");
  cmd->add_option("--alpha", f->alpha, "Override the model's alpha");
  cmd->add_option("--ties", f->ties, "lowest or all (default: the model's)")
      ->check(CLI::IsMember({"lowest", "all"}));
  cmd->add_option("--wordnet-dir", f->wordnet_dir, "WordNet 3.0 dict folder");
  add_device_flag(cmd, f->device);
  cmd->callback([f] {
    const keyword_model m = load_model(f->model);
    explain_display d;
    d.alpha = f->alpha.empty() ? m.alpha : parse_decimal_double(f->alpha);
    d.ties = f->ties.empty() ? m.ties : parse_ties(f->ties);
    d.top = f->top;
    const auto be = make_backend(f->device, f->in.threads);
    const text_resources res = load_model_text_resources(m, f->wordnet_dir);
    explain_outputs out(m, d, f->json, !f->ids.empty());
    progress_meter meter = reading_meter(f->in, "-");
    const read_stats stats = explain_posts(m, *be, explain_request{d.alpha, f->ids}, f->in.inputs,
                                           to_pipeline_options(f->in, meter), res,
                                           [&](const post_explanation& e) { out.add(e); });
    meter.finish();
    out.finish();
    std::cerr << describe_read(stats) << "\nexplained: " << out.posts() << " posts (backend "
              << be->name() << ")\n";
  });
}

}  // namespace qc::cli
