#!/usr/bin/env bash
# The one prepared script for a GPU machine: builds nothing there. Build and
# pack here (scripts/gpu-bundle.sh), carry gpu-bundle.tar.xz, and run from
# the repository root on the GPU machine:
#   scripts/gpu-check.sh [gpu-bundle.tar.xz]
# Stages, each with a time budget (at most 9 minutes in all, cut at 540 s;
# about 8 on an H200):
#   1 smoke (60 s)     bundle libraries resolve, nvidia-smi sees a GPU, qclass info,
#                      the CUDA equivalence and sweep tests with QC_REQUIRE_GPU=1
#   2 sanitizer (105 s) compute-sanitizer memcheck, racecheck, synccheck on test_cuda_backend
#   3 equal (45 s)     sweep, score and study (with --folds 5), and a nested
#                      cross-validated sweep on the bundled data: cpu and cuda outputs
#                      byte-identical
#   4 corpus (225 s)   a 1M-post corpus (make_corpus.py, 8 processes), score cpu vs cuda
#                      byte-identical, then --device cuda --threads 16,8,4,2,1 (stages),
#                      the host's scaling over 1-16 pinned cores (thread_scaling.py,
#                      3 interleaved rounds; also on a 50,000-question Posts.xml),
#                      and --batch 4096 against the default (1,024) on 16 threads
#   5 bench (75 s)     qc_bench_sweep: grid sweep 3,232 points x 100,000 posts on cuda,
#                      reference and threaded cpu; the scoring kernel against peak bandwidth;
#                      cross-validated sweeps (10 and 100 repeats x 5 folds x 1,616 points)
#   6 profile (60 s)   ncu: speed of light, occupancy, memory and warp stalls of one launch
#                      of the sweep and the scoring kernel (a failing ncu is noted, not failed)
# Everything goes under $OUT (or ./gpu-results): summary.txt and one archive,
# gpu-check.tar.xz, of every log and CSV. The last line says PASSED or FAILED
# with the failed checks; the exit status is 0 only when every check passed.
# A benchmark cut by its budget is reported, not failed; a test that did not
# run (no GPU, a timeout, a missing tool) fails.
# Environment: QC_GPU_CHECK_POSTS (corpus size, default 1000000) and
# QC_GPU_CHECK_SECONDS (the whole run's budget, default 540: within one
# 10-minute device command, with room to pack); each step's budget is cut to
# what is left, and a test left without time fails as not run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bundle_tar=${1:-$root/gpu-bundle.tar.xz}
out=${OUT:-$root/gpu-results}
posts=${QC_GPU_CHECK_POSTS:-1000000}
total=${QC_GPU_CHECK_SECONDS:-540}
mkdir -p "$out"
work=$(mktemp -d /tmp/qc-gpu-check.XXXXXX)
res=$work/gpu-check
mkdir -p "$res"
summary=$res/summary.txt
failed=()
start=$(date +%s)

say() { echo "$*" | tee -a "$summary"; }
elapsed() { echo $(($(date +%s) - start)); }
# The smaller of a step's budget and what is left of the run's (0: none left).
budget_of() {
  local left=$((total - $(elapsed) - 10))
  if [ "$left" -lt 5 ]; then echo 0; elif [ "$1" -lt "$left" ]; then echo "$1"; else echo "$left"; fi
}
# check NAME BUDGET CMD...: runs CMD with a time limit, output to NAME.log; a
# non-zero exit or a timeout fails the run.
check() {
  local name=$1 budget t0 rc
  budget=$(budget_of "$2")
  shift 2
  if [ "$budget" -eq 0 ]; then
    say "  FAIL $name: not run, the run's $total s are spent"
    failed+=("$name")
    return 1
  fi
  t0=$(date +%s)
  timeout -k 5 "$budget" "$@" >"$res/$name.log" 2>&1
  rc=$?
  if [ $rc -eq 0 ]; then
    say "  PASS $name ($(($(date +%s) - t0)) s)"
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    say "  FAIL $name: did not finish within $budget s"
    failed+=("$name")
  else
    say "  FAIL $name: exit $rc (see $name.log: $(tail -n 1 "$res/$name.log" | cut -c1-160))"
    failed+=("$name")
  fi
  return $rc
}
# bench NAME BUDGET CMD...: as check, but a timeout only cuts the figures short.
bench() {
  local name=$1 budget t0 rc
  budget=$(budget_of "$2")
  shift 2
  if [ "$budget" -eq 0 ]; then
    say "  CUT  $name: not run, the run's $total s are spent"
    return 0
  fi
  t0=$(date +%s)
  timeout -k 5 "$budget" "$@" >"$res/$name.log" 2>&1
  rc=$?
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    say "  CUT  $name: stopped at its $budget s budget (figures so far in $name.log)"
  elif [ $rc -ne 0 ]; then
    say "  FAIL $name: exit $rc (see $name.log)"
    failed+=("$name")
  else
    say "  DONE $name ($(($(date +%s) - t0)) s)"
  fi
}
# same NAME A B: A and B (files or folders) byte-identical.
same() {
  if [ -e "$2" ] && [ -e "$3" ] && diff -r "$2" "$3" >"$res/$1.diff" 2>&1; then
    say "  PASS $1: cpu and cuda byte-identical"
  else
    say "  FAIL $1: cpu and cuda outputs differ or are missing (see $1.diff)"
    failed+=("$1")
  fi
}
finish() {
  local verdict
  say "elapsed: $(elapsed) s"
  if [ ${#failed[@]} -eq 0 ]; then
    verdict="gpu-check: PASSED"
  else
    verdict="gpu-check: FAILED (${#failed[@]}): ${failed[*]}"
  fi
  say "$verdict"
  tar -C "$work" -cf - gpu-check | xz -T0 -3 >"$out/gpu-check.tar.xz" 2>/dev/null ||
    echo "gpu-check: could not pack the results" >&2
  cp "$summary" "$out/summary.txt"
  rm -rf "$work"
  [ ${#failed[@]} -eq 0 ]
  exit $?
}
# abort NAME REASON: a check that leaves nothing else worth running.
abort() {
  say "  FAIL $1: $2; stopping"
  failed+=("$1")
  finish
}

say "gpu-check $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores"
# --- 1 smoke ---------------------------------------------------------------
say "[1 smoke]"
[ -f "$bundle_tar" ] || abort "bundle" "no bundle at $bundle_tar (run scripts/gpu-bundle.sh and carry it)"
tar -C "$work" -xJf "$bundle_tar" || abort "bundle" "cannot unpack $bundle_tar"
b=$work/gpu-bundle
cp "$b/MANIFEST" "$res/"
export LD_LIBRARY_PATH="$b/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" QC_WORDNET_DIR="$b/wordnet"
export QC_SOURCE_DIR="$root" QC_REQUIRE_GPU=1
q=$b/bin/qclass
{ ldd --version 2>&1 | sed -n 1p; for f in "$b"/bin/*; do echo "== $f"; ldd "$f"; done; } >"$res/ldd.log" 2>&1
grep -q "not found" "$res/ldd.log" && abort "libraries" "a library does not resolve on this machine (ldd.log)"
say "  PASS libraries ($(head -1 "$res/ldd.log"); bundle: $(grep glibc "$b/MANIFEST"))"
# Without a GPU the CPU-side steps still run (so the script can be tried
# anywhere), every GPU step fails as not run, and so does the whole check.
gpu=1
if ! nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.memory --format=csv \
  >"$res/nvidia-smi.csv" 2>&1; then
  say "  FAIL gpu_visible: no GPU visible: $(tail -1 "$res/nvidia-smi.csv")"
  failed+=("gpu_visible")
  gpu=0
else
  say "  GPU: $(tail -1 "$res/nvidia-smi.csv")"
fi
"$q" info >"$res/info.txt" 2>&1
grep -E "^CUDA devices visible" "$res/info.txt" | tee -a "$summary"
if [ $gpu -eq 1 ] && ! grep -qE "^CUDA devices visible: [1-9]" "$res/info.txt"; then
  say "  FAIL info: qclass sees no usable GPU"
  failed+=("info")
  gpu=0
fi
# gpu_step NAME: false (and NAME fails as not run) when there is no GPU.
gpu_step() {
  [ $gpu -eq 1 ] && return 0
  say "  FAIL $1: not run, no usable GPU"
  failed+=("$1")
  return 1
}
# A skipped GPU test is not a pass on the GPU machine.
gpu_step test_cuda_backend &&
  check test_cuda_backend 40 bash -c '"$0"; rc=$?; [ $rc -eq 0 ] || exit $rc
  ! grep -q "SKIPPED \]" "$1"' "$b/bin/test_cuda_backend" "$res/test_cuda_backend.log"
check test_sweep_guards 20 "$b/bin/test_sweep_guards"
check test_grid_sweep 20 "$b/bin/test_grid_sweep"
check test_thrust_cpp 10 "$b/bin/test_thrust_cpp"
check test_classifier 30 "$b/bin/test_classifier"

# --- 2 sanitizer -------------------------------------------------------------
say "[2 sanitizer] ($(elapsed) s)"
san=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null)
for tool in memcheck racecheck synccheck; do
  gpu_step "sanitizer_$tool" || continue
  if [ -z "$san" ]; then
    say "  FAIL sanitizer_$tool: compute-sanitizer not found"
    failed+=("sanitizer_$tool")
    continue
  fi
  check "sanitizer_$tool" 35 "$san" --tool "$tool" --error-exitcode 1 "$b/bin/test_cuda_backend"
done

# --- 3 equal: cpu and cuda on the bundled data -------------------------------
say "[3 equal] ($(elapsed) s)"
d=$root/data
labeled=$d/dl_bug_classification.jsonl
keywords=$d/keywords/dl_bug_classification.tsv
e=$work/equal
mkdir -p "$e"
check train 20 "$q" train --device cpu --input "$labeled" --keywords "$keywords" -o "$e/model.json"
devices=cpu
[ $gpu -eq 1 ] && devices="cpu cuda"
for dev in $devices; do
  check "sweep_$dev" 20 "$q" sweep --device "$dev" --input "$labeled" --keywords "$keywords" \
    --alpha 0:1:0.01 --top-k 50,100,200,400 --norm l2,sum --manual-scope topk,all \
    -o "$e/sweep_$dev.csv"
  check "score_$dev" 20 "$q" score --device "$dev" --model "$e/model.json" \
    --input "$d/pytorch_sample.jsonl" -o "$e/predictions_$dev.csv"
  check "study_$dev" 40 "$q" study --device "$dev" --labeled "$labeled" --keywords "$keywords" \
    --posts "$d/pytorch_sample.jsonl" --answers "$d/pytorch_sample_answers.jsonl" \
    --alpha-grid 0:1:0.05 --folds 5 -o "$e/study_$dev"
  check "cv_sweep_$dev" 30 "$q" sweep --device "$dev" --input "$labeled" --keywords "$keywords" \
    --alpha 0:1:0.01 --folds 5 --repeats 2 --nested -o "$e/cv_sweep_$dev.csv"
done
if gpu_step equal_outputs; then
  same sweep_equal "$e/sweep_cpu.csv" "$e/sweep_cuda.csv"
  same score_equal "$e/predictions_cpu.csv" "$e/predictions_cuda.csv"
  same study_equal "$e/study_cpu" "$e/study_cuda"
  same cv_sweep_equal "$e/cv_sweep_cpu.csv" "$e/cv_sweep_cuda.csv"
fi
cp "$e"/sweep_cuda.csv "$res/" 2>/dev/null

# --- 4 corpus: 1M posts ------------------------------------------------------
say "[4 corpus] ($(elapsed) s) $posts posts"
c=$work/corpus
mkdir -p "$c"
# Eight processes of posts/8 each (seeds 1-8, consecutive odd ids), concatenated.
make_corpus='per=$(((posts + 7) / 8)); pids=()
  for i in 0 1 2 3 4 5 6 7; do
    python3 "$b/corpus/make_corpus.py" --posts "$per" --seed $((i + 1)) \
      --start-id $((1 + 2 * per * i)) --data-dir "$b/corpus" --out "$c/part$i.jsonl" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
  cat "$c"/part{0..7}.jsonl >"$c/corpus.jsonl" && rm -f "$c"/part*.jsonl'
if check make_corpus 45 env posts="$posts" b="$b" c="$c" bash -c "$make_corpus"; then
  say "  corpus: $(wc -l <"$c/corpus.jsonl") posts, $(($(stat -c %s "$c/corpus.jsonl") >> 20)) MiB"
  for dev in $devices; do
    check "score_1m_$dev" 30 "$q" score --device "$dev" --model "$e/model.json" \
      --input "$c/corpus.jsonl" -o "$c/predictions_$dev.csv"
  done
  gpu_step score_1m_equal && same score_1m_equal "$c/predictions_cpu.csv" "$c/predictions_cuda.csv"
  rm -f "$c"/predictions_*.csv
  for t in 16 8 4 2 1; do
    [ $gpu -eq 1 ] || break
    bench "score_1m_cuda_threads_$t" $((t >= 4 ? 20 : 80 / t)) "$q" score --device cuda --threads "$t" \
      --model "$e/model.json" --input "$c/corpus.jsonl" -o "$c/p.csv"
    grep -E "read\+score|stages" "$res/score_1m_cuda_threads_$t.log" | sed 's/^/    /' | tee -a "$summary"
  done
  # The host's scaling, measured as on the 2-core VM (bench/RESULTS.md):
  # thread counts interleaved round by round, each pinned to as many cores,
  # predictions compared across every run.
  pin=()
  command -v taskset >/dev/null || pin=(--no-pin)
  counts=$(for t in 1 2 4 8 16; do [ "$t" -le "$(nproc)" ] && echo "$t"; done | paste -sd,)
  bench score_1m_thread_scaling 75 python3 "$root/bench/compare/thread_scaling.py" "$q" \
    "$c/corpus.jsonl" --threads "$counts" --runs 3 "${pin[@]}"
  grep -E "^threads|identical" "$res/score_1m_thread_scaling.log" | sed 's/^/    /' | tee -a "$summary"
  # The same for Posts.xml (posts/20 questions), whose reader thread only
  # delimits the rows from 4 parsing threads on (bench/RESULTS.md).
  if check make_corpus_xml 10 python3 "$b/corpus/make_corpus.py" --posts $(((posts + 19) / 20)) \
    --seed 9 --format posts-xml --data-dir "$b/corpus" --out "$c/corpus.xml"; then
    bench score_xml_thread_scaling 20 python3 "$root/bench/compare/thread_scaling.py" "$q" \
      "$c/corpus.xml" --threads "$counts" --runs 3 "${pin[@]}"
    grep -E "^threads|identical" "$res/score_xml_thread_scaling.log" | sed 's/^/    /' |
      tee -a "$summary"
  fi
  # Batches four times the default: fewer, larger transfers to the GPU.
  if [ $gpu -eq 1 ]; then
    bench score_1m_cuda_batch_4096 20 "$q" score --device cuda --threads 16 --batch 4096 \
      --model "$e/model.json" --input "$c/corpus.jsonl" -o "$c/p.csv"
    grep -E "read\+score|stages" "$res/score_1m_cuda_batch_4096.log" | sed 's/^/    /' | tee -a "$summary"
  fi
  rm -rf "$c"
fi

# --- 5 bench -------------------------------------------------------------------
say "[5 bench] ($(elapsed) s)"
filter='BM_grid_call_|BM_cuda_parts_kernel|BM_cv_sweep_'
[ $gpu -eq 1 ] || filter='BM_grid_call_(reference|cpu)|BM_cv_sweep_cpu'
bench bench_sweep 75 "$b/bin/qc_bench_sweep" --benchmark_filter="$filter" \
  --benchmark_out="$res/bench_sweep.json" --benchmark_out_format=json
grep -E "^BM_" "$res/bench_sweep.log" | sed 's/^/    /' | tee -a "$summary"

# --- 6 profile -------------------------------------------------------------------
# Hardware counters of one launch of each kernel of a grid sweep, to tune
# from (ncu reads them on Firecracker machines, not on gVisor ones): a
# failing ncu is reported in its log and the summary, not as a failed check.
say "[6 profile] ($(elapsed) s)"
ncu_bin=$(command -v ncu || ls /usr/local/cuda/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
if [ $gpu -eq 1 ] && [ -n "$ncu_bin" ]; then
  bench ncu_kernels 60 bash -c '"$@" || echo "ncu_kernels: ncu exited $?"' _ "$ncu_bin" \
    --clock-control none -k regex:'grid_sweep_kernel|parts_kernel' -c 2 \
    --section SpeedOfLight --section Occupancy --section LaunchStats \
    --section MemoryWorkloadAnalysis --section WarpStateStats \
    "$b/bin/qc_bench_sweep" --benchmark_filter='BM_grid_call_cuda'
  grep -E "grid_sweep_kernel|parts_kernel|Duration|DRAM Throughput|Compute \(SM\) Throughput|Achieved Occupancy|Registers Per Thread|ncu exited" \
    "$res/ncu_kernels.log" | sed 's/^ */    /' | tee -a "$summary"
else
  say "  SKIP ncu_kernels: $([ $gpu -eq 1 ] && echo "no ncu found" || echo "no usable GPU")"
fi
finish
