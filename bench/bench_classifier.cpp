// Classifier throughput: bulk scoring (posts/s, MB/s, end to end from the
// file), the scoring kernel alone, and the cost of a 101-point alpha sweep
// relative to one scoring pass (goal: under 2x), on the bundled real posts.
#include <benchmark/benchmark.h>

#include <numeric>
#include <string>
#include <vector>

#include "core/backend_select.hpp"
#include "text/token_pipeline.hpp"
#include "train/training.hpp"

namespace {

const std::string kLabeled = std::string(QC_SOURCE_DIR) + "/data/dl_bug_classification.jsonl";
const std::string kPosts = std::string(QC_SOURCE_DIR) + "/data/pytorch_sample.jsonl";
const std::string kKeywords =
    std::string(QC_SOURCE_DIR) + "/data/keywords/dl_bug_classification.tsv";

struct fixture {
  qc::text_resources res;
  qc::training_result trained;
  qc::dense_weights weights;
  qc::term_matrix posts;  // the pytorch sample, model vocabulary
  qc::truth_lists truth;  // every post labeled with category 0 (any truth does for timing)
  std::size_t post_bytes = 0;
};

const fixture& get() {
  static const fixture f = [] {
    fixture x;
    x.res = qc::load_text_resources(qc::text_options{});
    const qc::labeled_data data = qc::load_labeled({kLabeled}, qc::pipeline_options{},
                                                   qc::normalize_options{}, x.res, nullptr);
    x.trained = qc::train_keyword_model(data, qc::keyword_model{},
                                        qc::read_keywords_file(kKeywords), x.res, 0);
    x.weights = x.trained.model.weights();
    std::vector<std::vector<std::string>> toks;
    const qc::read_stats st = qc::tokenize_files(
        {kPosts}, qc::pipeline_options{}, qc::normalize_options{}, x.res, [&](qc::token_batch& b) {
          for (std::size_t i = 0; i < b.posts.size(); ++i) toks.push_back(b.tokens_of(i));
        });
    x.post_bytes = st.bytes;
    x.posts = qc::term_matrix::from_token_lists(toks, x.trained.model.vocab);
    const std::vector<std::vector<int>> first(toks.size(), std::vector<int>{0});
    std::vector<std::size_t> rows(toks.size());
    std::iota(rows.begin(), rows.end(), std::size_t{0});
    x.truth = qc::make_truth(first, rows);
    return x;
  }();
  return f;
}

// End to end, as `qclass score` does it: read, normalize, CSR, score, predict.
void BM_score_file(benchmark::State& state) {
  const fixture& f = get();
  auto be = qc::make_backend("cpu", static_cast<unsigned>(state.range(0)));
  qc::pipeline_options popts;
  popts.threads = static_cast<unsigned>(state.range(0));
  std::size_t posts = 0, bytes = 0;
  for (auto _ : state) {
    const qc::read_stats st =
        qc::tokenize_files({kPosts}, popts, f.trained.model.pre, f.res, [&](qc::token_batch& b) {
          std::vector<std::vector<std::string>> lists;
          for (std::size_t i = 0; i < b.posts.size(); ++i) lists.push_back(b.tokens_of(i));
          const auto m =
              qc::term_matrix::from_token_lists(lists, f.trained.model.vocab, popts.threads);
          const auto s = qc::score_rows(*be, m, f.weights);
          benchmark::DoNotOptimize(s.s0.data());
        });
    posts += st.records;
    bytes += st.bytes;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["posts/s"] =
      benchmark::Counter(static_cast<double>(posts), benchmark::Counter::kIsRate);
}

// One scoring pass over a term matrix: integer parts, s0, one argmax per post.
void BM_score_matrix(benchmark::State& state) {
  const fixture& f = get();
  auto be = qc::make_backend(state.range(0) ? "cpu" : "reference", 0);
  const int K = f.weights.n_cats;
  const std::int64_t n = f.posts.n_rows();
  const qc::truth_view truth = f.truth.view();
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(qc::counts_stride(K)));
  const double alpha = 0.18;
  for (auto _ : state) {
    const qc::row_scores s = qc::score_rows(*be, f.posts, f.weights);
    be->sweep(n, K, s.s0.data(), s.s1.data(), truth, &alpha, 1, qc::tie_rule::lowest,
              counts.data());
    benchmark::DoNotOptimize(counts.data());
  }
  state.counters["posts/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
}

// The same pass with 101 alphas (0:1:0.01): compare its time with BM_score_matrix.
void BM_sweep_101_alphas(benchmark::State& state) {
  const fixture& f = get();
  auto be = qc::make_backend(state.range(0) ? "cpu" : "reference", 0);
  const int K = f.weights.n_cats;
  const std::int64_t n = f.posts.n_rows();
  const qc::truth_view truth = f.truth.view();
  std::vector<double> alphas(101);
  for (int i = 0; i <= 100; ++i) alphas[static_cast<std::size_t>(i)] = i / 100.0;
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(qc::counts_stride(K)) * 101);
  for (auto _ : state) {
    const qc::row_scores s = qc::score_rows(*be, f.posts, f.weights);
    be->sweep(n, K, s.s0.data(), s.s1.data(), truth, alphas.data(), 101, qc::tie_rule::lowest,
              counts.data());
    benchmark::DoNotOptimize(counts.data());
  }
  state.counters["posts/s"] =
      benchmark::Counter(static_cast<double>(n * state.iterations()), benchmark::Counter::kIsRate);
  state.counters["grid_points/s"] = benchmark::Counter(
      static_cast<double>(101 * state.iterations()), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_score_file)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_score_matrix)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_sweep_101_alphas)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
