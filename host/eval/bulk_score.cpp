// Bulk scoring with a reader thread ahead of the scorer.
#include "eval/bulk_score.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "core/format_double.hpp"
#include "io/atomic_file.hpp"
#include "io/json_write.hpp"
#include "simdjson.h"

namespace qc {
namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

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
std::string id_text(const std::string& id_json, simdjson::dom::parser& parser) {
  if (id_json.empty() || id_json.front() != '"') return id_json;
  std::string_view v;
  if (parser.parse(id_json).get_string().get(v)) return id_json;
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

// What the reader thread hands to the scorer: a batch with the skips reported
// while reading it, or (file_end) the skips that close a file.
struct skipped_record {
  std::size_t line;
  std::string id_json;  // "" when it could not be read
  std::string message;
};

struct package {
  token_batch batch;
  std::vector<skipped_record> skips;
  bool file_end = false;
};

// A bounded hand-off between the reader thread and the scorer.
class handoff {
 public:
  void push(package p) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return q_.size() < kDepth || stopped_; });
    if (stopped_) return;
    q_.push_back(std::move(p));
    cv_.notify_all();
  }
  // False once the producer is done and everything was taken.
  bool pop(package& out) {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return !q_.empty() || done_ || stopped_; });
    if (q_.empty()) return false;
    out = std::move(q_.front());
    q_.pop_front();
    cv_.notify_all();
    return true;
  }
  void finish() {
    std::lock_guard<std::mutex> lk(mu_);
    done_ = true;
    cv_.notify_all();
  }
  // The consumer failed: the producer stops waiting.
  void stop() {
    std::lock_guard<std::mutex> lk(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard<std::mutex> lk(mu_);
    return stopped_;
  }

 private:
  static constexpr std::size_t kDepth = 2;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<package> q_;
  bool done_ = false;
  bool stopped_ = false;
};

struct consumer_stopped {};

}  // namespace

prediction_format prediction_format_for(const std::string& path, const std::string& forced) {
  if (forced == "csv") return prediction_format::csv;
  if (forced == "jsonl") return prediction_format::jsonl;
  if (!forced.empty()) throw usage_error("--format must be csv or jsonl (got '" + forced + "')");
  const bool csv = path.size() >= 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
  return csv ? prediction_format::csv : prediction_format::jsonl;
}

bulk_score_summary score_posts(const keyword_model& m, backend& be, double alpha,
                               const std::vector<std::string>& inputs,
                               const pipeline_options& popts_in, const text_resources& res,
                               const std::string& output, prediction_format fmt) {
  const auto t0 = clock_type::now();
  const dense_weights w = m.weights();
  const int K = w.n_cats;
  bulk_score_summary sum;
  sum.per_category.assign(static_cast<std::size_t>(K), 0);
  atomic_file out(output);
  std::string buf;
  if (fmt == prediction_format::csv)
    buf = "id,category,score,runner_up,margin,no_evidence,status\n";

  // ---- reader thread: read, parse, normalize; skips travel with their batch ----
  handoff queue;
  std::vector<skipped_record> reported;  // reader thread only
  pipeline_options popts = popts_in;
  popts.reader.on_skip_record = [&](std::size_t line, const std::string& id,
                                    const std::string& msg) {
    reported.push_back({line, id, msg});
  };
  std::exception_ptr reader_error;
  double reader_busy = 0;
  std::thread reader([&] {
    try {
      auto busy_from = clock_type::now();
      sum.stats = tokenize_files(
          inputs, popts, m.pre, res,
          [&](token_batch& b) {
            reader_busy += seconds_since(busy_from);
            package p;
            std::swap(p.batch, b);
            p.skips.swap(reported);
            queue.push(std::move(p));
            if (queue.stopped()) throw consumer_stopped{};
            busy_from = clock_type::now();
          },
          [&](std::size_t) {
            reader_busy += seconds_since(busy_from);
            package p;
            p.file_end = true;
            p.skips.swap(reported);
            queue.push(std::move(p));
            if (queue.stopped()) throw consumer_stopped{};
            busy_from = clock_type::now();
          });
      reader_busy += seconds_since(busy_from);
    } catch (const consumer_stopped&) {
    } catch (...) {
      reader_error = std::current_exception();
    }
    queue.finish();
  });

  // ---- this thread: score and write, in input order ----
  std::vector<skipped_record> pending;  // skips not yet written
  simdjson::dom::parser id_parser;
  // A skipped record's row keeps its id when the reader could read it.
  auto write_skipped = [&](const skipped_record& sk) {
    ++sum.skipped;
    if (fmt == prediction_format::csv) {
      append_csv_field(buf, id_text(sk.id_json, id_parser));
      buf += ",,,,,,";
      append_csv_field(buf, "skipped: " + sk.message);
      buf += '\n';
    } else {
      buf += "{\"id\": ";
      buf += sk.id_json.empty() ? "null" : sk.id_json;
      buf += ", \"skipped\": ";
      append_json_string(buf, sk.message);
      buf += "}\n";
    }
  };
  // Batch i is on the backend (slot i % 2) while batch i-1's rows are
  // written: with a device backend the GPU scores one batch while the host
  // writes the previous one (and the reader thread parses the next).
  struct in_flight {
    package p;
    int slot = 0;
  };
  std::optional<in_flight> prev;
  int next_slot = 0;
  auto write_batch = [&](in_flight& f) {
    auto t = clock_type::now();
    const scores_view s = be.end_scores(f.slot);
    sum.backend_seconds += seconds_since(t);
    t = clock_type::now();
    const token_batch& b = f.p.batch;
    std::size_t next_skip = 0;
    for (std::size_t i = 0; i < b.posts.size(); ++i) {
      const post& po = b.posts[i];
      while (next_skip < pending.size() && pending[next_skip].line < po.line)
        write_skipped(pending[next_skip++]);
      const std::size_t o = i * static_cast<std::size_t>(K);
      const prediction pr = predict_row(s.s0 + o, s.d + o, s.s1 + o, alpha, K);
      ++sum.scored;
      // Posts without evidence are "unclassified", not the index-0 category.
      if (pr.no_evidence) {
        ++sum.no_evidence;
      } else {
        ++sum.per_category[static_cast<std::size_t>(pr.best)];
      }
      const std::string& cat = m.labels[static_cast<std::size_t>(pr.best)];
      if (fmt == prediction_format::csv) {
        append_csv_field(buf, id_text(po.id_json, id_parser));
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
        buf += po.id_json;
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
    // Skips after this batch's last post come before the next batch's posts.
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(next_skip));
    out.stream() << buf;
    buf.clear();
    sum.write_seconds += seconds_since(t);
  };
  auto add_skips = [&](package& p) {
    pending.insert(pending.end(), std::make_move_iterator(p.skips.begin()),
                   std::make_move_iterator(p.skips.end()));
  };
  try {
    package p;
    while (queue.pop(p)) {
      if (p.file_end) {
        // The file is exhausted: its remaining skipped records come last.
        if (prev) write_batch(*prev);
        prev.reset();
        add_skips(p);
        for (const auto& sk : pending) write_skipped(sk);
        pending.clear();
        out.stream() << buf;
        buf.clear();
        continue;
      }
      auto t = clock_type::now();
      const term_matrix mat = term_matrix::from_token_lists(p.batch.tokens, m.vocab, popts.threads);
      sum.matrix_seconds += seconds_since(t);
      t = clock_type::now();
      be.begin_scores(next_slot, mat.view(), w.view(), w.norms.data());
      sum.backend_seconds += seconds_since(t);
      if (prev) write_batch(*prev);
      add_skips(p);  // after the previous batch: its skips come after that batch's rows
      prev = in_flight{std::move(p), next_slot};
      next_slot = (next_slot + 1) % backend::kScoreSlots;
    }
    if (prev) write_batch(*prev);
  } catch (...) {
    queue.stop();
    reader.join();
    throw;
  }
  reader.join();
  if (reader_error) std::rethrow_exception(reader_error);
  out.commit();
  sum.read_normalize_seconds = reader_busy;
  sum.total_seconds = seconds_since(t0);
  return sum;
}

}  // namespace qc
