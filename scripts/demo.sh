#!/usr/bin/env bash
# `npm run demo`: set up (fast when done), then run the demo driver (scripts/demo.ts).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
eval "$(bash scripts/setup.sh --print-env)"
export PATH="$repo/node_modules/.bin:$PATH"
exec node -r ts-node/register/transpile-only scripts/demo.ts "$@"
