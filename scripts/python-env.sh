#!/usr/bin/env bash
# A Python virtual environment with Google's Python client (google-api-python-client, whose
# packaged discovery document chat.v1.json is the emulator's conformance reference, and
# google-auth), for the emulator tests. Lives outside the repo, keyed by the pinned versions;
# prints its directory. A second run only checks a marker file.
#   $CHAT_MEMBERS_CACHE or $XDG_CACHE_HOME move it; $PYTHON picks the interpreter (>= 3.9).
set -euo pipefail
CLIENT_VERSION=2.202.0 # ships chat.v1.json revision 20261107
AUTH_VERSION=2.63.0
cache="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
env="$cache/pyenv-client$CLIENT_VERSION-auth$AUTH_VERSION"
log() { printf '[python-env] %s\n' "$*" >&2; }

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
exec 9>"$cache/pyenv.lock"
flock 9
if [ ! -f "$env/.complete" ]; then
  log "creating $env (google-api-python-client==$CLIENT_VERSION, google-auth==$AUTH_VERSION)"
  rm -rf "$env"
  "$python" -m venv "$env"
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "google-api-python-client==$CLIENT_VERSION" "google-auth==$AUTH_VERSION" >&2
  "$env/bin/python" -c 'import googleapiclient, google.auth' >&2
  touch "$env/.complete"
fi
echo "$env"
