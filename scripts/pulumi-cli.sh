#!/usr/bin/env bash
# Yields one bin/ folder holding `pulumi`, `pulumi-language-nodejs` and the
# `pulumi-resource-pulumi-nodejs` plugin script, and prints its parent (the
# Automation API's `PulumiCommand.get({root})`) on stdout. Progress goes to stderr.
#
#   1. a `pulumi` already on PATH, when recent enough and its Node.js language host is beside it;
#   2. else the cache outside the repo, keyed by the pinned version (no rebuild, no network);
#   3. else build the pinned release from the Go module proxy (minutes, the first time).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
mod_dir="$here/pulumi-cli"
min_system_version="3.200.0" # oldest CLI accepted from PATH

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }
die() { printf '[pulumi-cli] error: %s\n' "$*" >&2; exit 1; }

# The pinned versions are written once: in the wrapper modules' go.mod files.
cli_version="$(awk '$1=="require" && $2=="github.com/pulumi/pulumi/pkg/v3" {print $3}' "$mod_dir/go.mod")"
host_version="$(awk '$1=="require" && $2=="github.com/pulumi/pulumi/sdk/v3" {print $3}' "$mod_dir/language-nodejs/go.mod")"
[ -n "$cli_version" ] && [ -n "$host_version" ] || die "cannot read the pinned versions from $mod_dir/**/go.mod"

cache_root="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
plugin_script="$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin_script" ] || die "missing $plugin_script: run 'npm ci' first (scripts/setup.sh does)"

install_plugin_script() { # the dynamic-provider plugin comes from the installed @pulumi/pulumi
  cp "$plugin_script" "$1/pulumi-resource-pulumi-nodejs.tmp"
  chmod +x "$1/pulumi-resource-pulumi-nodejs.tmp"
  mv "$1/pulumi-resource-pulumi-nodejs.tmp" "$1/pulumi-resource-pulumi-nodejs"
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# 1. A pulumi already on PATH (outside our own cache).
if [ -z "${CHAT_MEMBERS_BUILD_PULUMI:-}" ] && sys_pulumi="$(command -v pulumi 2>/dev/null)"; then
  sys_pulumi="$(readlink -f "$sys_pulumi")"
  case "$sys_pulumi" in "$cache_root"/*) ;; *)
    sys_version="$("$sys_pulumi" version 2>/dev/null | sed 's/^v//')" || sys_version=""
    sys_host="$(dirname "$sys_pulumi")/pulumi-language-nodejs"
    [ -x "$sys_host" ] || sys_host="$(command -v pulumi-language-nodejs 2>/dev/null || true)"
    if [ -n "$sys_version" ] && version_ge "$sys_version" "$min_system_version" && [ -n "$sys_host" ]; then
      root="$cache_root/system-v$sys_version"
      mkdir -p "$root/bin"
      ln -sfn "$sys_pulumi" "$root/bin/pulumi"
      ln -sfn "$(readlink -f "$sys_host")" "$root/bin/pulumi-language-nodejs"
      install_plugin_script "$root/bin"
      log "using pulumi v$sys_version from $sys_pulumi"
      echo "$root"
      exit 0
    fi
    log "ignoring pulumi on PATH ($sys_pulumi, version '${sys_version:-?}'): need >= $min_system_version with pulumi-language-nodejs beside it"
  esac
fi

# 2. The cache.
root="$cache_root/pulumi-$cli_version-nodejs-$host_version"
if [ -x "$root/bin/pulumi" ] && [ -x "$root/bin/pulumi-language-nodejs" ]; then
  install_plugin_script "$root/bin"
  log "using cached pulumi $cli_version from $root/bin"
  echo "$root"
  exit 0
fi

# 3. Build.
command -v go >/dev/null 2>&1 || die "no Pulumi CLI found and Go is not installed.
  Install Go >= 1.26 (https://go.dev/dl/) so this script can build the pinned Pulumi $cli_version,
  or install the Pulumi CLI >= $min_system_version (with pulumi-language-nodejs) and put it on PATH."

log "building pulumi $cli_version and pulumi-language-nodejs $host_version from the Go module proxy"
log "into $root/bin — this takes several minutes the first time (about 1.7 GB of Go modules)"
mkdir -p "$cache_root"
staging="$(mktemp -d "$cache_root/.build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin"

build() { # build <module dir> <package> <version> <output>
  local start=$SECONDS
  log "  go build $2@$3 ..."
  (cd "$1" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$3" \
      -o "$4" "$2") 2>&1 | sed 's/^/[pulumi-cli]   /' >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "go build of $2 failed (see above)"
  log "  done in $((SECONDS - start)) s"
}
# Progress: `go build` is silent while it downloads, so say what it is waiting on.
( while sleep 30; do log "  ... still building ($(du -sh "$(go env GOMODCACHE)" 2>/dev/null | cut -f1) of modules so far)"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null; rm -rf "$staging"' EXIT
build "$mod_dir" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$cli_version" "$staging/bin/pulumi"
build "$mod_dir/language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs "$host_version" "$staging/bin/pulumi-language-nodejs"
kill $ticker 2>/dev/null || true
install_plugin_script "$staging/bin"
mkdir -p "$(dirname "$root")"
rm -rf "$root"
mv "$staging" "$root"
trap - EXIT
log "built $("$root/bin/pulumi" version) into $root/bin"
echo "$root"
