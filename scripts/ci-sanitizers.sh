#!/usr/bin/env bash
# The test suite under sanitizers, as CI runs it:
#   asan: every test under AddressSanitizer + UndefinedBehaviorSanitizer, in
#         the fuzz build (clang, QC_FUZZ=ON: the same objects serve
#         scripts/fuzz.sh), BUILD_DIR build-asan;
#   tsan: the threaded paths under ThreadSanitizer (gcc or clang, build-tsan):
#         bulk scoring's hand-off, read-ahead decompression, parallel
#         normalization and term counting, the threaded backend; in a build
#         configured with no CUDA toolkit visible (see tsan below).
#   scripts/ci-sanitizers.sh [asan|tsan]...   (default: both)
# The build folders are kept, so a second run only rebuilds what changed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
[ $# -gt 0 ] || set -- asan tsan

# The tests that start threads (ctest -R): the threaded backend (cpu_tN) and
# the scoring pipeline's slots; tokens, vocab and term counts on several
# threads; score's read-ahead and writer hand-offs with small batches and
# skips, and a failing sink;
# decompression ahead of the reader; a plain file read in pieces at once;
# the readers' parsing threads (the JSON Lines reader's task_pool, each
# post's row made there in blocks of row memory let go on the scoring
# thread, the threads' shared cache of token columns); training's corpus on
# several threads.
tsan_tests='cpu_t[0-9]|pipelined_scoring|thread_count|small_batches_and_skips'
tsan_tests+='|score_writes_a_row_for_every_record|Compressed|load_labeled.is_the_same|ParsingThreads|ParallelReads'
tsan_tests+='|bulk_score[.]|PlainRows[.]Reader'
# Also the backends' tests as built without CUDA, the Thrust step on
# Debian's Thrust among them.
tsan_tests+='|thrust_cpp|backends|grid_sweep|post_matrix_builder_test|task_pool|row_blocks'
# Not under TSan: the kernel's block decomposition emulated on one thread
# starts no thread, and the text options' matrices are a one-thread matter
# (their threads are the ones same_matrix_as_token_lists checks).
tsan_skip='^grid_sweep_kernel_logic[.]|same_under_every_text_option'
tsan_targets=(test_classifier test_grid_sweep test_model test_reader test_xml test_train test_core
  test_integration test_thrust_cpp test_bulk_score qclass)

# Not run under ASan: ptx_no_fma (nvcc on the kernels' sources) and
# function_length (a style check in Python) run no qclass code.
asan_skip='^(ptx_no_fma|function_length)$'

asan() {
  local build=$here/build-asan
  "$here/scripts/fuzz.sh" -B -b "$build"
  cmake --build "$build" -j "$jobs"
  (cd "$build" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$jobs" -E "$asan_skip")
}

# The TSan build is also CI's build without CUDA: it is configured with
# QC_ENABLE_CUDA=AUTO and no CUDA compiler visible (nvcc off PATH, no CUDACXX
# or CUDA_PATH), so the configure must pass and choose the CPU-only build,
# and the Thrust step builds on Debian's Thrust (CPP system). Its configure
# output is kept in build-tsan/configure.log for .ci/run to check.
tsan() {
  local build=$here/build-tsan nocuda_path
  nocuda_path=$(echo "$PATH" | tr ':' '\n' | while read -r d; do [ -x "$d/nvcc" ] || echo "$d"; done |
    paste -sd:)
  if [ ! -f "$build/CMakeCache.txt" ]; then
    env -u CUDACXX -u CUDA_PATH PATH="$nocuda_path" \
      cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQC_SANITIZE=thread \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DQC_WERROR=ON \
      -DQC_ENABLE_CUDA=AUTO -DQC_BUILD_BENCH=OFF -DQC_BUILD_PYTHON=OFF >"$build.configure.log"
    mv "$build.configure.log" "$build/configure.log"
  fi
  env -u CUDACXX -u CUDA_PATH PATH="$nocuda_path" \
    cmake --build "$build" -j "$jobs" --target "${tsan_targets[@]}"
  (cd "$build" && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --output-on-failure -j "$jobs" -R "$tsan_tests" -E "$tsan_skip" --no-tests=error)
}

for step in "$@"; do
  case $step in
    asan | tsan) echo "== sanitizers: $step"; "$step" ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
