#!/usr/bin/env bash
# Golden-output check: every verb's files on the bundled data must keep the
# bytes pinned in tests/integration/golden/outputs.sha256. A refactoring must leave them
# as they are; a deliberate change of output regenerates the list with
#   tests/integration/golden/check_golden.sh QCLASS WORK_DIR --update
# and says why in its commit message.
#   check_golden.sh QCLASS WORK_DIR [--update]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
q=$1; work=$2; mode=${3:-check}
"$here/run_verbs.sh" "$q" "$root" "$work" >/dev/null 2>&1 || {
  echo "golden: a verb failed; rerun: $here/run_verbs.sh $q $root $work" >&2; exit 1; }
actual=$(cd "$work" && find . -type f -not -path './in/*' | LC_ALL=C sort | xargs sha256sum)
if [ "$mode" = "--update" ]; then
  printf '%s\n' "$actual" >"$here/outputs.sha256"
  echo "golden: wrote $(wc -l <"$here/outputs.sha256") sums to $here/outputs.sha256"
  exit 0
fi
if diff <(cat "$here/outputs.sha256") <(printf '%s\n' "$actual"); then
  echo "golden: $(wc -l <"$here/outputs.sha256") output files byte-identical"
else
  echo "golden: outputs differ from tests/integration/golden/outputs.sha256 (lines above: < pinned, > now);" \
       "the files are in $work" >&2
  exit 1
fi
