#!/usr/bin/env bash
# Prints a bin/ folder whose `node` is new enough for this package (package.json "engines"), for
# `npm ci` to run under: npm checks every dependency's engines against the Node running it, so
# installing under an older machine Node prints an EBADENGINE warning per package even though
# the project then runs on the Node 24 it installs (the `node` devDependency).
#   - the machine's `node` when it is new enough (nothing installed);
#   - else the same `node` npm package the lockfile pins, installed once into the cache outside
#     the repo (keyed by version; a second run only checks it).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
log() { printf '[node] %s\n' "$*" >&2; }

need_major="$(sed -n 's/.*"node": *">=\([0-9]*\)".*/\1/p' "$repo/package.json" | head -n1)"
pinned="$(awk '/"node_modules\/node": \{/ {f=1} f && /"version":/ {gsub(/[",]/, "", $2); print $2; exit}' "$repo/package-lock.json")"
[ -n "$need_major" ] && [ -n "$pinned" ] || { log "cannot read engines.node or the pinned node version"; exit 1; }

if have="$(node --version 2>/dev/null)" && [ "${have#v}" != "$have" ] && [ "$(echo "${have#v}" | cut -d. -f1)" -ge "$need_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi
dir="$cache/node-v$pinned"
if [ ! -x "$dir/node_modules/.bin/node" ]; then
  log "the machine's Node (${have:-none}) is older than the >= $need_major this package needs:"
  log "installing Node $pinned (npm package node@$pinned) once into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "node@$pinned" >&2
  "$dir/node_modules/.bin/node" --version >/dev/null
fi
echo "$dir/node_modules/.bin"
