// The progress meter: nothing at all when off, the final figures and one
// line end when forced, and the input bytes the byte sources count.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <string>

#include "core/progress_meter.hpp"
#include "io/byte_source.hpp"
#include "scratch_test.hpp"

namespace {

// std::cerr captured while it lives.
class capture_cerr {
 public:
  capture_cerr() : old_(std::cerr.rdbuf(text_.rdbuf())) {}
  ~capture_cerr() { std::cerr.rdbuf(old_); }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::streambuf* old_;
};

// What a counting meter of `total` grid points draws, updated at each one
// and finished twice (it draws its end once).
std::string drawn_counting(std::uint64_t total, qc::progress_mode mode) {
  capture_cerr cap;
  qc::progress_meter m = qc::progress_meter::counting("sweep", total, "grid points", mode);
  EXPECT_EQ(m.enabled(), mode == qc::progress_mode::on);
  for (std::uint64_t i = 1; i <= total; ++i) m.update(i);
  m.finish();
  m.finish();
  return cap.text();
}

TEST(progress_meter, off_draws_nothing) {
  EXPECT_EQ(drawn_counting(10, qc::progress_mode::off), "");
}

TEST(progress_meter, counting_ends_with_the_total_and_one_newline) {
  const std::string text = drawn_counting(40, qc::progress_mode::on);
  EXPECT_EQ(text.find("\rsweep: 1 of 40 grid points (2%), "), 0u) << text;
  EXPECT_NE(text.find("\rsweep: 40 of 40 grid points (100%), "), std::string::npos) << text;
  EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
}

class progress_bytes : public qc_test::scratch_test {};

TEST_F(progress_bytes, reading_counts_what_byte_sources_read) {
  const std::string content(100000, 'x');
  const auto path = write_file("in.txt", content).string();
  EXPECT_EQ(qc::known_input_bytes({path, path}), 200000u);
  EXPECT_EQ(qc::known_input_bytes({path}, 1000, 5000), 4000u);
  EXPECT_EQ(qc::known_input_bytes({path}, 90000), 10000u);
  EXPECT_EQ(qc::known_input_bytes({path, "-"}), 0u);
  capture_cerr cap;
  {
    qc::progress_meter m = qc::progress_meter::reading("read", 100000, qc::progress_mode::on);
    const std::uint64_t before = qc::input_bytes_read();
    auto src = qc::open_byte_source(path);
    std::string buf(4096, '\0');
    while (src->read(buf.data(), buf.size()) > 0) {
    }
    EXPECT_EQ(qc::input_bytes_read() - before, 100000u);
    m.update(7);
  }
  EXPECT_NE(cap.text().find("\rread: 0.1 of 0.1 MB (100%), "), std::string::npos) << cap.text();
}

}  // namespace
