#!/usr/bin/env bash
# Run CI (`.ci/run`) from fresh clones of this repository's HEAD, RUNS times in a row, while
# every core is kept busy by another load: the proof that no test depends on a quiet machine.
# Usage: scripts/ci-under-load.sh [RUNS]   (default 3). Each clone is made beside this folder
# (so ../shared is found as in CI) and removed afterwards; a summary line per run is printed,
# and each run's output is kept in var/ci-under-load/run-N.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
here="$(pwd)"
logs="$here/var/ci-under-load"
mkdir -p "$logs"
hog() {  # one busy loop per core, at the same priority as the tests
  for _ in $(seq "$(nproc)"); do python3 -c 'while True: pass' & done
}
status=0
for n in $(seq "$runs"); do
  clone="$(dirname "$here")/ci-under-load-$n"
  rm -rf "$clone"
  git clone -q "$here" "$clone"
  hog
  start=$(date +%s)
  (cd "$clone" && CI=true bash .ci/run </dev/null >"$logs/run-$n.log" 2>&1)
  rc=$?
  end=$(date +%s)
  jobs -p | xargs -r kill 2>/dev/null
  wait 2>/dev/null
  summary="$(grep -E '^=+ .*(passed|failed).* =+$' "$logs/run-$n.log" | tail -1)"
  echo "run $n: exit $rc in $((end - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg): $summary"
  [ "$rc" = 0 ] || status=1
  rm -rf "$clone"
done
exit $status
