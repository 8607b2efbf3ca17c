#!/usr/bin/env bash
# Set up, build (warnings are errors), and run every test with CTest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${QC_BUILD_DIR:-$here/build}
"$here/scripts/setup.sh" "$build" -DQC_WERROR=ON
cd "$build"
ctest --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
