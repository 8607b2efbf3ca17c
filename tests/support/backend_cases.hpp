// The backends a backend-equivalence test runs on, for value-parametrized
// tests (as ggml's test-backend-ops and faiss's GPU tests do): the CPU
// backends always, and cuda whenever this build has the CUDA backend. A cuda
// case skips, saying why, when no GPU answers, and fails instead when
// QC_REQUIRE_GPU=1 (as on the GPU machine, where a skip must not look like a
// pass). Each test compares its backend with an independent computation
// (plain_reference.hpp or the reference backend's loops), never with itself.
#pragma once
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "qc/kernels/backend.hpp"
#ifdef QC_HAVE_CUDA
#include "qc/kernels/cuda_backend.hpp"
#endif

namespace qc_test {

struct backend_case {
  std::string name;      // "reference", "cpu" or "cuda"
  unsigned threads = 1;  // the cpu backend's threads
};

inline void PrintTo(const backend_case& c, std::ostream* os) { *os << c.name << "/" << c.threads; }

// Test-name suffix: reference, cpu_t3, cuda.
inline std::string backend_case_name(const ::testing::TestParamInfo<backend_case>& info) {
  if (info.param.name == "cpu") return "cpu_t" + std::to_string(info.param.threads);
  return info.param.name;
}

// Every backend this build has: the reference (when `with_reference`), the
// cpu backend with each thread count, and cuda when compiled in (whether a
// GPU answers is decided when the test runs, so a cuda case is always listed).
inline std::vector<backend_case> backend_cases(const std::vector<unsigned>& cpu_threads,
                                               bool with_reference) {
  std::vector<backend_case> out;
  if (with_reference) out.push_back({"reference", 1});
  for (unsigned t : cpu_threads) out.push_back({"cpu", t});
#ifdef QC_HAVE_CUDA
  out.push_back({"cuda", 1});
#endif
  return out;
}

// True when QC_REQUIRE_GPU=1: a GPU test fails instead of skipping without one.
inline bool gpu_required() {
  const char* v = std::getenv("QC_REQUIRE_GPU");
  return v && std::string(v) == "1";
}

// Why no GPU can be used on this machine, or "" when one can. The one place
// the tests ask the CUDA driver.
inline std::string gpu_unavailable_reason() {
  const qc::gpu_status gpu = qc::probe_gpu();
  if (gpu.usable()) return "";
  return "no usable CUDA device: " + gpu.reason;
}

// Skips the running test with `why`, or fails it when QC_REQUIRE_GPU=1. Call
// from SetUp() or a test body (both stop there); a no-op when `why` is empty.
inline void skip_or_fail_without_gpu(const std::string& why) {
  if (why.empty()) return;
  if (gpu_required()) GTEST_FAIL() << "QC_REQUIRE_GPU=1, but " << why;
  GTEST_SKIP() << why << " (QC_REQUIRE_GPU=1 makes this a failure)";
}

// The backend of `c` into `out`. For cuda without a usable GPU, `out` stays
// empty and the test is skipped (or failed, see above); call from SetUp().
inline void make_backend_or_skip(const backend_case& c, std::unique_ptr<qc::backend>& out) {
  if (c.name != "cuda") {
    out = qc::make_cpu_backend(c.name, c.threads);
    return;
  }
  const std::string why = gpu_unavailable_reason();
  if (!why.empty()) {
    skip_or_fail_without_gpu(why);
    return;
  }
#ifdef QC_HAVE_CUDA
  out = qc::make_cuda_backend(0);
#endif
}

// A fixture parametrized over backend cases: be_ is the backend under test.
class backend_test : public ::testing::TestWithParam<backend_case> {
 protected:
  void SetUp() override { make_backend_or_skip(GetParam(), be_); }
  std::unique_ptr<qc::backend> be_;
};

}  // namespace qc_test
