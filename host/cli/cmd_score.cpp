// `qclass score`: bulk-score posts with a saved model, in batches, with
// bounded memory. One output row per input record, in input order; records
// skipped under --on-error skip appear as skipped rows.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/common_options.hpp"
#include "core/error.hpp"
#include "core/format_double.hpp"
#include "core/parallel.hpp"
#include "eval/rational.hpp"
#include "io/atomic_file.hpp"
#include "io/json_write.hpp"
#include "model/model_file.hpp"
#include "simdjson.h"

namespace qc::cli {
namespace {

enum class out_format { csv, jsonl };

void append_csv_field(std::string& o, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    o += s;
    return;
  }
  o += '"';
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  o += '"';
}

// The id as plain text for CSV: a JSON string loses its quotes and escapes.
std::string id_text(const std::string& id_json) {
  if (id_json.empty() || id_json.front() != '"') return id_json;
  simdjson::dom::parser p;
  std::string_view v;
  if (p.parse(id_json).get_string().get(v)) return id_json;
  return std::string(v);
}

struct prediction {
  int best = 0;
  int runner_up = -1;
  double score = 0, margin = 0;
  bool no_evidence = false;
  std::uint64_t tied = 0;
};

prediction predict_row(const double* s0, const std::int64_t* d, const std::int64_t* s1,
                       double alpha, int K) {
  prediction p;
  p.best = argmax_lowest(s0, s1, alpha, K);
  p.score = score_of(s0[p.best], alpha, s1[p.best]);
  p.tied = argmax_all(s0, s1, alpha, K);
  p.no_evidence = no_evidence(d, s1, K);
  double second = 0;
  for (int k = 0; k < K; ++k) {
    if (k == p.best) continue;
    const double s = score_of(s0[k], alpha, s1[k]);
    if (p.runner_up < 0 || s > second) {
      p.runner_up = k;
      second = s;
    }
  }
  if (p.runner_up >= 0) p.margin = p.score - second;
  return p;
}

}  // namespace

void add_score_command(CLI::App& app) {
  struct flags {
    input_flags in;
    std::string model;
    std::string output;
    std::string format;
    std::string alpha;
    std::string wordnet_dir;
    std::string device;
  };
  auto f = std::make_shared<flags>();
  CLI::App* cmd = app.add_subcommand(
      "score", "Predict the category of every post with a saved model (bulk, streaming)");
  add_input_flags(cmd, f->in);
  cmd->add_option("-m,--model", f->model, "Model file (from qclass train)")->required();
  cmd->add_option("-o,--output", f->output, "Predictions: .csv or .jsonl ('-' for stdout)")
      ->required();
  cmd->add_option("--format", f->format, "csv or jsonl (default: from the output's extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  cmd->add_option("--alpha", f->alpha, "Override the model's alpha");
  cmd->add_option("--wordnet-dir", f->wordnet_dir, "WordNet 3.0 dict folder");
  add_device_flag(cmd, f->device);
  cmd->callback([f] {
    const auto t0 = std::chrono::steady_clock::now();
    const keyword_model m = load_model(f->model);
    const dense_weights w = m.weights();
    const int K = w.n_cats;
    const double alpha = f->alpha.empty() ? m.alpha : rational::parse(f->alpha).to_double();
    const auto be = make_backend(f->device, f->in.threads);
    const text_resources res = load_model_text_resources(m, f->wordnet_dir);

    out_format fmt = out_format::jsonl;
    if (f->format == "csv" || (f->format.empty() && f->output.size() >= 4 &&
                               f->output.compare(f->output.size() - 4, 4, ".csv") == 0))
      fmt = out_format::csv;
    atomic_file out(f->output);
    std::string buf;
    if (fmt == out_format::csv) buf = "id,category,score,runner_up,margin,no_evidence,status\n";

    // Skipped records of the batch being read, merged back by line number.
    std::vector<std::pair<std::size_t, std::string>> skipped;
    pipeline_options popts = to_pipeline_options(f->in);
    popts.reader.on_skip = [&](std::size_t line, const std::string& msg) {
      skipped.emplace_back(line, msg);
    };
    std::size_t n_scored = 0, n_skipped = 0, n_no_evidence = 0;
    std::vector<std::size_t> per_category(static_cast<std::size_t>(K), 0);

    auto write_skipped = [&](const std::string& msg) {
      ++n_skipped;
      if (fmt == out_format::csv) {
        buf += ",,,,,,";
        append_csv_field(buf, "skipped: " + msg);
        buf += '\n';
      } else {
        buf += "{\"id\": null, \"skipped\": ";
        append_json_string(buf, msg);
        buf += "}\n";
      }
    };

    const read_stats stats = tokenize_files(
        f->in.inputs, popts, m.pre, res,
        [&](token_batch& b) {
          const term_matrix mat = term_matrix::from_token_lists(b.tokens, m.vocab, f->in.threads);
          const row_scores s = score_rows(*be, mat, w);
          std::size_t next_skip = 0;
          for (std::size_t i = 0; i < b.posts.size(); ++i) {
            const post& p = b.posts[i];
            while (next_skip < skipped.size() && skipped[next_skip].first < p.line)
              write_skipped(skipped[next_skip++].second);
            const std::size_t o = i * static_cast<std::size_t>(K);
            const prediction pr =
                predict_row(s.s0.data() + o, s.d.data() + o, s.s1.data() + o, alpha, K);
            ++n_scored;
            // Posts without evidence are "unclassified", not the index-0 category.
            if (pr.no_evidence) {
              ++n_no_evidence;
            } else {
              ++per_category[static_cast<std::size_t>(pr.best)];
            }
            const std::string& cat = m.labels[static_cast<std::size_t>(pr.best)];
            if (fmt == out_format::csv) {
              append_csv_field(buf, id_text(p.id_json));
              buf += ',';
              append_csv_field(buf, cat);
              buf += ',';
              append_double(buf, pr.score);
              buf += ',';
              if (pr.runner_up >= 0)
                append_csv_field(buf, m.labels[static_cast<std::size_t>(pr.runner_up)]);
              buf += ',';
              append_double(buf, pr.margin);
              buf += pr.no_evidence ? ",true,ok\n" : ",false,ok\n";
            } else {
              buf += "{\"id\": ";
              buf += p.id_json;
              buf += ", \"category\": ";
              append_json_string(buf, cat);
              buf += ", \"score\": ";
              append_double(buf, pr.score);
              buf += ", \"runner_up\": ";
              if (pr.runner_up >= 0) {
                append_json_string(buf, m.labels[static_cast<std::size_t>(pr.runner_up)]);
              } else {
                buf += "null";
              }
              buf += ", \"margin\": ";
              append_double(buf, pr.margin);
              buf += pr.no_evidence ? ", \"no_evidence\": true" : ", \"no_evidence\": false";
              if (m.ties == tie_rule::all) {
                buf += ", \"categories\": [";
                bool first = true;
                for (int k = 0; k < K; ++k) {
                  if (!((pr.tied >> k) & 1u)) continue;
                  if (!first) buf += ", ";
                  first = false;
                  append_json_string(buf, m.labels[static_cast<std::size_t>(k)]);
                }
                buf += ']';
              }
              buf += "}\n";
            }
          }
          // Skips reported with this batch but after its last post stay pending:
          // they come before the next batch's posts.
          skipped.erase(skipped.begin(), skipped.begin() + static_cast<std::ptrdiff_t>(next_skip));
          out.stream() << buf;
          buf.clear();
        },
        [&](std::size_t) {
          // The file is exhausted: its remaining skipped records come last.
          for (const auto& s : skipped) write_skipped(s.second);
          skipped.clear();
          out.stream() << buf;
          buf.clear();
        });
    out.commit();

    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::ostream& os = f->output == "-" ? std::cerr : std::cout;
    char rate[200];
    const double mb = static_cast<double>(stats.bytes) / 1e6;
    std::snprintf(rate, sizeof rate, "%.1f MB in %.3f s: %.1f MB/s, %.0f posts/s", mb, secs,
                  secs > 0 ? mb / secs : 0.0,
                  secs > 0 ? static_cast<double>(n_scored) / secs : 0.0);
    os << "scored: " << n_scored << ", skipped: " << n_skipped << " (backend " << be->name()
       << ")\n"
       << "read+score: " << rate << "\n"
       << "predicted categories:\n";
    for (int k = 0; k < K; ++k)
      os << "  " << m.labels[static_cast<std::size_t>(k)] << ": "
         << per_category[static_cast<std::size_t>(k)] << "\n";
    os << "  (unclassified: no scoring word): " << n_no_evidence << "\n";
    if (f->output != "-") os << "predictions: " << f->output << "\n";
  });
}

}  // namespace qc::cli
