// Cross-validated grid sweeps (DEFINITIONS.md 11) on every available backend:
// the main job's grid (101 alphas x top-K {50,100,200,400} x norm {l2,sum} x
// scope {topk,all} = 1,616 points) over every fold of R repeats x 5 folds of
// the 600 bundled labeled posts. Counters: folds x grid points per second.
//   BM_cv_grid_*       training every fold and sweeping them (sweep --folds)
//   BM_cv_sweep_*      the folds trained once, outside the timing: the sweep alone
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "core/backend_select.hpp"
#include "eval/cross_validation.hpp"

namespace {

struct cv_fixture {
  qc::text_resources res;
  qc::labeled_data data;
  qc::training_result single;  // settings and keywords
};

cv_fixture& fixture() {
  static cv_fixture f = [] {
    const std::string root = QC_SOURCE_DIR;
    cv_fixture x;
    x.res = qc::load_text_resources(qc::text_options{});
    x.data = qc::load_labeled({root + "/data/dl_bug_classification.jsonl"}, qc::pipeline_options{},
                              qc::normalize_options{}, x.res, nullptr);
    x.single = qc::train_keyword_model(
        x.data, qc::keyword_model{},
        qc::read_keywords_file(root + "/data/keywords/dl_bug_classification.tsv"), x.res, 0);
    return x;
  }();
  return f;
}

qc::sweep_spec main_job_grid() {
  qc::sweep_spec s;
  s.alphas = qc::make_alpha_grid("0:1:0.01");
  s.top_ks = {50, 100, 200, 400};
  s.norms = {qc::norm_kind::l2, qc::norm_kind::sum};
  s.scopes = {qc::manual_scope::topk, qc::manual_scope::all};
  s.exact = false;
  return s;
}

std::vector<qc::trained_fold> train_all(const cv_fixture& f, std::size_t repeats) {
  const qc::keyword_model& m = f.single.model;
  return qc::train_folds(f.data, m, m.keywords_raw, f.res, 0,
                         qc::cross_validation_folds(f.data.labels, 5, repeats, 0));
}

void run_cv(benchmark::State& state, const std::string& device, bool train) {
  const cv_fixture& f = fixture();
  const auto repeats = static_cast<std::size_t>(state.range(0));
  const qc::sweep_spec spec = main_job_grid();
  std::unique_ptr<qc::backend> be;
  try {
    be = qc::make_backend(device, 0);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const std::vector<qc::trained_fold> pretrained =
      train ? std::vector<qc::trained_fold>{} : train_all(f, repeats);
  std::size_t points = 0;
  for (auto _ : state) {
    std::vector<qc::trained_fold> fresh;
    if (train) fresh = train_all(f, repeats);
    const std::vector<qc::trained_fold>& folds = train ? fresh : pretrained;
    const qc::cv_sweep_result r = qc::sweep_folds(*be, folds, spec);
    points += r.points.size() * folds.size();
    benchmark::DoNotOptimize(r.best);
  }
  state.counters["fold_points/s"] =
      benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsRate);
}

void BM_cv_grid_cpu(benchmark::State& s) { run_cv(s, "cpu", true); }
void BM_cv_grid_cuda(benchmark::State& s) { run_cv(s, "cuda", true); }
void BM_cv_sweep_cpu(benchmark::State& s) { run_cv(s, "cpu", false); }
void BM_cv_sweep_cuda(benchmark::State& s) { run_cv(s, "cuda", false); }

}  // namespace

BENCHMARK(BM_cv_grid_cpu)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cv_grid_cuda)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cv_sweep_cpu)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_cv_sweep_cuda)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->UseRealTime();
