#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang, ASan+UBSan) and runs each one
# on a seed corpus made from data/ (scripts/fuzz_seeds.py).
#   scripts/fuzz.sh [-t SECONDS] [-j PARALLEL] [-b BUILD_DIR] [-B] [TARGET...]
# Defaults: 30 s per target, two targets at a time, build-fuzz/, every target;
# -B only configures and builds.
# What a run finds new is kept in BUILD_DIR/fuzz-corpus/TARGET and used by
# the next run; a crash or hang is written to BUILD_DIR/fuzz-artifacts/ and
# makes the script fail (see docs/fuzzing.md).
# QC_FUZZ_ARGS adds libFuzzer flags, e.g. QC_FUZZ_ARGS=-jobs=4.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=30 parallel=2 build=$here/build-fuzz build_only=0
while getopts "t:j:b:B" o; do
  case $o in
    t) seconds=$OPTARG ;;
    j) parallel=$OPTARG ;;
    b) build=$OPTARG ;;
    B) build_only=1 ;;
    *) sed -n '2,10p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_jsonl_reader fuzz_posts_xml fuzz_xml_attribute fuzz_text
                                     fuzz_keywords fuzz_model fuzz_report_inputs)

# A clang whose runtime links fuzzers: clang++-19 where installed, else clang++.
pick_clang() {
  local probe
  probe=$(mktemp -d)
  printf 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }\n' \
    >"$probe/p.cpp"
  for cxx in clang++-19 clang++; do
    if command -v "$cxx" >/dev/null &&
      "$cxx" -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>/dev/null; then
      rm -rf "$probe"; echo "$cxx"; return
    fi
  done
  rm -rf "$probe"
  echo "fuzz: no clang that links libFuzzer with ASan (scripts/setup.sh --fuzz-deps)" >&2
  exit 1
}

if [ ! -f "$build/CMakeCache.txt" ]; then
  cxx=$(pick_clang)
  # -O1 and line tables only: what ASan's reports need, and the cheapest
  # build that gives them (CI builds this folder from scratch).
  # Warnings are errors here too, but for libstdc++ 12's own use of the
  # deprecated get_temporary_buffer (std::stable_sort), which clang flags.
  cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" -DQC_FUZZ=ON \
    -DQC_WERROR=ON -DCMAKE_CXX_FLAGS="-Wno-deprecated-declarations" \
    -DQC_ENABLE_CUDA=OFF -DQC_BUILD_BENCH=OFF -DQC_BUILD_PYTHON=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target fuzz_targets qclass
[ "$build_only" = 0 ] || exit 0

seeds=$build/fuzz-seeds
rm -rf "$seeds"
ASAN_OPTIONS=detect_leaks=0 /usr/bin/python3 "$here/scripts/fuzz_seeds.py" "$here" "$seeds" \
  "$build/host/qclass"
mkdir -p "$build/fuzz-artifacts" "$build/fuzz-logs"

run_one() {  # TARGET: runs it for $seconds; its log in fuzz-logs/TARGET.log
  local t=$1 corpus=$build/fuzz-corpus/$1
  mkdir -p "$corpus"
  if "$build/fuzz/$t" "$corpus" "$seeds/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2560 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-artifacts/$t-" ${QC_FUZZ_ARGS:-} >"$build/fuzz-logs/$t.log" 2>&1; then
    echo "fuzz: $t: $(grep -E '^stat::number_of_executed_units' "$build/fuzz-logs/$t.log" |
      awk '{print $2}') runs in ${seconds} s, no finding"
  else
    echo "fuzz: $t: FAILED, see $build/fuzz-logs/$t.log"; tail -n 30 "$build/fuzz-logs/$t.log"
    return 1
  fi
}
export -f run_one
export build seeds seconds
printf '%s\n' "${targets[@]}" | xargs -P "$parallel" -I{} bash -c 'run_one {}'
