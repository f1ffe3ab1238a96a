#!/usr/bin/env bash
# `npm test`: set-up, then format check, lint, type-check and every test (unit, emulator,
# provider, engine, benchmark smoke). Extra arguments go to jest.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
eval "$(bash scripts/setup.sh --print-env)"
export PATH="$repo/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*"; }
step "prettier --check"; prettier --check . --log-level warn
step "eslint"; eslint .
step "tsc --noEmit"; tsc -p tsconfig.json --noEmit

step "jest"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT
status=0
jest --ci --json --outputFile="$results" "$@" || status=$?
# One plain closing line that CI reads, whatever jest's own reporter printed.
node -e '
  const r = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const line = `jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`;
  console.log(r.numPendingTests ? `${line}, ${r.numPendingTests} skipped` : line);
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
' "$results" || status=1
exit "$status"
