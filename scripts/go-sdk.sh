#!/usr/bin/env bash
# A compile check of the googlechat plugin's Go SDK: `pulumi package gen-sdk plugin/schema.json
# --language go` with the pinned CLI, then `go build ./...` and `go vet ./...` of the result
# against the pinned github.com/pulumi/pulumi/sdk/v3 (scripts/pulumi-cli/go-sdk-check/go.mod and
# go.sum). Prints the folder holding the SDK (outside the repo) on stdout; progress on stderr.
#
# The CLI hands gen-sdk to the language host, pulumi-language-go, which the Go module proxy does
# not serve (github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3 is never tagged). So this
# script builds scripts/pulumi-cli/codegen-hosts/go, a host that only generates code, with the
# Go code generator of the CLI release (pkg/v3/codegen/go), cached, and puts it on PATH for gen-sdk
# alone: it runs no Go program, so it is not linked beside pulumi. Needs Go >= 1.26.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
schema="$repo/plugin/schema.json"
cache="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
log() { printf '[go-sdk] %s\n' "$*" >&2; }
die() { printf '[go-sdk] error: %s\n' "$*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "Go >= 1.26 is needed (https://go.dev/dl/)"

gen_mod="$here/pulumi-cli/codegen-hosts"
check_mod="$here/pulumi-cli/go-sdk-check"
cli_version="$(awk '$1=="github.com/pulumi/pulumi/pkg/v3" {print $2}' "$gen_mod/go.mod")"
[ -n "$cli_version" ] || die "cannot read the pinned pkg/v3 version from $gen_mod/go.mod"
root="${CHAT_MEMBERS_PULUMI_ROOT:-$(bash "$here/pulumi-cli.sh")}"
start=$SECONDS

mkdir -p "$cache"
exec 9>"$cache/go-sdk.lock"
flock 9
host_dir="$cache/pulumi-language-go-codegen-$cli_version-$(cat "$gen_mod/go/main.go" "$gen_mod/hostkit/hostkit.go" "$gen_mod/go.sum" | sha256sum | cut -c1-12)"
if [ ! -x "$host_dir/pulumi-language-go" ]; then
  log "building the Go code generator host (pkg/v3/codegen/go $cli_version) into $host_dir"
  mkdir -p "$host_dir"
  (cd "$gen_mod" && CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$cli_version" \
      -o "$host_dir/pulumi-language-go.tmp" ./go) 2>&1 | sed -u 's/^/[go-sdk]   /' >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || die "go build of the Go code generator host failed (see above)"
  mv "$host_dir/pulumi-language-go.tmp" "$host_dir/pulumi-language-go"
fi

out="$cache/go-sdk"
rm -rf "$out"
mkdir -p "$out/home"
(cd "$out" && PATH="$host_dir:$root/bin:$PATH" PULUMI_HOME="$out/home" PULUMI_SKIP_UPDATE_CHECK=true \
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
  "$root/bin/pulumi" package gen-sdk "$schema" --language go --out "$out") 2>&1 |
  grep -v "using pulumi-language-go from \$PATH" >&2 || true
rm -rf "$out/home"
[ -f "$out/go/googlechat/chatMembership.go" ] || die "pulumi package gen-sdk wrote no Go SDK (see above)"
cp "$check_mod/go.mod" "$check_mod/go.sum" "$out/"
log "go build ./... && go vet ./... in $out"
(cd "$out" && GOFLAGS=-mod=readonly go build ./... && GOFLAGS=-mod=readonly go vet ./...) >&2 ||
  die "the generated Go SDK does not compile (see above)"
log "generated and compiled in $((SECONDS - start)) s"
echo "$out"
