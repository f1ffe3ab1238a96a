#!/usr/bin/env bash
# `npm run bench`: set-up (dependencies, dist/, Pulumi CLI), then the full benchmark: every
# scenario of bench/README.md for N = 10, 100, 1,000 (and a 5,000-member adoption), 3 runs each,
# and the org grids (40 × 100, 200 × 20, 1,000 × 5 spaces × members, one run each), 50 ms
# injected latency. Writes bench/results/REPORT.md, raw/*.json, adds-over-time.svg and
# org-time-vs-spaces.svg. Takes about two hours (the 1,000-member runs and the org grids' first
# creates wait on the write quota by design). Extra arguments go to
# bench/run.ts (e.g. --sizes 10,100 --runs 1 for a quicker pass, or --report-only).
# The googleapis comparison of the cold-start scenario needs `npm install googleapis` in
# $BENCH_GOOGLEAPIS_DIR (default /tmp/bench-googleapis); this script does that once if missing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
eval "$(bash scripts/setup.sh --print-env)"
export PATH="$repo/node_modules/.bin:$PATH"

gapi="${BENCH_GOOGLEAPIS_DIR:-/tmp/bench-googleapis}"
if [ ! -d "$gapi/node_modules/googleapis" ]; then
  echo "[bench] installing googleapis into $gapi (outside the repo, for the cold-start comparison)" >&2
  mkdir -p "$gapi"
  [ -f "$gapi/package.json" ] || echo '{"name":"bench-googleapis","private":true}' >"$gapi/package.json"
  (cd "$gapi" && npm install --no-audit --no-fund googleapis >&2) ||
    echo "[bench] could not install googleapis: the report marks that comparison as skipped" >&2
fi
export BENCH_GOOGLEAPIS_DIR="$gapi"

exec node -r ts-node/register/transpile-only bench/run.ts "$@"
