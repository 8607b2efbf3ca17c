// The Thrust steps of the CUDA backend, compiled by g++ against Thrust's CPP
// backend (THRUST_DEVICE_SYSTEM=CPP), so their logic runs on machines without
// a GPU: they must agree exactly with the CPU code.
#include <gtest/gtest.h>
#include <thrust/execution_policy.h>
#include <thrust/system/cpp/execution_policy.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "eval/training.hpp"
#include "qc/kernels/thrust/s0_transform.hpp"

namespace {

TEST(thrust_cpp, s0_transform_matches_the_host_loop) {
  for (int K : {1, 6, 7, 64}) {
    for (std::int64_t n : {0, 1, 31, 32, 33, 513}) {
      std::vector<std::int64_t> d(static_cast<std::size_t>(n * K));
      std::uint64_t x = 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(n * K);
      for (auto& v : d) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        v = static_cast<std::int64_t>(x >> 40);  // up to 2^24
      }
      std::vector<double> norms(static_cast<std::size_t>(K));
      for (int k = 0; k < K; ++k)
        norms[static_cast<std::size_t>(k)] = k % 3 == 0 ? 0.0 : 1.0 + k * 0.37;
      std::vector<double> got(d.size(), -1.0);
      qc::compute_s0(thrust::cpp::par, d.data(), norms.data(), got.data(), n, K);
      qc::row_scores want;
      want.n_cats = K;
      want.d = d;
      qc::fill_s0(want, norms);
      EXPECT_EQ(got, want.s0) << "K=" << K << " n=" << n;
    }
  }
}

}  // namespace
