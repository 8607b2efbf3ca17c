// JSON Lines reader throughput (MB/s of input, posts/s) on the bundled real
// posts. The file is read from the page cache after the first iteration, so
// this measures parsing and post building, not the disk.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/jsonl_reader.hpp"

namespace {

void run_reader(benchmark::State& state, const char* relative_path) {
  const std::string path = std::string(QC_SOURCE_DIR) + "/" + relative_path;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    state.SkipWithError(("missing " + path).c_str());
    return;
  }
  std::vector<qc::post> batch;
  std::size_t bytes = 0;
  std::size_t posts = 0;
  for (auto _ : state) {
    qc::jsonl_reader reader(path, {});
    while (reader.next_batch(batch, 4096)) {
      posts += batch.size();
      benchmark::DoNotOptimize(batch.data());
    }
    bytes += reader.stats().bytes;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["posts/s"] =
      benchmark::Counter(static_cast<double>(posts), benchmark::Counter::kIsRate);
}

void BM_read_pytorch_sample(benchmark::State& st) { run_reader(st, "data/pytorch_sample.jsonl"); }
void BM_read_dl_bug_classification(benchmark::State& st) {
  run_reader(st, "data/dl_bug_classification.jsonl");
}

}  // namespace

BENCHMARK(BM_read_pytorch_sample)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_read_dl_bug_classification)->Unit(benchmark::kMillisecond);
