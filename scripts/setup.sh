#!/usr/bin/env bash
# Sets up everything the demo and the tests need; fast when already done.
#   - npm dependencies (npm ci, only when node_modules is missing or older than the lockfile),
#     which include Node 24 (the `node@24` package) in node_modules/.bin; npm ci itself runs
#     under a Node >= 22 (scripts/node-runtime.sh), so it prints no engine warnings;
#     plus the package itself, linked by npm (devDependency "file:."), so that programs in this
#     repo and the dynamic-provider plugin resolve it by name, as users' programs do;
#   - the compiled library (dist/);
#   - the Pulumi CLI, language host and dynamic-provider plugin (scripts/pulumi-cli.sh);
#   - the Pulumi YAML language host, linked beside the CLI (scripts/pulumi-yaml.sh);
#   - the Pulumi Python language host, linked beside the CLI (scripts/pulumi-python.sh), and a
#     virtualenv with the `pulumi` Python SDK and the plugin's generated Python SDK
#     (scripts/python-sdk.sh, outside the repo), for `runtime: python` engine tests;
#   - Google's Python client for the emulator tests (scripts/python-env.sh, outside the repo);
#   - moto's S3-compatible server for the S3-backend engine tests (scripts/s3-env.sh, outside the
#     repo).
# Prints `export` lines for the Pulumi root (and the bin/ folder holding pulumi-language-yaml and
# pulumi-language-python, and the Python programs' virtualenv) on stdout when called with --print-env.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
log() { printf '[setup] %s\n' "$*" >&2; }

if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci under a Node this package supports: no engine warnings for a newcomer to puzzle over.
  node_bin="$(bash scripts/node-runtime.sh)"
  log "installing npm dependencies into node_modules/ (npm ci, under node $("$node_bin/node" --version))"
  PATH="$node_bin:$PATH" npm ci --no-audit --no-fund >&2
fi
export PATH="$repo/node_modules/.bin:$PATH"
log "node $(node --version) from $(command -v node)"

if [ -z "${CHAT_MEMBERS_SKIP_BUILD:-}" ]; then
  log "compiling dist/ (tsc -p tsconfig.build.json)"
  tsc -p tsconfig.build.json >&2
fi

log "python client env in $(bash scripts/python-env.sh) (emulator conformance tests)"
log "moto_server at $(bash scripts/s3-env.sh) (S3-backend engine tests)"

pulumi_root="$(bash scripts/pulumi-cli.sh)"
log "pulumi $("$pulumi_root/bin/pulumi" version) in $pulumi_root/bin"
yaml_host_dir="$(bash scripts/pulumi-yaml.sh "$pulumi_root")"
log "pulumi-language-yaml in $yaml_host_dir"
python_host_dir="$(bash scripts/pulumi-python.sh "$pulumi_root")"
log "pulumi-language-python in $python_host_dir"
python_venv="$(CHAT_MEMBERS_PULUMI_ROOT="$pulumi_root" bash scripts/python-sdk.sh venv)"
log "python programs' virtualenv (pulumi, pulumi_googlechat) in $python_venv"
if [ "${1:-}" = "--print-env" ]; then
  echo "export CHAT_MEMBERS_PULUMI_ROOT='$pulumi_root'"
  echo "export CHAT_MEMBERS_YAML_HOST_DIR='$yaml_host_dir'"
  echo "export CHAT_MEMBERS_PYTHON_HOST_DIR='$python_host_dir'"
  echo "export CHAT_MEMBERS_PYTHON_VENV='$python_venv'"
fi
