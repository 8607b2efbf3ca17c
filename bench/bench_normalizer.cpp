// Normalizer throughput (MB/s of post text, posts/s) on the bundled real posts,
// with a cold and a warm token cache, and the HTML-to-text step alone.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "io/jsonl_reader.hpp"
#include "text/html_text.hpp"
#include "text/normalizer.hpp"
#include "text/token_pipeline.hpp"

namespace {

struct sample {
  std::vector<qc::post> posts;
  std::size_t text_bytes = 0;
};

const sample& pytorch_sample() {
  static const sample s = [] {
    sample r;
    r.posts = qc::read_all_posts(std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl", {});
    for (const auto& p : r.posts) r.text_bytes += p.title.size() + p.body.size();
    return r;
  }();
  return s;
}

const qc::text_resources& resources() {
  static const qc::text_resources r = qc::load_text_resources(qc::text_options{});
  return r;
}

void run_normalizer(benchmark::State& state, qc::lemma_mode mode, bool warm) {
  const sample& s = pytorch_sample();
  qc::normalize_options opts;
  opts.lemma = mode;
  qc::normalizer warm_norm(opts, resources());
  std::size_t n_tokens = 0;
  for (auto _ : state) {
    if (warm) {
      for (const auto& p : s.posts) n_tokens += warm_norm.tokens(p).size();
    } else {
      qc::normalizer cold(opts, resources());
      for (const auto& p : s.posts) n_tokens += cold.tokens(p).size();
    }
  }
  benchmark::DoNotOptimize(n_tokens);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.text_bytes));
  state.counters["posts/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * s.posts.size()), benchmark::Counter::kIsRate);
}

void BM_normalize_vn_cold_cache(benchmark::State& st) {
  run_normalizer(st, qc::lemma_mode::vn, false);
}
void BM_normalize_vn_warm_cache(benchmark::State& st) {
  run_normalizer(st, qc::lemma_mode::vn, true);
}
void BM_normalize_no_lemma(benchmark::State& st) { run_normalizer(st, qc::lemma_mode::none, true); }

void BM_html_to_text(benchmark::State& state) {
  const sample& s = pytorch_sample();
  std::size_t bytes = 0, out = 0;
  for (auto _ : state) {
    for (const auto& p : s.posts) {
      if (!p.body_is_html) continue;
      out += qc::html_to_text(p.body, false).size();
      bytes += p.body.size();
    }
  }
  benchmark::DoNotOptimize(out);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

}  // namespace

BENCHMARK(BM_normalize_vn_cold_cache)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_normalize_vn_warm_cache)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_normalize_no_lemma)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_html_to_text)->Unit(benchmark::kMillisecond);
