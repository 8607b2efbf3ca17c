// The alpha grid START:STOP:STEP (DEFINITIONS.md 8).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/fraction.hpp"
#include "eval/alpha_grid.hpp"
#include "qc/core/error.hpp"

namespace {

using qc::fraction;

double strtod_of(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// -------------------------------------------------------------- alpha grid

TEST(AlphaGrid, HundredAndOnePoints) {
  const std::vector<double> g = qc::parse_alpha_grid("0:1:0.01");
  ASSERT_EQ(g.size(), 101u);
  EXPECT_EQ(g[18], 0.18);
  EXPECT_EQ(g[0], 0.0);
  EXPECT_EQ(g[100], 1.0);
  for (int i = 0; i <= 100; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%d.%02d", i / 100, i % 100);
    EXPECT_EQ(g[static_cast<std::size_t>(i)], strtod_of(buf)) << buf;
  }
  // Multiplying or accumulating in doubles would not give these.
  EXPECT_NE(35 * 0.01, 0.35);
  EXPECT_EQ(g[35], 0.35);
  double acc = 0.0;
  for (int i = 0; i < 6; ++i) acc += 0.01;
  EXPECT_NE(acc, 0.06);
  EXPECT_EQ(g[6], 0.06);
}

TEST(AlphaGrid, StopNotOnTheGrid) {
  const std::vector<double> g = qc::parse_alpha_grid("0:1:0.3");
  ASSERT_EQ(g.size(), 4u);
  EXPECT_EQ(g[1], 0.3);
  EXPECT_EQ(g[2], 0.6);
  EXPECT_EQ(g[3], 0.9);
  EXPECT_NE(3 * 0.3, 0.9);
  EXPECT_EQ(qc::parse_alpha_grid("0.05:0.2:0.1"), (std::vector<double>{0.05, 0.15}));
}

TEST(AlphaGrid, SinglePointAndExactValues) {
  EXPECT_EQ(qc::parse_alpha_grid("0.5:0.5:1"), std::vector<double>{0.5});
  EXPECT_EQ(qc::parse_alpha_grid("0.18:0.18:0.01"), std::vector<double>{0.18});
  const qc::alpha_grid g = qc::make_alpha_grid("0.1:0.35:.125");
  EXPECT_EQ(g.start, fraction(1, 10));
  EXPECT_EQ(g.stop, fraction(7, 20));
  EXPECT_EQ(g.step, fraction(1, 8));
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g.exact(0), fraction(1, 10));
  EXPECT_EQ(g.exact(1), fraction(9, 40));
  EXPECT_EQ(g.exact(2), fraction(7, 20));
  EXPECT_EQ(g.values[1], 0.225);
  EXPECT_THROW(g.exact(3), std::out_of_range);
  // Negative starts and large magnitudes stay exact.
  EXPECT_EQ(qc::parse_alpha_grid("-0.2:0.1:0.1"), (std::vector<double>{-0.2, -0.1, 0.0, 0.1}));
  EXPECT_EQ(qc::parse_alpha_grid("9223372036854775806:9223372036854775807:0.5").size(), 3u);
  EXPECT_EQ(qc::parse_alpha_grid("0.000000000000000001:0.000000000000000003:0.000000000000000001"),
            (std::vector<double>{1e-18, 2e-18, 3e-18}));
}

TEST(AlphaGrid, RejectsBadGrids) {
  for (const char* bad : {"", "0:1", "0:1:0.1:2", "0:1:0", "0:1:-0.1", "1:0:0.1", "a:1:0.1",
                          "0:b:0.1", "0:1:c", "0::0.1", ":1:0.1", "0:1:0.0000001"}) {
    try {
      (void)qc::parse_alpha_grid(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const qc::usage_error& e) {
      EXPECT_NE(std::string(e.what()).find("'" + std::string(bad) + "'"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_EQ(qc::parse_alpha_grid("0:1:0.00001").size(), 100001u);
}
}  // namespace
