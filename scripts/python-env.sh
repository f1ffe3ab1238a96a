#!/usr/bin/env bash
# A Python virtual environment with Google's Python client (google-api-python-client, whose
# packaged discovery document chat.v1.json is the emulator's conformance reference, and
# google-auth), for the emulator tests. Lives outside the repo, keyed by the pinned versions;
# prints its directory. A second run only checks a marker file.
#   $CHAT_MEMBERS_CACHE or $XDG_CACHE_HOME move it; $PYTHON picks the interpreter (>= 3.9).
set -euo pipefail
CLIENT_VERSION=2.202.0 # ships chat.v1.json revision 20261107
AUTH_VERSION=2.63.0
exec bash "$(dirname "${BASH_SOURCE[0]}")/lib/pyvenv.sh" \
  "pyenv-client$CLIENT_VERSION-auth$AUTH_VERSION" 'import googleapiclient, google.auth' \
  "google-api-python-client==$CLIENT_VERSION" "google-auth==$AUTH_VERSION"
