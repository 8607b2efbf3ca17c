// Bulk scoring with a reader thread ahead of the scorer.
#include "score/bulk_score.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "core/bounded_queue.hpp"
#include "io/atomic_file.hpp"
#include "matrix/post_matrix_builder.hpp"
#include "qc/core/parallel.hpp"
#include "score/predict_row.hpp"

namespace qc {
namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) {
  return std::chrono::duration<double>(clock_type::now() - t).count();
}

// User + system CPU seconds of the whole process so far.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

// A record the reader skipped: its id as JSON ("" when it could not be
// read), the reason, and how many of its file's posts come before it.
struct skipped_record {
  std::string id_json;
  std::string message;
  std::size_t posts_before;
};
using skip_list = std::vector<skipped_record>;

// What the reader thread hands to the scorer: a batch of posts with the skips
// reported while reading it, or (file_end) the skips that close a file.
struct package {
  std::vector<post> posts;
  skip_list skips;
  bool file_end = false;
};

struct consumer_stopped {};

// One run of score_posts: the reader thread reads, and its parsing threads
// parse and make each post's row (builder_.prepare), into `queue_`; this
// thread puts each batch's rows into its term matrix and starts its scores
// on the backend; the writer thread writes each batch's rows, in input
// order. Batch i is on the backend (slot i % 2) while batch i-1's rows are
// written: with a device backend the GPU scores one batch while the host
// writes the previous one (and the parsing threads work on the next). With
// many parsing threads, putting rows together and writing them are two
// stages of about the same length, so neither bounds the parsing.
class bulk_scorer {
 public:
  bulk_scorer(const keyword_model& m, backend& be, double alpha, const pipeline_options& popts,
              const text_resources& res, score_sink& sink)
      : be_(be),
        alpha_(alpha),
        popts_(popts),
        w_(m.weights()),
        K_(w_.n_cats),
        sink_(sink),
        builder_(
            m.pre, res, m.vocab,
            std::max(resolve_threads(popts.threads), resolve_threads(popts.reader.parse_threads)),
            w_.scoring_words()) {
    sum_.per_category.assign(static_cast<std::size_t>(K_), 0);
    sum_.threads = resolve_threads(popts.reader.parse_threads);
    prepare_busy_.resize(builder_.threads());
  }

  bulk_score_summary run(const std::vector<std::string>& inputs) {
    std::thread reader([&] { read_all(inputs); });
    std::thread writer([&] { write_all(); });
    try {
      package p;
      while (pop(p)) p.file_end ? end_file(p) : score_batch(p);
      writes_.finish();
    } catch (const writer_stopped&) {
      queue_.stop();  // writer_error_ says why
    } catch (...) {
      queue_.stop();
      writes_.stop();
      writer.join();
      reader.join();
      throw;
    }
    writer.join();
    reader.join();
    if (writer_error_) std::rethrow_exception(writer_error_);
    if (reader_error_) std::rethrow_exception(reader_error_);
    sum_.read_seconds = reader_busy_;
    for (const busy_seconds& b : prepare_busy_) sum_.prepare_seconds += b.seconds;
    sum_.backend_seconds += end_scores_seconds_;
    return sum_;
  }

 private:
  struct write_job {
    package p;
    int slot = -1;  // where the batch's scores are; -1: the end of a file
  };
  struct alignas(64) busy_seconds {  // one parsing thread's, on its own cache line
    double seconds = 0;
  };
  struct writer_stopped {};

  // ---- the reader thread: read and parse; skips travel with their batch
  void read_all(const std::vector<std::string>& inputs) {
    pipeline_options popts = popts_;
    popts.reader.on_skip_record = [&](std::size_t, const std::string& id, const std::string& msg,
                                      std::size_t posts_before) {
      reported_.push_back({id, msg, posts_before});
    };
    // Each post becomes its term-matrix row on the thread that parsed it.
    popts.reader.prepare = [this, timed = popts.time_prepare](post& p, unsigned share) {
      if (!timed) return builder_.prepare(p, share);
      const auto t = clock_type::now();
      builder_.prepare(p, share);
      prepare_busy_[share].seconds += seconds_since(t);
    };
    try {
      busy_from_ = clock_type::now();
      sum_.stats = for_each_post_batch(
          inputs, popts.reader, popts.batch_posts,
          [&](std::vector<post>& posts, std::size_t, std::size_t) { hand_over(&posts); },
          [&](std::size_t) { hand_over(nullptr); }, popts.open);
      reader_busy_ += seconds_since(busy_from_);
    } catch (const consumer_stopped&) {
    } catch (...) {
      reader_error_ = std::current_exception();
    }
    queue_.finish();
  }

  // A batch, or (null) the end of a file, with the skips reported since the last.
  void hand_over(std::vector<post>* posts) {
    reader_busy_ += seconds_since(busy_from_);
    package p;
    if (posts) {
      std::swap(p.posts, *posts);
      take_spare_batch(*posts);
    } else {
      p.file_end = true;
    }
    p.skips.swap(reported_);
    if (!queue_.push(std::move(p))) throw consumer_stopped{};
    busy_from_ = clock_type::now();
  }

  // ---- this thread: normalize, score and write, in input order
  bool pop(package& p) {
    const auto t = clock_type::now();
    const bool got = queue_.pop(p);
    sum_.wait_seconds += seconds_since(t);
    return got;
  }

  void score_batch(package& p) {
    auto t = clock_type::now();
    term_matrix mat = builder_.build(p.posts);
    sum_.matrix_seconds += seconds_since(t);
    // The slot's last batch must be written before its scores are replaced.
    const std::size_t slots = backend::kScoreSlots;
    wait_written(batches_ < slots ? 0 : batches_ - slots + 1);
    t = clock_type::now();
    be_.begin_scores(next_slot_, mat.view(), w_.view(), w_.norms.data());
    sum_.backend_seconds += seconds_since(t);
    builder_.recycle(std::move(mat));  // the backend no longer needs it
    hand_to_writer(write_job{std::move(p), next_slot_});
    ++batches_;
    next_slot_ = (next_slot_ + 1) % backend::kScoreSlots;
  }

  // The file is exhausted: its remaining skipped records come last.
  void end_file(package& p) { hand_to_writer(write_job{std::move(p), -1}); }

  void hand_to_writer(write_job j) {
    if (!writes_.push(std::move(j))) throw writer_stopped{};
  }

  // Waits until the writer has written `n` batches; throws writer_stopped
  // when it failed.
  void wait_written(std::size_t n) {
    std::unique_lock<std::mutex> lock(written_mu_);
    written_cv_.wait(lock, [&] { return written_ >= n || writer_failed_; });
    if (written_ < n) throw writer_stopped{};
  }

  // ---- the writer thread: every batch's rows and every skip, in input order
  void write_all() {
    try {
      write_job j;
      while (writes_.pop(j)) {
        add_skips(j.p);  // a package's skips come after the previous batch's rows
        if (j.slot < 0) {
          end_of_file();
          continue;
        }
        write_batch(j.p, j.slot);
        const std::lock_guard<std::mutex> lock(written_mu_);
        ++written_;
        written_cv_.notify_all();
      }
    } catch (...) {
      writer_error_ = std::current_exception();
      writes_.stop();
      const std::lock_guard<std::mutex> lock(written_mu_);
      writer_failed_ = true;
      written_cv_.notify_all();
    }
  }

  void end_of_file() {
    for (const auto& sk : pending_) write_skipped(sk);
    pending_.clear();
    file_posts_ = 0;
    flush();
  }

  // The batch's rows, then its vector back to the reader thread.
  void write_batch(package& p, int slot) {
    auto t = clock_type::now();
    const scores_view s = be_.end_scores(slot);
    end_scores_seconds_ += seconds_since(t);
    t = clock_type::now();
    const std::vector<post>& posts = p.posts;
    std::size_t next_skip = 0;
    for (std::size_t i = 0; i < posts.size(); ++i) {
      const post& po = posts[i];
      while (next_skip < pending_.size() && pending_[next_skip].posts_before <= file_posts_)
        write_skipped(pending_[next_skip++]);
      ++file_posts_;
      const std::size_t o = i * static_cast<std::size_t>(K_);
      const scored_post pr = predict_row(s.s0 + o, s.d + o, s.s1 + o, alpha_, K_);
      ++sum_.scored;
      // Posts without evidence are "unclassified", not the index-0 category.
      if (pr.no_evidence) {
        ++sum_.no_evidence;
      } else {
        ++sum_.per_category[static_cast<std::size_t>(pr.best)];
      }
      sink_.row(po.id_json, pr);
    }
    // Skips after this batch's last post come before the next batch's posts.
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(next_skip));
    give_back_batch(p.posts);
    flush();
    sum_.write_seconds += seconds_since(t);
  }

  // A written batch's vector, emptied, goes back to the reader thread,
  // which fills it next instead of growing a new one (a batch's posts are
  // about a megabyte); a few are kept.
  void give_back_batch(std::vector<post>& posts) {
    posts.clear();
    const std::lock_guard<std::mutex> lock(spare_mu_);
    if (spare_batches_.size() < kSpareBatches) spare_batches_.push_back(std::move(posts));
  }
  void take_spare_batch(std::vector<post>& posts) {
    const std::lock_guard<std::mutex> lock(spare_mu_);
    if (spare_batches_.empty()) return;
    posts = std::move(spare_batches_.back());
    spare_batches_.pop_back();
  }

  // A skipped record's row keeps its id when the reader could read it.
  void write_skipped(const skipped_record& sk) {
    ++sum_.skipped;
    sink_.skipped(sk.id_json, sk.message);
  }

  void add_skips(package& p) {
    pending_.insert(pending_.end(), std::make_move_iterator(p.skips.begin()),
                    std::make_move_iterator(p.skips.end()));
  }

  void flush() { sink_.flush(); }

  backend& be_;
  const double alpha_;
  const pipeline_options popts_;
  const dense_weights w_;
  const int K_;
  bulk_score_summary sum_;
  score_sink& sink_;
  post_matrix_builder builder_;
  bounded_queue<package> queue_{2};
  // The reader thread's own.
  skip_list reported_;
  clock_type::time_point busy_from_;
  double reader_busy_ = 0;
  std::vector<busy_seconds> prepare_busy_;  // per share of the parsing
  std::exception_ptr reader_error_;
  // Both threads', under spare_mu_.
  static constexpr std::size_t kSpareBatches = 2;
  std::mutex spare_mu_;
  std::vector<std::vector<post>> spare_batches_;
  // This thread's own.
  std::size_t batches_ = 0;  // handed to the writer
  int next_slot_ = 0;
  // The writer thread's own.
  skip_list pending_;           // skips not yet written
  std::size_t file_posts_ = 0;  // posts of the current file written
  double end_scores_seconds_ = 0;
  std::exception_ptr writer_error_;
  // Both threads'.
  bounded_queue<write_job> writes_{1};
  std::mutex written_mu_;  // guards the two below
  std::condition_variable written_cv_;
  std::size_t written_ = 0;  // batches written
  bool writer_failed_ = false;
};

// The rows as a predictions file, streamed batch by batch.
class file_sink : public text_sink {
 public:
  file_sink(const std::string& output, prediction_format fmt, const keyword_model& m)
      : text_sink(fmt, m), out_(output) {}
  void flush() override {
    out_.stream() << text;
    text.clear();
  }
  void commit() {
    flush();
    out_.commit();
  }

 private:
  atomic_file out_;
};

}  // namespace

score_sink::~score_sink() = default;

text_sink::text_sink(prediction_format fmt, const keyword_model& m)
    : writer_(fmt, m.labels, m.ties == tie_rule::all) {
  text = writer_.header();
}

void text_sink::row(const std::string& id_json, const scored_post& p) {
  writer_.append(text, id_json, p);
}

void text_sink::skipped(const std::string& id_json, const std::string& message) {
  writer_.append_skipped(text, id_json, message);
}

bulk_score_summary score_posts(const keyword_model& m, backend& be, double alpha,
                               const std::vector<std::string>& inputs,
                               const pipeline_options& popts, const text_resources& res,
                               score_sink& sink) {
  const auto t0 = clock_type::now();
  const double cpu0 = process_cpu_seconds();
  bulk_scorer scorer(m, be, alpha, popts, res, sink);
  bulk_score_summary sum = scorer.run(inputs);
  sum.total_seconds = seconds_since(t0);
  sum.cpu_seconds = process_cpu_seconds() - cpu0;
  return sum;
}

bulk_score_summary score_posts(const keyword_model& m, backend& be, double alpha,
                               const std::vector<std::string>& inputs,
                               const pipeline_options& popts, const text_resources& res,
                               const std::string& output, prediction_format fmt) {
  const auto t0 = clock_type::now();
  const double cpu0 = process_cpu_seconds();
  file_sink sink(output, fmt, m);
  bulk_score_summary sum = score_posts(m, be, alpha, inputs, popts, res, sink);
  sink.commit();
  // The totals include writing out the file's last rows.
  sum.total_seconds = seconds_since(t0);
  sum.cpu_seconds = process_cpu_seconds() - cpu0;
  return sum;
}

}  // namespace qc
