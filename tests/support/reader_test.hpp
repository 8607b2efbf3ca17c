// The fixture of the reader tests (JSON Lines and Posts.xml): a scratch
// folder, and every post of a file read at once.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "io/post_source.hpp"
#include "qc/core/error.hpp"
#include "scratch_test.hpp"

namespace qc_test {

// A scratch test that reads posts with the library's readers.
class reader_test : public scratch_test {
 protected:
  static std::vector<qc::post> read(const std::string& path, qc::reader_options opts = {},
                                    qc::read_stats* stats = nullptr) {
    return qc::read_all_posts(path, opts, stats);
  }
  // Reads `reader` to the end in batches of `max_posts`, merging the skips
  // each call reported into `call_skips` with its posts by line, as a caller
  // writing one output line per input record does: the lines in that order.
  template <class Reader>
  static std::vector<std::size_t> lines_as_merged(Reader& reader, std::size_t max_posts,
                                                  std::vector<std::size_t>& call_skips) {
    std::vector<qc::post> batch;
    std::vector<std::size_t> merged;
    while (reader.next_batch(batch, max_posts)) {
      std::size_t next = 0;
      for (const qc::post& p : batch) {
        while (next < call_skips.size() && call_skips[next] < p.line)
          merged.push_back(call_skips[next++]);
        merged.push_back(p.line);
      }
      while (next < call_skips.size()) merged.push_back(call_skips[next++]);
      call_skips.clear();
    }
    return merged;
  }

 public:
  // Every field of a post but its line and accepted_answer_time.
  static void expect_same_fields(const qc::post& a, const qc::post& b) {
    EXPECT_EQ(a.id_json, b.id_json);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.body, b.body);
    EXPECT_EQ(a.body_is_html, b.body_is_html);
    EXPECT_EQ(a.tags, b.tags);
    EXPECT_EQ(a.labels, b.labels);
    EXPECT_EQ(a.creation_time, b.creation_time);
    EXPECT_EQ(a.accepted_answer_id, b.accepted_answer_id);
    EXPECT_EQ(a.answer_count, b.answer_count);
    EXPECT_EQ(a.view_count, b.view_count);
    EXPECT_EQ(a.score, b.score);
  }

 protected:
  // What reading a file in batches of 7 gives: the posts, the skips as
  // reported ("line|id|message") with "batch" after each call's, the
  // statistics, and the error that ended it ("" when none).
  struct full_reading {
    std::vector<qc::post> posts;
    std::vector<std::string> events;
    qc::read_stats stats;
    std::string error;
  };
  static full_reading read_through(const std::string& path, qc::reader_options opts) {
    full_reading r;
    opts.on_skip_record = [&r](std::size_t line, const std::string& id, const std::string& msg,
                               std::size_t posts_before) {
      r.events.push_back(std::to_string(line) + "|" + id + "|" + msg + "|" +
                         std::to_string(posts_before));
    };
    const auto reader = qc::open_post_source(path, opts);
    std::vector<qc::post> batch;
    try {
      while (reader->next_batch(batch, 7)) {
        r.events.push_back("batch");
        for (qc::post& p : batch) r.posts.push_back(std::move(p));
      }
    } catch (const qc::parse_error& e) {
      r.error = e.what();
    }
    r.stats = reader->stats();
    return r;
  }

  // Reading with each count of parsing threads gives what one thread gives:
  // the same posts, skips (and when they are reported), statistics, error;
  // and reader_options::prepare runs once for each delivered post, on a
  // share below the thread count (failed reads: at least once each).
  static void expect_same_for_parse_threads(const std::string& path, qc::reader_options opts,
                                            std::initializer_list<unsigned> threads) {
    expect_same_posts_for_parse_threads(path, opts, threads);
    expect_each_post_prepared(path, opts, 1);
    for (const unsigned t : threads) expect_each_post_prepared(path, opts, t);
  }

  // Each delivered post was prepared once, on a share below the thread
  // count, with the fields a plain read gives (the text buffers a reader
  // reuses carry nothing over), and is delivered with its text taken back.
  static void expect_each_post_prepared(const std::string& path, qc::reader_options opts,
                                        unsigned threads) {
    const full_reading plain = read_through(path, opts);
    opts.parse_threads = threads;
    std::vector<std::vector<qc::post>> seen(threads + 1);  // per share; the last: out of range
    opts.prepare = [&seen, threads](qc::post& p, unsigned share) {
      seen[std::min(share, threads)].push_back(p);
      p.row.ints = std::make_shared<const std::int32_t>(static_cast<std::int32_t>(p.line));
      ++p.row.n;  // twice prepared: 2
      p.prepared = true;
    };
    const full_reading r = read_through(path, opts);
    EXPECT_TRUE(seen[threads].empty()) << "a share beyond the thread count";
    std::map<std::size_t, const qc::post*> by_line;
    for (std::size_t i = 0; i < threads; ++i)
      for (const qc::post& p : seen[i]) by_line.emplace(p.line, &p);
    ASSERT_EQ(r.posts.size(), plain.posts.size());
    for (std::size_t i = 0; i < r.posts.size(); ++i) {
      const qc::post& p = r.posts[i];
      ASSERT_TRUE(p.prepared) << "line " << p.line;
      ASSERT_EQ(p.row.n, 1u) << "line " << p.line;
      ASSERT_EQ(*p.row.ints, static_cast<std::int32_t>(p.line));
      ASSERT_TRUE(p.title.empty() && p.body.empty() && p.tags.empty() && p.labels.empty());
      const auto it = by_line.find(p.line);
      ASSERT_NE(it, by_line.end()) << "line " << p.line;
      expect_same_fields(*it->second, plain.posts[i]);
    }
    EXPECT_EQ(r.error, plain.error);
  }

  static void expect_same_posts_for_parse_threads(const std::string& path, qc::reader_options opts,
                                                  std::initializer_list<unsigned> threads) {
    opts.parse_threads = 1;
    const full_reading one = read_through(path, opts);
    for (const unsigned t : threads) {
      opts.parse_threads = t;
      const full_reading many = read_through(path, opts);
      ASSERT_EQ(many.posts.size(), one.posts.size()) << t << " threads";
      for (std::size_t i = 0; i < one.posts.size(); ++i) {
        expect_same_fields(many.posts[i], one.posts[i]);
        EXPECT_EQ(many.posts[i].line, one.posts[i].line);
      }
      EXPECT_EQ(many.events, one.events) << t << " threads";
      EXPECT_EQ(many.error, one.error) << t << " threads";
      if (!one.error.empty()) continue;  // a failed read's counts stop wherever it stopped
      EXPECT_EQ(many.stats.records, one.stats.records);
      EXPECT_EQ(many.stats.skipped, one.stats.skipped);
      EXPECT_EQ(many.stats.blank_lines, one.stats.blank_lines);
      EXPECT_EQ(many.stats.bytes, one.stats.bytes);
      EXPECT_EQ(many.stats.other_rows, one.stats.other_rows);
      EXPECT_EQ(many.stats.skip_reasons, one.stats.skip_reasons);
    }
  }

  static qc::reader_options skipping() {
    qc::reader_options o;
    o.errors = qc::on_error::skip;
    return o;
  }
};

}  // namespace qc_test
