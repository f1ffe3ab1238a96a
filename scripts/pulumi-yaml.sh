#!/usr/bin/env bash
# Puts `pulumi-language-yaml`, the Pulumi YAML language host (`runtime: yaml` programs), into
# the bin/ folder of the Pulumi root that scripts/pulumi-cli.sh yields, beside `pulumi`, and
# prints that bin/ folder on stdout. Progress goes to stderr.
#
#   bash scripts/pulumi-yaml.sh [PULUMI_ROOT]
#
# PULUMI_ROOT defaults to $CHAT_MEMBERS_PULUMI_ROOT, else to what scripts/pulumi-cli.sh prints.
# That bin/ folder is one this repo owns in both cases (the cached CLI's own, or the folder of
# links made for a pulumi on PATH), so the host is linked there, and the engine finds it:
#   - the Automation API (`PulumiCommand.get({root})`) and engine-harness's runPulumi put
#     <root>/bin first on PATH, where the CLI looks for language hosts;
#   - a cached CLI also takes it as a bundled plugin, beside its own executable.
# Anything else running pulumi itself prepends the printed folder to PATH.
#
# The host itself comes from:
#   1. a `pulumi-language-yaml` beside the pulumi in use or on PATH (outside our own cache);
#   2. else the cache outside the repo, keyed by the pinned version (no rebuild, no network);
#   3. else a build of the pinned release from the Go module proxy (2 to 5 minutes, once).
# The pinned version is written once: in scripts/pulumi-cli/language-yaml/go.mod.
# CHAT_MEMBERS_BUILD_PULUMI=1 skips step 1, as it does for scripts/pulumi-cli.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod_dir="$here/pulumi-cli/language-yaml"

log() { printf '[pulumi-yaml] %s\n' "$*" >&2; }
die() { printf '[pulumi-yaml] error: %s\n' "$*" >&2; exit 1; }

yaml_version="$(awk '$1=="require" && $2=="github.com/pulumi/pulumi-yaml" {print $3}' "$mod_dir/go.mod")"
[ -n "$yaml_version" ] || die "cannot read the pinned pulumi-yaml version from $mod_dir/go.mod"
cache_root="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"

root="${1:-${CHAT_MEMBERS_PULUMI_ROOT:-}}"
[ -n "$root" ] || root="$(bash "$here/pulumi-cli.sh")"
[ -x "$root/bin/pulumi" ] || die "no pulumi in $root/bin: run scripts/pulumi-cli.sh (scripts/setup.sh does)"
bin="$root/bin"

link_host() { # link_host <host binary>: atomically, so parallel test workers may run this
  ln -sfn "$1" "$bin/.pulumi-language-yaml.$$"
  mv -T "$bin/.pulumi-language-yaml.$$" "$bin/pulumi-language-yaml"
  echo "$bin"
}

# 1. A host that came with the pulumi in use, or one on PATH (outside our own cache).
if [ -z "${CHAT_MEMBERS_BUILD_PULUMI:-}" ]; then
  for candidate in "$(dirname "$(readlink -f "$bin/pulumi")")/pulumi-language-yaml" \
                   "$(command -v pulumi-language-yaml 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    candidate="$(readlink -f "$candidate")"
    case "$candidate" in "$cache_root"/*) continue ;; esac
    log "using pulumi-language-yaml from $candidate"
    link_host "$candidate"
    exit 0
  done
fi

# 2. The cache.
host_dir="$cache_root/pulumi-language-yaml-$yaml_version"
if [ -x "$host_dir/bin/pulumi-language-yaml" ]; then
  log "using cached pulumi-language-yaml $yaml_version from $host_dir/bin"
  link_host "$host_dir/bin/pulumi-language-yaml"
  exit 0
fi

# 3. Build.
command -v go >/dev/null 2>&1 || die "no pulumi-language-yaml found and Go is not installed.
  Install Go >= 1.26 (https://go.dev/dl/) so this script can build pulumi-yaml $yaml_version,
  or put a pulumi-language-yaml (shipped with the Pulumi CLI) on PATH."

log "building pulumi-language-yaml $yaml_version from the Go module proxy into $host_dir/bin"
log "this takes 2 to 5 minutes the first time (about 420 MB of Go modules, most shared with the CLI)"
mkdir -p "$cache_root"
staging="$(mktemp -d "$cache_root/.build-yaml.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin"
# Progress: `go build` is silent while it downloads, so say that it is still going.
( while sleep 30; do log "  ... still building"; done ) &
ticker=$!
trap 'kill $ticker 2>/dev/null; rm -rf "$staging"' EXIT
start=$SECONDS
(cd "$mod_dir" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$yaml_version" \
    -o "$staging/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml) 2>&1 \
  | sed -u 's/^/[pulumi-yaml]   /' >&2
[ "${PIPESTATUS[0]}" -eq 0 ] || die "go build of github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$yaml_version failed (see above)"
kill $ticker 2>/dev/null || true
# Another run may have finished first: then keep its copy.
[ -x "$host_dir/bin/pulumi-language-yaml" ] || rm -rf "$host_dir"
mv -T "$staging" "$host_dir" 2>/dev/null || rm -rf "$staging"
trap - EXIT
log "built pulumi-language-yaml $yaml_version in $((SECONDS - start)) s into $host_dir/bin"
link_host "$host_dir/bin/pulumi-language-yaml"
