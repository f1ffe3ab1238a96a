#!/usr/bin/env bash
# One cached Python virtual environment with pinned packages, outside the repo; prints its
# directory. Shared by the set-up scripts that need a Python tool (scripts/python-env.sh,
# scripts/s3-env.sh). A second run only checks a marker file.
#   bash scripts/lib/pyvenv.sh NAME CHECK SPEC...
#     NAME   the directory under the cache (key it by the pinned versions)
#     CHECK  Python code run in the new environment before it is marked complete
#     SPEC   pip requirement specifiers (pinned)
#   $CHAT_MEMBERS_CACHE or $XDG_CACHE_HOME move the cache; $PYTHON picks the interpreter (>= 3.9).
set -euo pipefail
name="$1"
check="$2"
shift 2
cache="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
env="$cache/$name"
log() { printf '[pyvenv] %s\n' "$*" >&2; }

if [ -f "$env/.complete" ]; then
  echo "$env"
  exit 0
fi
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  log "needs Python >= 3.9 with the venv module (set PYTHON=...); found: $("$python" --version 2>&1 || echo none)"
  exit 1
fi
mkdir -p "$cache"
# Jest workers may ask at the same time: one builds, the others wait and reuse it.
exec 9>"$cache/$name.lock"
flock 9
if [ ! -f "$env/.complete" ]; then
  start=$SECONDS
  log "creating $env ($*)"
  rm -rf "$env"
  "$python" -m venv "$env"
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$@" >&2
  "$env/bin/python" -c "$check" >&2
  touch "$env/.complete"
  log "  in $((SECONDS - start)) s"
fi
echo "$env"
