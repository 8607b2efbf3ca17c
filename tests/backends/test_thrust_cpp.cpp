// The Thrust steps of the CUDA backend, compiled by g++ against Thrust's CPP
// backend (THRUST_DEVICE_SYSTEM=CPP), so their logic runs on machines without
// a GPU: they must agree exactly with the CPU code.
#include <gtest/gtest.h>
#include <thrust/execution_policy.h>
#include <thrust/system/cpp/execution_policy.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "qc/kernels/thrust/s0_transform.hpp"
#include "train/training.hpp"

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
      qc::compute_s0(thrust::cpp::par, d.data(), nullptr, norms.data(), got.data(), n, K, 1);
      qc::row_scores want;
      want.n_cats = K;
      want.d = d;
      qc::fill_s0(want, norms);
      EXPECT_EQ(got, want.s0) << "K=" << K << " n=" << n;
    }
  }
}

// Several configurations over shared parts: configuration c divides the D
// of parts_of[c] by its own norms.
TEST(thrust_cpp, s0_transform_of_a_grid_matches_the_host_loop) {
  const int K = 7;
  for (std::int64_t n : {0, 1, 33, 513}) {
    const std::vector<std::int32_t> parts_of = {0, 0, 1, 2, 1};
    const std::int64_t n_parts = 3, n_configs = static_cast<std::int64_t>(parts_of.size());
    std::vector<std::int64_t> d(static_cast<std::size_t>(n_parts * n * K));
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::int64_t>((i * 7919) % 1000);
    std::vector<double> norms(static_cast<std::size_t>(n_configs * K));
    for (std::size_t i = 0; i < norms.size(); ++i)
      norms[i] = i % 5 == 0 ? 0.0 : 0.5 + 0.1 * static_cast<double>(i);
    std::vector<double> got(static_cast<std::size_t>(n_configs * n * K), -1.0);
    qc::compute_s0(thrust::cpp::par, d.data(), parts_of.data(), norms.data(), got.data(), n, K,
                   n_configs);
    for (std::int64_t c = 0; c < n_configs; ++c) {
      qc::row_scores want;
      want.n_cats = K;
      const auto first = d.begin() + parts_of[static_cast<std::size_t>(c)] * n * K;
      want.d.assign(first, first + n * K);
      qc::fill_s0(want, std::vector<double>(norms.begin() + c * K, norms.begin() + (c + 1) * K));
      EXPECT_EQ(std::vector<double>(got.begin() + c * n * K, got.begin() + (c + 1) * n * K),
                want.s0)
          << "n=" << n << " config " << c;
    }
  }
}

}  // namespace
