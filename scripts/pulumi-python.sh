#!/usr/bin/env bash
# Puts `pulumi-language-python`, the Pulumi Python language host (`runtime: python` programs),
# into the bin/ folder of the Pulumi root that scripts/pulumi-cli.sh yields, beside `pulumi`, and
# prints that bin/ folder on stdout. Progress goes to stderr. The pattern of scripts/pulumi-yaml.sh:
#
#   bash scripts/pulumi-python.sh [PULUMI_ROOT]
#
# PULUMI_ROOT defaults to $CHAT_MEMBERS_PULUMI_ROOT, else to what scripts/pulumi-cli.sh prints.
# The host comes from:
#   1. a `pulumi-language-python` beside the pulumi in use or on PATH (outside our own cache);
#   2. else the cache outside the repo, keyed by the pinned versions and the shim's source
#      (no rebuild, no network);
#   3. else a build from the Go module proxy (a minute or two, once, mostly shared with the CLI's
#      modules) of two programs, put in one folder:
#        pulumi-language-python-v3.79.0   the Python language host of sdk/v3 v3.79.0
#                                         (scripts/pulumi-cli/language-python), with its
#                                         pulumi-language-python-exec (the Python script that
#                                         runs the program) beside it;
#        pulumi-language-python           scripts/pulumi-cli/codegen-hosts/python, built against
#                                         the CLI release: it passes the project's runtime
#                                         options to that host and forwards program runs to it,
#                                         and generates code (gen-sdk, import) with the CLI
#                                         release's own Python generator.
# Why: the CLI release's own host (module github.com/pulumi/pulumi/sdk/python/cmd/
# pulumi-language-python/v3, v3.274.1 to match the CLI) is never tagged, so the Go module proxy
# serves no version of it (its version list is empty; @v3.274.1 and @latest: "not available").
# v3.79.0 is the last release that ships a host inside github.com/pulumi/pulumi/sdk/v3 (v3.80.0
# has none). Alone with the pinned CLI it runs no program with `virtualenv` (the CLI sends runtime
# options with each request, that host reads them from flags only: "No module named 'pulumi'")
# and generates nothing (`pulumi package gen-sdk`: "method GeneratePackage not implemented").
# CHAT_MEMBERS_BUILD_PULUMI=1 skips step 1, as it does for scripts/pulumi-cli.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mod_dir="$here/pulumi-cli/language-python"
hosts_dir="$here/pulumi-cli/codegen-hosts"
module=github.com/pulumi/pulumi/sdk/v3

log() { printf '[pulumi-python] %s\n' "$*" >&2; }
die() { printf '[pulumi-python] error: %s\n' "$*" >&2; exit 1; }

host_version="$(awk -v m="$module" '$1=="require" && $2==m {print $3}' "$mod_dir/go.mod")"
[ -n "$host_version" ] || die "cannot read the pinned $module version from $mod_dir/go.mod"
cli_version="$(awk '$1=="github.com/pulumi/pulumi/pkg/v3" {print $2}' "$hosts_dir/go.mod")"
[ -n "$cli_version" ] || die "cannot read the pinned CLI version from $hosts_dir/go.mod"
grep -q "legacyHost = \"pulumi-language-python-$host_version\"" "$hosts_dir/python/main.go" ||
  die "$hosts_dir/python/main.go does not name pulumi-language-python-$host_version (the version in $mod_dir/go.mod)"
shim_hash="$(cat "$hosts_dir/python/main.go" "$hosts_dir/hostkit/hostkit.go" "$hosts_dir/go.sum" | sha256sum | cut -c1-12)"
cache_root="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"

root="${1:-${CHAT_MEMBERS_PULUMI_ROOT:-}}"
[ -n "$root" ] || root="$(bash "$here/pulumi-cli.sh")"
[ -x "$root/bin/pulumi" ] || die "no pulumi in $root/bin: run scripts/pulumi-cli.sh (scripts/setup.sh does)"
bin="$root/bin"

link_host() { # link_host <host binary>: atomically, so parallel test workers may run this
  ln -sfn "$1" "$bin/.pulumi-language-python.$$"
  mv -T "$bin/.pulumi-language-python.$$" "$bin/pulumi-language-python"
  echo "$bin"
}

# 1. A host that came with the pulumi in use, or one on PATH (outside our own cache).
if [ -z "${CHAT_MEMBERS_BUILD_PULUMI:-}" ]; then
  for candidate in "$(dirname "$(readlink -f "$bin/pulumi")")/pulumi-language-python" \
                   "$(command -v pulumi-language-python 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    candidate="$(readlink -f "$candidate")"
    case "$candidate" in "$cache_root"/*) continue ;; esac
    log "using pulumi-language-python from $candidate"
    link_host "$candidate"
    exit 0
  done
fi

# 2. The cache.
host_dir="$cache_root/pulumi-language-python-$cli_version-host$host_version-$shim_hash"
if [ -x "$host_dir/bin/pulumi-language-python" ] && [ -x "$host_dir/bin/pulumi-language-python-exec" ]; then
  log "using cached pulumi-language-python (shim $cli_version, host $host_version) from $host_dir/bin"
  link_host "$host_dir/bin/pulumi-language-python"
  exit 0
fi

# 3. Build.
command -v go >/dev/null 2>&1 || die "no pulumi-language-python found and Go is not installed.
  Install Go >= 1.26 (https://go.dev/dl/) so this script can build pulumi-language-python $host_version,
  or put a pulumi-language-python (shipped with the Pulumi CLI) on PATH."

log "building pulumi-language-python (host $host_version, shim $cli_version) from the Go module proxy into $host_dir/bin"
mkdir -p "$cache_root"
staging="$(mktemp -d "$cache_root/.build-python.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/bin"
start=$SECONDS
build() { # build <module dir> <package> <version> <output>
  (cd "$1" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X $module/go/common/version.Version=$3" -o "$4" "$2") 2>&1 \
    | sed -u 's/^/[pulumi-python]   /' >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "go build of $2 ($3) failed (see above)"
}
build "$mod_dir" "$module/python/cmd/pulumi-language-python" "$host_version" \
  "$staging/bin/pulumi-language-python-$host_version"
build "$hosts_dir" ./python "$cli_version" "$staging/bin/pulumi-language-python"
# The exec shim is a Python script of the same release, in the module's source.
src="$(cd "$mod_dir" && go list -m -f '{{.Dir}}' "$module")"
[ -f "$src/python/cmd/pulumi-language-python-exec" ] || die "no pulumi-language-python-exec in $src/python/cmd"
cp "$src/python/cmd/pulumi-language-python-exec" "$staging/bin/pulumi-language-python-exec"
chmod 755 "$staging/bin/pulumi-language-python-exec"
# Another run may have finished first: then keep its copy.
[ -x "$host_dir/bin/pulumi-language-python-exec" ] || rm -rf "$host_dir"
mv -T "$staging" "$host_dir" 2>/dev/null || rm -rf "$staging"
trap - EXIT
log "built pulumi-language-python (host $host_version, shim $cli_version) in $((SECONDS - start)) s into $host_dir/bin"
link_host "$host_dir/bin/pulumi-language-python"
