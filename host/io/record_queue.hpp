// What the post readers share: records parsed ahead of delivery, the skipped
// records among them (kept in input order), a pending failure, and the rules
// by which next_batch hands them out. jsonl_reader and posts_xml_reader
// derive their state from it and only supply advance() (parse more input).
// A region of input may be parsed in parts on several threads, each into a
// record_queue of its own, and merged in input order (region_parts).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/task_pool.hpp"
#include "io/post.hpp"
#include "io/post_source.hpp"
#include "qc/core/error.hpp"
#include "qc/core/parallel.hpp"

namespace qc {

struct record_queue {
  static constexpr std::size_t max_skip_reasons = 20;

  reader_options opts;
  read_stats stats;
  // Parsed records not yet delivered, and the skipped ones among them: a
  // skip with `before` == i lies between ready[i-1] and ready[i].
  struct skip_event {
    std::size_t before;
    std::size_t line;
    std::string message;
    std::string id_json;  // "" when unknown
  };
  std::vector<post> ready;
  std::size_t ready_pos = 0;
  std::vector<skip_event> skips;
  std::size_t skip_pos = 0;
  std::optional<parse_error> failure;  // thrown once `ready` is delivered
  unsigned share_index = 0;            // which share of a region this queue is (make_shares)

  // Text buffers taken back from prepared posts, for the next record; one
  // grown past kKeepTextBytes by a large post is given back instead.
  post spare_text;

  // Runs opts.prepare on the post just added to `ready` (every reader calls
  // this once for each post it adds); a post it prepared gives its text
  // buffers to spare_text.
  void prepare_last() {
    if (!opts.prepare) return;
    post& p = ready.back();
    opts.prepare(p, share_index);
    if (!p.prepared) return;
    keep_text(spare_text.title, p.title);
    keep_text(spare_text.body, p.body);
    spare_text.tags = std::exchange(p.tags, std::vector<std::string>());
    spare_text.labels = std::exchange(p.labels, std::vector<std::string>());
  }

  static void keep_text(std::string& spare, std::string& used) noexcept {
    if (used.capacity() <= kKeepTextBytes) {
      spare = std::exchange(used, std::string());
    } else {
      used = std::string();  // freed here, on the thread that made it
    }
  }

  // Gives p (whose text fields are about to be filled) the buffers of the
  // last prepared post, emptied: with prepare, no allocation per record.
  void reuse_text(post& p) noexcept {
    p.title.swap(spare_text.title);
    p.body.swap(spare_text.body);
    p.tags.swap(spare_text.tags);
    p.labels.swap(spare_text.labels);
    p.title.clear();
    p.body.clear();
    p.tags.clear();
    p.labels.clear();
  }

  // A bad record at `line` of `display`: the pending failure under
  // on_error::fail, else a skip placed after the records parsed so far.
  // `id_json` is the record's id when it could be read (for on_skip_record).
  void record_error(const std::string& display, std::size_t line, const std::string& reason,
                    std::string id_json = {}) {
    if (opts.errors == on_error::fail) {
      failure.emplace(display, line, reason);
      return;
    }
    skips.push_back({ready.size(), line, display + ":" + std::to_string(line) + ": " + reason,
                     std::move(id_json)});
  }

  // Clears what a share parsed before, keeping the buffers.
  void clear_parsed() {
    ready.clear();
    skips.clear();
    failure.reset();
  }

  // Exchanges what this queue and `other` parsed (records, skips, failure).
  void swap_parsed(record_queue& other) noexcept {
    ready.swap(other.ready);
    skips.swap(other.skips);
    failure.swap(other.failure);
  }

  // Appends the records a share of the same region parsed (in its own queue)
  // after this queue's; false when the share failed: its failure is now this
  // queue's, and the shares after it must be dropped. A share's vector is
  // taken whole only when it is at least as large as this queue's, which
  // then never shrinks to a share's and grows again into fresh memory with
  // the next share, region after region.
  bool take(record_queue& share) {
    if (ready.empty() && skips.empty() && share.ready.capacity() >= ready.capacity()) {
      ready.swap(share.ready);
      skips.swap(share.skips);
    } else {
      const std::size_t offset = ready.size();
      for (skip_event& e : share.skips) {
        e.before += offset;
        skips.push_back(std::move(e));
      }
      for (post& p : share.ready) ready.push_back(std::move(p));
    }
    share.ready.clear();
    share.skips.clear();
    if (!share.failure) return true;
    failure = std::move(share.failure);
    share.failure.reset();
    return false;
  }

  // Reports the skipped records that lie just before ready[ready_pos].
  void report_skips() {
    for (; skip_pos < skips.size() && skips[skip_pos].before == ready_pos; ++skip_pos) {
      skip_event& e = skips[skip_pos];
      ++stats.skipped;
      if (opts.on_skip) opts.on_skip(e.line, e.message);
      if (opts.on_skip_record) opts.on_skip_record(e.line, e.id_json, e.message, stats.records);
      if (stats.skip_reasons.size() < max_skip_reasons) {
        stats.skip_reasons.push_back(std::move(e.message));
      }
    }
  }

  // Delivers records and reports skipped ones in input order. A call returns
  // once `out` is full and the next record is a post, so it also reports the
  // skipped records between its last post and the next one; reading ahead for
  // that, it reports every remaining skip when the input ends after its posts.
  // `advance()` parses more input into `ready`/`skips`/`failure`; false at the end.
  template <class Advance>
  bool next_batch(std::vector<post>& out, std::size_t max_posts, Advance&& advance) {
    out.clear();
    for (;;) {
      report_skips();
      if (ready_pos < ready.size()) {
        const bool full = max_posts == 0 ? !out.empty() && ready_pos == 0 : out.size() >= max_posts;
        if (full) return true;
        out.push_back(std::move(ready[ready_pos++]));
        ++stats.records;
        continue;
      }
      ready.clear();
      ready_pos = 0;
      skips.clear();
      skip_pos = 0;
      if (failure) {
        if (!out.empty()) return true;  // deliver the good records first
        throw *failure;
      }
      if (!advance()) return !out.empty();
    }
  }
};

// A reader's parsing threads (opts.parse_threads) and a share for each (a
// record_queue with the reader's options and a `display` name), made on
// first use.
template <class Share>
void make_shares(const reader_options& opts, const std::string& display,
                 std::unique_ptr<task_pool>& team, std::vector<std::unique_ptr<Share>>& shares) {
  if (!shares.empty()) return;
  team = std::make_unique<task_pool>(resolve_threads(opts.parse_threads));
  for (unsigned t = 0; t < team->size(); ++t) {
    shares.push_back(std::make_unique<Share>());
    shares.back()->opts = opts;
    shares.back()->share_index = t;
    shares.back()->display = &display;
  }
}

// Cuts a region's items [0, n) into parts for `threads` threads, in input
// order, each part about 1/(2 * threads) of the bytes still left, down to
// `min_bytes` (`byte_end(i)`: where item i ends, non-decreasing): large
// parts first, small ones last, so that threads taking parts as they come
// free finish the region at about the same time. Returns the first item of
// each part, then n.
constexpr std::size_t min_part_bytes = std::size_t{64} << 10;  // guided_cuts' smallest

template <class ByteEnd>
std::vector<std::size_t> guided_cuts(std::size_t n, unsigned threads, std::size_t min_bytes,
                                     ByteEnd&& byte_end) {
  std::vector<std::size_t> cuts{0};
  if (n == 0) return {0, 0};
  const std::size_t total = byte_end(n - 1);
  if (threads <= 1) return {0, n};
  std::size_t start = 0;  // bytes before item cuts.back()
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t part = std::max(min_bytes, (total - start) / (2 * std::size_t{threads}));
    if (byte_end(i) - start >= part && i + 1 < n) {
      cuts.push_back(i + 1);
      start = byte_end(i);
    }
  }
  cuts.push_back(n);
  return cuts;
}

// A region's items parsed in parts (cuts from guided_cuts) on a task_pool,
// without a barrier: a reader queues a region's parts while the threads
// still parse the region before, and delivers regions oldest first.
struct region_parts {
  std::vector<std::size_t> cuts;           // part k is items [cuts[k], cuts[k+1])
  std::vector<record_queue> parts;         // what part k gave
  std::vector<std::exception_ptr> errors;  // part k's, should parsing throw
  std::atomic<std::size_t> remaining{0};   // parts not parsed yet
  std::size_t n_parts = 0;

  // One task per part of `n_items` items (none when n_items is 0): the
  // thread t that takes part k parses it with its share *shares[t] (a
  // record_queue holding the thread's parsers), by parse(share, begin,
  // end), which stops at a failure; what it gave is kept in parts[k].
  template <class Share, class Parse>
  void queue(task_pool& pool, std::vector<std::unique_ptr<Share>>& shares, std::size_t n_items,
             Parse parse) {
    n_parts = n_items == 0 ? 0 : cuts.size() - 1;
    if (parts.size() < n_parts) parts.resize(n_parts);
    errors.assign(n_parts, nullptr);
    remaining = n_parts;
    std::vector<task_pool::task> tasks;
    tasks.reserve(n_parts);
    for (std::size_t k = 0; k < n_parts; ++k) {
      tasks.push_back([this, &shares, k, parse](unsigned t) noexcept {
        Share& sh = *shares[t];
        try {
          sh.clear_parsed();
          parse(sh, cuts[k], cuts[k + 1]);
        } catch (...) {
          errors[k] = std::current_exception();
        }
        parts[k].swap_parsed(sh);
        return remaining.fetch_sub(1, std::memory_order_acq_rel) == 1;  // the last step
      });
    }
    pool.submit(std::move(tasks));
  }

  // Helps the pool until every part is parsed; rethrows a part's error.
  void finish(task_pool& pool) {
    if (remaining.load(std::memory_order_acquire) != 0)
      pool.help_until([this] { return remaining.load(std::memory_order_acquire) == 0; });
    for (const std::exception_ptr& e : errors)
      if (e) std::rethrow_exception(e);
  }

  // Appends the finished parts to `into` in input order up to the first
  // failure; false after a failure.
  bool append_to(record_queue& into) {
    bool ok = true;
    for (std::size_t k = 0; ok && k < n_parts; ++k) ok = into.take(parts[k]);
    return ok;
  }
};

// The regions a reader has in flight, oldest first (at most two): while
// the parsing threads work on the oldest, the reader's thread reads the
// next one (frames its lines, or scans its rows) and queues its parts, so
// no thread waits for another. Job is the reader's region type.
template <class Job>
struct region_pipeline {
  std::deque<std::unique_ptr<Job>> jobs;
  std::unique_ptr<Job> spare;      // a delivered job, kept for its buffers
  bool started_all = false;        // the input is exhausted, or a failure ends the reading
  std::exception_ptr ahead_error;  // met reading ahead; thrown once the jobs before are delivered

  std::unique_ptr<Job> fresh() { return spare ? std::move(spare) : std::make_unique<Job>(); }

  // Delivers the oldest job, having started the one after it: start_next()
  // reads a region into a job from fresh(), queues its parts and pushes it
  // onto `jobs` (false, nothing pushed, once the input is exhausted);
  // deliver(job) waits for its parts and hands its records on (false after
  // a failure). False once nothing is left to deliver.
  template <class StartNext, class Deliver>
  bool advance(StartNext&& start_next, Deliver&& deliver) {
    if (jobs.empty() && (started_all || !start_next())) {
      if (ahead_error) std::rethrow_exception(std::exchange(ahead_error, nullptr));
      return false;
    }
    if (!started_all && !ahead_error && jobs.size() == 1) {
      try {
        start_next();
      } catch (...) {
        ahead_error = std::current_exception();
        started_all = true;
      }
    }
    const bool ok = deliver(*jobs.front());
    spare = std::move(jobs.front());
    jobs.pop_front();
    if (!ok) started_all = true;  // nothing after a failure is delivered
    return true;
  }
};

}  // namespace qc
