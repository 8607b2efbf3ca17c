// Bulk scoring's three stages (reader, scoring, writer threads): the rows
// reach the sink in input order with the skipped records in their places,
// whatever the threads and the batch size, and a sink that fails stops the
// run with its own error instead of leaving a thread waiting.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bundled_sample.hpp"
#include "qc/core/error.hpp"
#include "qc/kernels/backend.hpp"
#include "score/bulk_score.hpp"
#include "scratch_test.hpp"

namespace {

// The bundled labeled posts' model and text resources, trained once.
const qc_test::bundled_sample& sample() {
  static const qc_test::bundled_sample s = qc_test::load_bundled_sample();
  return s;
}
const qc::keyword_model& model() {
  static const qc::training_result t = qc::train_keyword_model(sample().data, qc::keyword_model{},
                                                               sample().keywords, sample().res, 0);
  return t.model;
}

// Every row as text, in the order the sink got it; row() throws once
// `fail_at` rows are in.
struct recording_sink : qc::score_sink {
  std::vector<std::string> rows;
  std::size_t fail_at = SIZE_MAX;
  void row(const std::string& id_json, const qc::scored_post& p) override {
    if (rows.size() == fail_at) throw qc::io_error("the sink is full");
    rows.push_back(id_json + " " + std::to_string(p.best) + " " + std::to_string(p.score));
  }
  void skipped(const std::string& id_json, const std::string& message) override {
    rows.push_back("skipped " + id_json + " " + message);
  }
};

class bulk_score : public qc_test::scratch_test {
 protected:
  // The bundled pytorch posts with a bad record after every 37th.
  std::string posts_with_bad_records() const {
    std::ifstream in(std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl");
    std::ostringstream out;
    std::string line;
    for (int i = 1; std::getline(in, line); ++i) {
      out << line << "\n";
      if (i % 37 == 0) out << "{\"id\": " << 900000 + i << ", \"title\": 5}\n";
    }
    return write_file("posts.jsonl", out.str()).string();
  }

  static std::vector<std::string> score(const std::string& input, unsigned threads,
                                        std::size_t batch, std::size_t fail_at = SIZE_MAX) {
    qc::pipeline_options o;
    o.reader.errors = qc::on_error::skip;
    o.threads = threads;
    o.reader.parse_threads = threads;
    o.batch_posts = batch;
    auto be = qc::make_cpu_backend("cpu", threads);
    recording_sink sink;
    sink.fail_at = fail_at;
    const qc::bulk_score_summary sum =
        qc::score_posts(model(), *be, model().alpha, {input, input}, o, sample().res, sink);
    EXPECT_EQ(sum.scored + sum.skipped, sink.rows.size());
    return sink.rows;
  }
};

TEST_F(bulk_score, rows_in_input_order_for_every_thread_count_and_batch) {
  const std::string input = posts_with_bad_records();
  const std::vector<std::string> want = score(input, 1, 1024);
  ASSERT_EQ(want.size(), 2 * (3000u + 3000u / 37));
  EXPECT_EQ(want[36].rfind("skipped", 0), std::string::npos);
  EXPECT_EQ(want[37].rfind("skipped 900037 ", 0), 0u) << want[37];
  for (unsigned threads : {1u, 2u, 3u}) {
    for (std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{1024}}) {
      EXPECT_EQ(score(input, threads, batch), want) << threads << " threads, batches of " << batch;
    }
  }
}

// Posts.xml rows may share a line: a bad row before a good one on the same
// line is written before it, after it when it comes after.
TEST_F(bulk_score, skipped_rows_keep_their_place_on_a_shared_line) {
  const std::string row1 = R"(<row Id="1" PostTypeId="1" Title="gpu memory" Body="cuda" />)";
  const std::string row3 = R"(<row Id="3" PostTypeId="1" Title="tensor shape" Body="x" />)";
  const std::string xml = "<posts>\n" + row1 + "\n" + R"(<row Id="2" PostTypeId="1" Score="x" />)" +
                          row3 + R"(<row Id="4" PostTypeId="1" Score="y" />)" + "\n" + row1 +
                          "\n</posts>\n";
  const std::string input = write_file("Posts.xml", xml).string();
  for (unsigned threads : {1u, 2u, 4u}) {
    for (std::size_t batch : {std::size_t{1}, std::size_t{2}, std::size_t{1024}}) {
      SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch));
      const std::vector<std::string> rows = score(input, threads, batch);
      ASSERT_EQ(rows.size(), 10u);  // the file twice
      for (std::size_t f = 0; f < 2; ++f) {
        EXPECT_EQ(rows[5 * f].rfind("1 ", 0), 0u) << rows[5 * f];
        EXPECT_EQ(rows[5 * f + 1].rfind("skipped 2 ", 0), 0u) << rows[5 * f + 1];
        EXPECT_EQ(rows[5 * f + 2].rfind("3 ", 0), 0u) << rows[5 * f + 2];
        EXPECT_EQ(rows[5 * f + 3].rfind("skipped 4 ", 0), 0u) << rows[5 * f + 3];
        EXPECT_EQ(rows[5 * f + 4].rfind("1 ", 0), 0u) << rows[5 * f + 4];
      }
    }
  }
}

TEST_F(bulk_score, a_failing_sink_stops_the_run_with_its_error) {
  const std::string input = posts_with_bad_records();
  for (unsigned threads : {1u, 2u, 3u}) {
    for (std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{1024}}) {
      for (std::size_t fail_at : {std::size_t{0}, std::size_t{100}, std::size_t{5000}}) {
        SCOPED_TRACE(std::to_string(threads) + " threads, batches of " + std::to_string(batch) +
                     ", failing at row " + std::to_string(fail_at));
        try {
          score(input, threads, batch, fail_at);
          ADD_FAILURE() << "no error";
        } catch (const qc::io_error& e) {
          EXPECT_STREQ(e.what(), "the sink is full");
        }
      }
    }
  }
}

}  // namespace
