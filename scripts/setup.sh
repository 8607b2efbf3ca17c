#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine and builds qclass.
#   scripts/setup.sh [BUILD_DIR] [extra cmake args...]
#   scripts/setup.sh --deps-only
#   scripts/setup.sh --fuzz-deps   (also clang and libFuzzer, for scripts/fuzz.sh
#                                   and scripts/ci-sanitizers.sh; nothing is built)
# As root it installs the Debian packages that are missing (apt-get); as
# another user it only names them. Then it configures and builds (Release).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
shift || true

packages=(cmake g++ make pkg-config libsimdjson-dev libcli11-dev libgtest-dev
          libbenchmark-dev libgmp-dev libthrust-dev libarchive-dev liblinear-dev libxxhash-dev wordnet-base python3 python3-nltk python3-sklearn
          python3-dev pybind11-dev python3-numpy python3-scipy python3-pandas python3-pytest
          python3-dask python3-distributed
          chromium chromium-driver python3-selenium fonts-dejavu-core)
[ "$build" = "--fuzz-deps" ] && packages+=(clang-19 libclang-rt-19-dev libfuzzer-19-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

[ "$build" = "--deps-only" ] || [ "$build" = "--fuzz-deps" ] && exit 0

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$build" -j "$jobs"
