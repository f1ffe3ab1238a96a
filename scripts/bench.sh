#!/usr/bin/env bash
# `npm run bench`: set-up (dependencies, dist/, Pulumi CLI and YAML host), then the full benchmark
# on one frozen build of HEAD: it drops the previous run's raw files, then runs every scenario of
# bench/README.md — N = 10 and 100 (3 runs each) and 1,000 (1 run: each waits 3+ minutes on the
# write quota), the engine floors beside them (one trivial resource, and N for N ChatMembership),
# a 5,000-member adoption, the org grid 200 × 20 through the dynamic provider and through the
# plugin from a YAML program, cold start and the emulator's throughput — with peak RSS per
# process, 50 ms injected latency, and writes bench/results/REPORT.md, raw/*.json and the charts;
# then bench/results/plugin.md and new-space.md.
# About 65 minutes on the 2-core machine (61 measured; most of it the quota's waits). Extra
# arguments go to bench/run.ts (e.g. --sizes 10,100 --runs 1 for a quicker partial pass, which
# keeps the other raw files, or --report-only).
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

node -r ts-node/register/transpile-only bench/run.ts "$@"
# The full run also regenerates the report's two companion pages on the same build: the plugin
# beside the dynamic provider (cold start, per-operation overhead) and a new space's members.
if [ "$#" -eq 0 ]; then
  node -r ts-node/register/transpile-only bench/plugin.ts --runs 5 --out bench/results
  node -r ts-node/register/transpile-only bench/new-space.ts --runs 3 --out bench/results/new-space.md
fi
