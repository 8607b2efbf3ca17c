#!/usr/bin/env bash
# Packs what a GPU machine without our Debian packages needs to run the CUDA
# tests and the benchmarks: the built programs, the shared libraries they use
# (glibc excepted) and the WordNet files, plus run.sh, as gpu-bundle.tar.xz
# (about 13 MB) in the repository root.
#   scripts/gpu-bundle.sh [BUILD_DIR]               (default: build, configured with CUDA)
# On the GPU machine, from a copy of the repository (its data/ is used):
#   tar -xJf gpu-bundle.tar.xz -C /tmp && /tmp/gpu-bundle/run.sh RESULTS_DIR
# runs the GPU equivalence tests (with QC_REQUIRE_GPU=1, so a missing GPU
# fails them), unit tests, the sweep benchmarks on every backend, and bulk
# scoring on cpu and cuda (outputs compared byte for byte); it exits 1 when
# any test, benchmark or comparison fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
stage=$(mktemp -d)
out=$stage/gpu-bundle
programs=(host/qclass tests/test_cuda_backend tests/test_thrust_cpp tests/test_classifier
          tests/test_grid_sweep bench/qc_bench bench/qc_bench_sweep)
for p in "${programs[@]}"; do
  [ -x "$build/$p" ] || { echo "gpu-bundle: $build/$p is missing (build with CUDA first)" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out/bin" "$out/lib" "$out/wordnet"
for p in "${programs[@]}"; do cp "$build/$p" "$out/bin/"; done
# Shared libraries, except the C library's own (the machine's glibc must be as new as ours).
for p in "${programs[@]}"; do ldd "$build/$p"; done | awk '/=> \// {print $3}' | sort -u |
  grep -vE '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so' |
  while read -r lib; do cp -L "$lib" "$out/lib/"; done
cp /usr/share/wordnet/{index.noun,index.verb,noun.exc,verb.exc} "$out/wordnet/"
cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs on the GPU machine from the repository root; results go to $1
# (default: ./gpu-results).
set -uo pipefail
b=$(cd "$(dirname "$0")" && pwd)
res=${1:-$PWD/gpu-results}
[ -f data/dl_bug_classification.jsonl ] || { echo "run.sh: run it from the repository root" >&2; exit 2; }
mkdir -p "$res"
# The GPU tests fail, not skip, when no GPU answers.
export LD_LIBRARY_PATH="$b/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" QC_WORDNET_DIR="$b/wordnet" \
  QC_REQUIRE_GPU=1
{ date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; "$b/bin/qclass" info; } \
  > "$res/device.txt" 2>&1
failed=0
# step NAME COMMAND...: runs it with its output in $res/NAME.txt, and notes a failure.
step() {
  local name=$1 rc=0
  shift
  "$@" > "$res/$name.txt" 2>&1 || rc=$?
  echo "$name: $([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)")"
  [ "$rc" -eq 0 ] || failed=1
}
step test_cuda_backend "$b/bin/test_cuda_backend"
step test_thrust_cpp "$b/bin/test_thrust_cpp"
step test_classifier "$b/bin/test_classifier"
step test_grid_sweep "$b/bin/test_grid_sweep"
step bench_sweep "$b/bin/qc_bench_sweep" --benchmark_out="$res/bench_sweep.json"
q="$b/bin/qclass"; d="$PWD/data"
"$q" train --input "$d/dl_bug_classification.jsonl" --keywords "$d/keywords/dl_bug_classification.tsv" \
  -o "$res/model.json" > "$res/train.txt" 2>&1
for i in $(seq 30); do cat "$d/pytorch_sample.jsonl"; done > /tmp/qc_posts_x30.jsonl
for dev in cpu cuda; do
  "$q" score --device "$dev" --model "$res/model.json" --input /tmp/qc_posts_x30.jsonl \
    -o "/tmp/qc_pred_$dev.csv" > "$res/score_$dev.txt" 2>&1
done
for dev in cpu cuda; do
  "$q" sweep --device "$dev" --input "$d/dl_bug_classification.jsonl" \
    --keywords "$d/keywords/dl_bug_classification.tsv" --alpha 0:1:0.01 \
    --top-k 50,100,200,400 --norm l2,sum --manual-scope topk,all \
    -o "/tmp/qc_sweep_$dev.csv" > "$res/sweep_$dev.txt" 2>&1
done
if [ -s /tmp/qc_sweep_cuda.csv ] && cmp -s /tmp/qc_sweep_cpu.csv /tmp/qc_sweep_cuda.csv; then
  echo "sweep: cpu and cuda tables identical"
else
  echo "sweep: cpu and cuda tables DIFFER or cuda failed: see $res/sweep_cuda.txt"
  failed=1
fi
if [ ! -s /tmp/qc_pred_cuda.csv ]; then
  echo "score --device cuda failed: see $res/score_cuda.txt"
  failed=1
elif cmp -s /tmp/qc_pred_cpu.csv /tmp/qc_pred_cuda.csv; then
  echo "score: cpu and cuda predictions identical"
else
  echo "score: cpu and cuda predictions DIFFER"
  failed=1
fi
cat "$res"/device.txt
[ "$failed" -eq 0 ] && echo "run.sh: every check passed" || echo "run.sh: SOME CHECKS FAILED"
exit "$failed"
RUN
chmod +x "$out/run.sh"
tar -C "$stage" -cJf "$here/gpu-bundle.tar.xz" gpu-bundle
rm -rf "$stage"
ls -l "$here/gpu-bundle.tar.xz"
