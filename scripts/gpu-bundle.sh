#!/usr/bin/env bash
# Packs what the GPU machine (CUDA toolkit and driver, Python 3.12, none of
# our Debian packages) needs to run scripts/gpu-check.sh, as gpu-bundle.tar.xz
# in the repository root (ignored by git; carry it to the device machine):
#   scripts/gpu-bundle.sh [BUILD_DIR]        (default: build, configured with CUDA)
# Contents: the programs, every shared library they need except glibc's own
# (libstdc++, libarchive and its codecs, simdjson, ...), the WordNet files,
# and make_corpus.py with its two source files (for the 1M-post corpus).
#
# Before packing it checks, and fails loudly on:
#   - a program or library that needs a newer glibc than QC_DEVICE_GLIBC
#     (default: this machine's glibc; the device notes do not record the
#     image's glibc, so gpu-check.sh checks ldd again there before any test);
#   - a shared library that does not resolve inside the bundle or to glibc;
#   - a bundle over 60 MiB (the device takes 64 MiB with the working tree).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fail() { echo "gpu-bundle: FAILED: $*" >&2; exit 1; }
build=$(cd "${1:-$here/build}" && pwd)
# The shared folder beside the repository (its tools/ and data/), or $QC_SHARED_DIR.
shared=${QC_SHARED_DIR:-$here/../shared}
[ -d "$shared/tools" ] || fail "no $shared/tools: set QC_SHARED_DIR to the shared folder"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
out=$stage/gpu-bundle
programs=(host/qclass tests/test_cuda_backend tests/test_thrust_cpp tests/test_classifier
          tests/test_sweep_guards tests/test_grid_sweep bench/qc_bench_sweep)
for p in "${programs[@]}"; do
  [ -x "$build/$p" ] || fail "$build/$p is missing (build with CUDA first: cmake --build $build)"
done
mkdir -p "$out/bin" "$out/lib" "$out/wordnet" "$out/corpus"
for p in "${programs[@]}"; do cp "$build/$p" "$out/bin/"; done
glibc_libs='/(libc|libm|libmvec|libpthread|libdl|librt|libresolv|ld-linux[^/]*)\.so'
for p in "${programs[@]}"; do ldd "$build/$p"; done | awk '/=> \// {print $3}' | sort -u |
  grep -vE "$glibc_libs" | while read -r lib; do cp -L "$lib" "$out/lib/"; done
cp /usr/share/wordnet/{index.noun,index.verb,noun.exc,verb.exc} "$out/wordnet/"
cp "$shared/tools/make_corpus.py" "$out/corpus/"
cp "$shared/data/dl_bug_classification.jsonl" "$shared/data/pytorch_so_api.jsonl" "$out/corpus/"

# glibc: the newest GLIBC_ symbol version anything in the bundle needs.
limit=${QC_DEVICE_GLIBC:-$(ldd --version 2>&1 | sed -n 1p | grep -oE '[0-9]+\.[0-9]+$')}
newest=$(for f in "$out"/bin/* "$out"/lib/*; do objdump -T "$f"; done 2>/dev/null |
  grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/GLIBC_//' | sort -uV | tail -1)
for f in "$out"/bin/* "$out"/lib/*; do
  v=$(objdump -T "$f" 2>/dev/null | { grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' || true; } |
    sed 's/GLIBC_//' | sort -uV | tail -1)
  [ -z "$v" ] && continue
  [ "$(printf '%s\n%s\n' "$v" "$limit" | sort -V | tail -1)" = "$limit" ] ||
    fail "$(basename "$f") needs GLIBC_$v, newer than the limit $limit (QC_DEVICE_GLIBC)"
done
# Every library resolves inside the bundle or to glibc.
for f in "$out"/bin/*; do
  env LD_LIBRARY_PATH="$out/lib" ldd "$f" | while read -r line; do
    case $line in
      *"not found"*) fail "$(basename "$f"): $line" ;;
      *"=> $out/lib/"* | *linux-vdso* | "") ;;
      *"=> /"*) echo "$line" | grep -qE "$glibc_libs" ||
          fail "$(basename "$f") takes a library from outside the bundle: $line" ;;
    esac
  done
done
{
  echo "commit $(git -C "$here" rev-parse --short HEAD)$(git -C "$here" diff --quiet || echo '+dirty')"
  echo "built $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "glibc needed $newest (limit $limit)"
  echo "cuda code $({ grep -ohE 'code=\[[a-z_0-9]+\]' "$build"/kernels/CMakeFiles/qc_cuda.dir/flags.make ||
    true; } | sort -u | tr '\n' ' ')"
} > "$out/MANIFEST"
tar -C "$stage" -cf - gpu-bundle | xz -T0 -6 > "$here/gpu-bundle.tar.xz"
size=$(stat -c %s "$here/gpu-bundle.tar.xz")
[ "$size" -le $((60 << 20)) ] || fail "gpu-bundle.tar.xz is $((size >> 20)) MiB (over 60 MiB)"
cat "$out/MANIFEST"
echo "gpu-bundle: $here/gpu-bundle.tar.xz, $((size >> 20)) MiB, $(ls "$out/lib" | wc -l) libraries; checks passed"
