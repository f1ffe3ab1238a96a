#!/usr/bin/env bash
# The Python SDK of the googlechat plugin (`pulumi_googlechat`), generated from plugin/schema.json,
# built into a wheel and installed, with the `pulumi` Python SDK, into a virtual environment for
# running Python programs. Everything lives outside the repo, keyed by what it is made from;
# a second run only checks marker files.
#
#   bash scripts/python-sdk.sh [venv]   prints the virtual environment (pulumi + pulumi_googlechat)
#   bash scripts/python-sdk.sh wheel    prints the wheel, pulumi_googlechat-<version>-py3-none-any.whl
#
# Steps, each cached:
#   1. the generated sources: `pulumi package gen-sdk plugin/schema.json --language python`, the
#      pinned CLI with its Python language host (scripts/pulumi-python.sh, whose code generator is
#      the CLI release's own): a pyproject.toml at the schema's version, typed Args classes and
#      TypedDicts, py.typed;
#   2. the wheel, built by pip with a pinned setuptools (no network after the first run);
#   3. the virtual environment: pulumi==$PULUMI_PY_VERSION from PyPI and the wheel.
# $CHAT_MEMBERS_CACHE or $XDG_CACHE_HOME move the cache; $PYTHON picks the interpreter (>= 3.9).
# Jest workers may ask at the same time: one builds, the others wait (flock) and reuse it.
set -euo pipefail
PULUMI_PY_VERSION=3.272.0 # the newest `pulumi` on PyPI; the CLI is 3.274.1, which PyPI lacks
SETUPTOOLS_VERSION=80.9.0 # builds the wheel (the generated pyproject asks for setuptools >= 61)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
schema="$repo/plugin/schema.json"
cache="${CHAT_MEMBERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-googlechat-members}"
log() { printf '[python-sdk] %s\n' "$*" >&2; }
die() { printf '[python-sdk] error: %s\n' "$*" >&2; exit 1; }
what="${1:-venv}"
case "$what" in venv | wheel) ;; *) die "unknown argument '$what' (usage: python-sdk.sh [venv|wheel])" ;; esac

hash() { sha256sum "$@" | sha256sum | cut -c1-16; }
version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' "$schema" | head -n1)"
[ -n "$version" ] || die "no version in $schema"
root="${CHAT_MEMBERS_PULUMI_ROOT:-$(bash "$here/pulumi-cli.sh")}"
bin="$(bash "$here/pulumi-python.sh" "$root")"

mkdir -p "$cache"
exec 9>"$cache/python-sdk.lock"
flock 9

python="${PYTHON:-python3}"
if ! "$python" -c 'import sys, venv; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  die "needs Python >= 3.9 with the venv module (set PYTHON=...); found: $("$python" --version 2>&1 || echo none)"
fi

# 1 and 2. The sources and the wheel, keyed by the schema, the CLI and the language host.
sdk="$cache/python-sdk-$version-$(hash "$schema" "$(readlink -f "$bin/pulumi")" "$(readlink -f "$bin/pulumi-language-python")")"
wheel="$sdk/dist/pulumi_googlechat-$version-py3-none-any.whl"
if [ ! -f "$sdk/.complete" ]; then
  start=$SECONDS
  rm -rf "$sdk"
  mkdir -p "$sdk/home"
  # An empty Pulumi home: gen-sdk needs no plugin, and must not download one.
  (cd "$sdk" && PATH="$bin:$PATH" PULUMI_HOME="$sdk/home" PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
    "$bin/pulumi" package gen-sdk "$schema" --language python --out "$sdk/gen") >&2 ||
    die "pulumi package gen-sdk failed (see above)"
  rm -rf "$sdk/home"
  src="$sdk/gen/python"
  # gen-sdk writes the README into the package; pyproject.toml reads it beside itself.
  cp "$src/pulumi_googlechat/README.md" "$src/README.md"
  grep -q "^  version = \"$version\"$" "$src/pyproject.toml" || die "generated pyproject.toml is not at version $version"
  builder="$cache/pybuild-setuptools$SETUPTOOLS_VERSION"
  if [ ! -f "$builder/.complete" ]; then
    rm -rf "$builder"
    "$python" -m venv "$builder"
    "$builder/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      "setuptools==$SETUPTOOLS_VERSION" >&2
    touch "$builder/.complete"
  fi
  "$builder/bin/python" -m pip wheel --quiet --disable-pip-version-check --no-input --no-deps \
    --no-build-isolation --wheel-dir "$sdk/dist" "$src" >&2
  [ -f "$wheel" ] || die "pip wheel made no $wheel"
  touch "$sdk/.complete"
  log "generated and built $(basename "$wheel") in $((SECONDS - start)) s"
fi
if [ "$what" = wheel ]; then
  echo "$wheel"
  exit 0
fi

# 3. The virtual environment, keyed by the pulumi version and the wheel.
env="$cache/pyprogram-pulumi$PULUMI_PY_VERSION-$(hash "$wheel")"
if [ ! -f "$env/.complete" ]; then
  start=$SECONDS
  log "creating $env (pulumi==$PULUMI_PY_VERSION, $(basename "$wheel"))"
  rm -rf "$env"
  "$python" -m venv "$env"
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    "pulumi==$PULUMI_PY_VERSION" "$wheel" >&2
  "$env/bin/python" -c 'import pulumi, pulumi_googlechat' >&2
  touch "$env/.complete"
  log "  in $((SECONDS - start)) s"
fi
echo "$env"
