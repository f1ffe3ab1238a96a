#!/usr/bin/env bash
# A Python virtual environment with moto's server (`moto[server]` from PyPI): an S3-compatible
# server that the S3-backend engine tests start on loopback, so `pulumi login s3://…` runs
# against a real HTTP S3 API with no cloud account. Lives outside the repo, keyed by the pinned
# version; prints the path of its `moto_server` executable. A second run only checks a marker file.
#   $CHAT_MEMBERS_CACHE or $XDG_CACHE_HOME move it; $PYTHON picks the interpreter (>= 3.9).
set -euo pipefail
MOTO_VERSION=5.2.6 # the newest moto on PyPI when this was written
env="$(bash "$(dirname "${BASH_SOURCE[0]}")/lib/pyvenv.sh" \
  "s3env-moto$MOTO_VERSION" 'import moto.server' "moto[server]==$MOTO_VERSION")"
[ -x "$env/bin/moto_server" ] || {
  printf '[s3-env] %s\n' "no moto_server in $env/bin (moto[server]==$MOTO_VERSION)" >&2
  exit 1
}
echo "$env/bin/moto_server"
