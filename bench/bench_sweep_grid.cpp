// Grid sweeps on every available backend: 101 alphas x top-K {50,100,200,400,
// 800,1600,3200,6400} x norm {l2,sum} x scope {topk,all} = 3,232 grid points
// over 100,000 posts (the bundled pytorch questions, repeated), with the
// weights trained on the bundled labeled posts. Counters: grid points/s and
// post-evaluations/s. Compare backends on the same machine and run.
//   BM_grid_*        run_sweep end to end (weights, the backend, metrics)
//   BM_grid_call_*   the backend's grid_sweep() call alone, same grid
//   BM_cuda_parts_*  the scoring kernel alone over 1M posts: GB/s and the
//                    share of the GPU's peak memory bandwidth
#include <benchmark/benchmark.h>

#include <exception>
#include <string>
#include <vector>

#include "core/backend_select.hpp"
#include "eval/sweep.hpp"
#include "text/token_pipeline.hpp"
#ifdef QC_HAVE_CUDA
#include "cuda/parts_timing.hpp"
#include "qc/kernels/cuda_backend.hpp"
#endif

namespace {

constexpr std::size_t kPosts = 100000;

qc::training_result& grid_fixture() {
  static qc::training_result t = [] {
    const std::string root = QC_SOURCE_DIR;
    const qc::text_resources res = qc::load_text_resources(qc::text_options{});
    const qc::labeled_data data =
        qc::load_labeled({root + "/data/dl_bug_classification.jsonl"}, qc::pipeline_options{},
                         qc::normalize_options{}, res, nullptr);
    qc::training_result r = qc::train_keyword_model(
        data, qc::keyword_model{},
        qc::read_keywords_file(root + "/data/keywords/dl_bug_classification.tsv"), res, 0);
    // 100k test posts: the pytorch sample repeated, with labels taken from
    // the model's own prediction rotated by the row number (any fixed truth
    // would do for timing).
    std::vector<std::vector<std::string>> toks;
    qc::tokenize_files({root + "/data/pytorch_sample.jsonl"}, qc::pipeline_options{},
                       qc::normalize_options{}, res, [&](qc::token_batch& b) {
                         for (std::size_t i = 0; i < b.posts.size(); ++i)
                           toks.push_back(b.tokens_of(i));
                       });
    const qc::term_matrix sample = qc::term_matrix::from_token_lists(toks, r.model.vocab);
    std::vector<std::size_t> rows(kPosts);
    for (std::size_t i = 0; i < kPosts; ++i)
      rows[i] = i % static_cast<std::size_t>(sample.n_rows());
    r.matrix = sample.select_rows(rows);
    r.label_index.assign(kPosts, {});
    r.test_rows.resize(kPosts);
    for (std::size_t i = 0; i < kPosts; ++i) {
      r.test_rows[i] = i;
      r.label_index[i] = {static_cast<int>(i % r.model.labels.size())};
    }
    return r;
  }();
  return t;
}

qc::sweep_spec grid_spec() {
  qc::sweep_spec s;
  s.alphas = qc::make_alpha_grid("0:1:0.01");
  s.top_ks = {50, 100, 200, 400, 800, 1600, 3200, 6400};
  s.norms = {qc::norm_kind::l2, qc::norm_kind::sum};
  s.scopes = {qc::manual_scope::topk, qc::manual_scope::all};
  s.exact = false;
  return s;
}

// The backend, or null after marking the benchmark skipped (e.g. no GPU).
std::unique_ptr<qc::backend> backend_or_skip(benchmark::State& state, const std::string& device) {
  try {
    return qc::make_backend(device, 0);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return nullptr;
  }
}

void run_grid(benchmark::State& state, const std::string& device) {
  qc::training_result& t = grid_fixture();
  const qc::sweep_spec spec = grid_spec();
  const std::unique_ptr<qc::backend> be = backend_or_skip(state, device);
  if (!be) return;
  std::size_t points = 0;
  for (auto _ : state) {
    const qc::sweep_result r = qc::run_sweep(*be, t, spec);
    points += r.points.size();
    benchmark::DoNotOptimize(r.best);
  }
  state.counters["grid_points/s"] =
      benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsRate);
  state.counters["post_evals/s"] =
      benchmark::Counter(static_cast<double>(points) * kPosts, benchmark::Counter::kIsRate);
}

// The backend call alone: configurations built once, outside the timing.
void run_grid_call(benchmark::State& state, const std::string& device) {
  qc::training_result& t = grid_fixture();
  const qc::sweep_spec spec = grid_spec();
  const std::unique_ptr<qc::backend> be = backend_or_skip(state, device);
  if (!be) return;
  const qc::grid_batch batch = qc::make_grid_batch(t, spec, 0, spec.top_ks.size());
  const qc::truth_lists truth = qc::make_truth(t.label_index, t.test_rows);
  const auto n_alphas = static_cast<std::int64_t>(spec.alphas.size());
  const auto n_configs = static_cast<std::int64_t>(batch.configs.size());
  std::vector<std::uint64_t> counts(
      static_cast<std::size_t>(qc::counts_stride(batch.configs[0].w.n_cats) * n_alphas) *
      batch.configs.size());
  const qc::csr_view m = t.matrix.view();
  for (auto _ : state) {
    be->grid_sweep(m, batch.configs.data(), n_configs, truth.view(), spec.alphas.values.data(),
                   n_alphas, spec.ties, counts.data());
    benchmark::DoNotOptimize(counts.data());
  }
  const double points =
      static_cast<double>(n_configs * n_alphas) * static_cast<double>(state.iterations());
  state.counters["grid_points/s"] = benchmark::Counter(points, benchmark::Counter::kIsRate);
  state.counters["post_evals/s"] = benchmark::Counter(points * kPosts, benchmark::Counter::kIsRate);
}

void BM_grid_3232_points_100k_posts_reference(benchmark::State& s) { run_grid(s, "reference"); }
void BM_grid_3232_points_100k_posts_cpu(benchmark::State& s) { run_grid(s, "cpu"); }
void BM_grid_3232_points_100k_posts_cuda(benchmark::State& s) { run_grid(s, "cuda"); }

void BM_grid_call_reference(benchmark::State& s) { run_grid_call(s, "reference"); }
void BM_grid_call_cpu(benchmark::State& s) { run_grid_call(s, "cpu"); }
void BM_grid_call_cuda(benchmark::State& s) { run_grid_call(s, "cuda"); }

#ifdef QC_HAVE_CUDA
// The scoring kernel alone on 1M posts (the 100k repeated), weights of the
// largest top-K: bytes it must move / kernel time, against the peak.
void run_parts_kernel(benchmark::State& state, qc::cuda_parts_layout layout) {
  if (qc::cuda_device_count() == 0) {
    state.SkipWithError("no CUDA device");
    return;
  }
  qc::training_result& t = grid_fixture();
  static const qc::term_matrix big = [&] {
    std::vector<std::size_t> rows(10 * kPosts);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i % kPosts;
    return t.matrix.select_rows(rows);
  }();
  qc::sweep_spec spec = grid_spec();
  const qc::grid_batch batch =
      qc::make_grid_batch(t, spec, spec.top_ks.size() - 1, spec.top_ks.size());
  qc::cuda_kernel_timing k;
  for (auto _ : state) {
    try {
      k = qc::time_cuda_parts_kernel(big.view(), batch.configs[0].w, 20, layout);
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      return;
    }
    state.SetIterationTime(k.seconds);
  }
  if (!k.exact) state.SkipWithError("the kernel's D and S1 differ from row_parts()");
  state.counters["GB/s"] = k.bytes / k.seconds / 1e9;
  state.counters["peak_GB/s"] = k.peak_bytes_per_second / 1e9;
  state.counters["share_of_peak"] = k.bytes / k.seconds / k.peak_bytes_per_second;
  state.counters["posts/s"] = static_cast<double>(big.n_rows()) / k.seconds;
}
void BM_cuda_parts_kernel_thread_per_row_and_category(benchmark::State& s) {
  run_parts_kernel(s, qc::cuda_parts_layout::thread_per_row_and_category);
}
void BM_cuda_parts_kernel_thread_per_row(benchmark::State& s) {
  run_parts_kernel(s, qc::cuda_parts_layout::thread_per_row);
}
void BM_cuda_parts_kernel_eight_lanes_per_row(benchmark::State& s) {
  run_parts_kernel(s, qc::cuda_parts_layout::eight_lanes_per_row);
}
void BM_cuda_parts_kernel_warp_per_row(benchmark::State& s) {
  run_parts_kernel(s, qc::cuda_parts_layout::warp_per_row);
}
#endif

}  // namespace

BENCHMARK(BM_grid_call_reference)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_grid_call_cpu)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_grid_call_cuda)->Unit(benchmark::kMillisecond)->UseRealTime();
#ifdef QC_HAVE_CUDA
// One iteration timed by CUDA events (20 launches inside, their median).
void kernel_timing(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMicrosecond)->Iterations(1)->UseManualTime();
}
BENCHMARK(BM_cuda_parts_kernel_thread_per_row_and_category)->Apply(kernel_timing);
BENCHMARK(BM_cuda_parts_kernel_thread_per_row)->Apply(kernel_timing);
BENCHMARK(BM_cuda_parts_kernel_eight_lanes_per_row)->Apply(kernel_timing);
BENCHMARK(BM_cuda_parts_kernel_warp_per_row)->Apply(kernel_timing);
#endif

BENCHMARK(BM_grid_3232_points_100k_posts_reference)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_grid_3232_points_100k_posts_cpu)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK(BM_grid_3232_points_100k_posts_cuda)->Unit(benchmark::kMillisecond)->UseRealTime();
