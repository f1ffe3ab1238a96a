#!/usr/bin/env bash
# Packs the `googlechat` resource plugin as a tarball that the Pulumi CLI installs:
#
#   bash scripts/plugin-pack.sh [--no-build] [--out DIR] [--platform OS-ARCH]...
#   pulumi plugin install resource googlechat <version> --file <the tarball>
#
# The tarball is self-contained, apart from Node.js 22+ (`node` on PATH, or PULUMI_GOOGLECHAT_NODE):
#   pulumi-resource-googlechat   the launcher (plugin/), at the root, where the CLI runs it
#   dist/provider/, dist/schema/ the compiled provider (no emulator, no type declarations, no maps)
#   plugin/schema.json           the plugin's schema, as the repo holds it
#   package.json                 this package's name, version and production dependencies, with
#                                @pulumi/pulumi pinned to the devDependency the repo tests with
#   node_modules/                those dependencies, installed by npm from the repo's lockfile
#                                (less type declarations and source maps)
#   package-lock.json            the exact versions installed
# The repo's package-lock.json seeds the install, so the plugin ships the versions the tests ran.
#
#   --no-build          pack dist/ as it is (default: tsc -p tsconfig.build.json first)
#   --out DIR           where the tarball goes (default: dist-plugin/, gitignored)
#   --platform OS-ARCH  name it for that platform, e.g. linux-amd64, darwin-arm64 (repeatable;
#                       default: this machine). The contents are JavaScript only (the script
#                       checks that no native module is bundled), so one build serves every platform.
# Prints the tarball path(s) on stdout; size, time and progress on stderr. KEEP_STAGE=1 keeps the
# staged directory (its path is printed) for inspection.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -d "$repo/node_modules/.bin" ] && export PATH="$repo/node_modules/.bin:$PATH"
log() { printf '[plugin-pack] %s\n' "$*" >&2; }
die() { printf '[plugin-pack] error: %s\n' "$*" >&2; exit 1; }
start=$SECONDS

build=1
out="$repo/dist-plugin"
platforms=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --out) out="${2:?--out needs a directory}"; shift ;;
    --platform) platforms+=("${2:?--platform needs OS-ARCH}"); shift ;;
    *) die "unknown argument '$1' (usage: plugin-pack.sh [--no-build] [--out DIR] [--platform OS-ARCH]...)" ;;
  esac
  shift
done

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os="$(uname -s)" ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
host="$os-$arch"
[ ${#platforms[@]} -gt 0 ] || platforms=("$host")
for p in "${platforms[@]}"; do
  [[ "$p" =~ ^(linux|darwin)-(amd64|arm64)$ ]] || die "platform '$p': expected linux-amd64, linux-arm64, darwin-amd64 or darwin-arm64"
done

cd "$repo"
if [ "$build" = 1 ]; then
  log "compiling dist/ (tsc -p tsconfig.build.json)"
  tsc -p tsconfig.build.json >&2
fi
[ -f dist/provider/plugin/server.js ] || die "dist/provider/plugin/server.js missing: build it (npm run build)"

version="$(node -p 'require("./package.json").version')"
pulumi_version="$(node -p 'require("./package.json").devDependencies["@pulumi/pulumi"]')"
[[ "$pulumi_version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "devDependencies['@pulumi/pulumi'] is '$pulumi_version', not an exact version"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d "${TMPDIR:-/tmp}/plugin-pack.XXXXXX")"
trap '[ -n "${KEEP_STAGE:-}" ] || rm -rf "$stage"' EXIT
root="$stage/root"
[ -z "${KEEP_STAGE:-}" ] || log "staging in $root (kept)"
mkdir -p "$root/dist" "$root/plugin"

# The manifest: production dependencies plus @pulumi/pulumi (a peer dependency of the library,
# which the plugin itself runs on), nothing to build or publish.
node - "$root/package.json" "$pulumi_version" <<'EOF'
const fs = require("node:fs");
const [file, pulumiVersion] = process.argv.slice(2);
const pkg = require("./package.json");
const manifest = {
  name: pkg.name,
  version: pkg.version,
  description: "The googlechat Pulumi resource plugin (pulumi-resource-googlechat), packed by scripts/plugin-pack.sh.",
  license: pkg.license,
  private: true,
  engines: pkg.engines,
  dependencies: { ...pkg.dependencies, "@pulumi/pulumi": pulumiVersion },
};
fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + "\n");
EOF
cp package-lock.json "$root/package-lock.json"

log "npm install --omit=dev (from the lockfile; @pulumi/pulumi@$pulumi_version)"
npm_start=$SECONDS
(cd "$root" && npm install --omit=dev --prefer-offline --ignore-scripts --no-audit --no-fund \
  --loglevel=error >&2) || die "npm install failed (see above)"
log "  npm install: $((SECONDS - npm_start)) s"
installed="$(node -p "require('$root/node_modules/@pulumi/pulumi/package.json').version")"
[ "$installed" = "$pulumi_version" ] || die "installed @pulumi/pulumi $installed, expected $pulumi_version"
# Links to bins of the packages: nothing at runtime uses them, and the plugin tarball has no links.
find "$root/node_modules" -type d -name .bin -prune -exec rm -rf {} +
# Type declarations and source maps, half the bytes: Node.js never reads them when it runs the plugin.
find "$root/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

cp -R dist/provider "$root/dist/provider"
[ -d dist/schema ] && cp -R dist/schema "$root/dist/schema"
find "$root/dist" \( -name '*.d.ts' -o -name '*.map' -o -name '*.tsbuildinfo' \) -delete
cp plugin/schema.json "$root/plugin/schema.json"
cp plugin/pulumi-resource-googlechat "$root/pulumi-resource-googlechat"
chmod 755 "$root/pulumi-resource-googlechat"

# Guards: no credentials, no test files of this repo, no links, no native code.
secrets="$(find "$root" -path "$root/node_modules" -prune -o -type f \( -name '.env*' -o -name '*.pem' \
  -o -name '*.key' -o -name '*.p12' -o -name '*credentials*.json' -o -name 'client_secret*' -o -name '*.test.*' \) -print)"
secrets+="$(find "$root/node_modules" -type f \( -name '.env' -o -name '*.p12' -o -name 'client_secret*.json' \
  -o -name 'application_default_credentials.json' -o -name '.npmrc' \) -print)"
[ -z "$secrets" ] || die "refusing to pack credential-like or test files:
$secrets"
if grep -rlE '"(refresh_token|private_key)"[[:space:]]*:[[:space:]]*"[^"]{8,}' "$root/dist" "$root/plugin" "$root/package.json" >&2; then
  die "refusing to pack: the files above hold a token or a private key"
fi
links="$(find "$root" -type l -print)"
[ -z "$links" ] || die "unexpected symbolic links in the plugin:
$links"
native="$(find "$root" -type f -name '*.node' -print)"
if [ -n "$native" ] && { [ ${#platforms[@]} -gt 1 ] || [ "${platforms[0]}" != "$host" ]; }; then
  die "native modules are bundled, so the tarball only fits this machine:
$native"
fi

# Sanity: the packed launcher starts the packed server far enough to load every module.
node -e '
  process.chdir(process.argv[1]);
  require(process.argv[1] + "/dist/provider/plugin/server.js");
  require(process.argv[1] + "/dist/provider/pulumi/runtime.js");
  process.exit(0);
' "$root" >&2 || die "the packed server does not load (see above)"

tar_opts=()
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime=@0)
fi
entries=()
while IFS= read -r e; do entries+=("$e"); done < <(cd "$root" && ls -A)
first=""
for p in "${platforms[@]}"; do
  file="$out/pulumi-resource-googlechat-v$version-$p.tar.gz"
  if [ -z "$first" ]; then
    tar "${tar_opts[@]}" -C "$root" -czf "$file.tmp" "${entries[@]}"
    first="$file"
  else
    cp "$first" "$file.tmp"
  fi
  mv "$file.tmp" "$file"
  size="$(du -h "$file" | cut -f1)"
  log "$(basename "$file"): $size ($(du -sh "$root" | cut -f1) unpacked, $(find "$root" -type f | wc -l) files)"
  echo "$file"
done
log "packed in $((SECONDS - start)) s; install with:"
log "  pulumi plugin install resource googlechat $version --file $first"
