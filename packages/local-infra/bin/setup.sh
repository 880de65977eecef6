#!/usr/bin/env bash
# Brings a machine that has only Node 20+ and npm up to what the portal needs, then gets out of the way.
# Sourced by start.sh and test.sh. Everything it installs stays inside the repo's ignored .cache/ folder
# (Node 22 from the npm registry, a yarn shim for the committed release) or is the project's own
# dependencies; a machine that is already set up passes through in about a second.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CACHE_DIR="$REPO_ROOT/.cache"
mkdir -p "$CACHE_DIR/bin"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

ensure_node() {
  local major
  local pkg="$CACHE_DIR/node22/node_modules/node"
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    export_node_headers
    return
  fi
  if [ ! -x "$pkg/bin/node" ]; then
    log "Node $major found; installing Node 22 LTS into .cache/node22 (once)"
    npm install --prefix "$CACHE_DIR/node22" --no-audit --no-fund --loglevel=error node@22 >&2
  fi
  export PATH="$pkg/bin:$PATH"
  export_node_headers
}

# Native addons (better-sqlite3) must build against the headers of the Node that runs them, not
# download them (no network for that) nor take another Node's from the machine's include folder.
# A standard install keeps them in <prefix>/include/node; the npm `node` package in its platform
# package (node_modules/node-<os>-<arch>/include/node).
export_node_headers() {
  local prefix headers
  # the binary itself: under `yarn run`, the `node` on the PATH is a shim in a temporary folder
  prefix="$(dirname "$(dirname "$(node -p process.execPath)")")"
  if [ -d "$prefix/include/node" ]; then
    headers="$prefix/include/node"
  else
    headers="$(ls -d "$prefix"/node_modules/*/include/node 2>/dev/null | head -n 1 || true)"
  fi
  if [ -n "$headers" ]; then export npm_config_nodedir="${headers%/include/node}"; fi
}

ensure_yarn() {
  local release
  release="$(sed -n 's/^yarnPath: *//p' "$REPO_ROOT/.yarnrc.yml")"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$REPO_ROOT/$release" > "$CACHE_DIR/bin/yarn"
  chmod +x "$CACHE_DIR/bin/yarn"
  export PATH="$CACHE_DIR/bin:$PATH"
  # Yarn does not read npm's configuration: take the registry npm is set up with.
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    local registry
    registry="$(npm config get registry 2>/dev/null || true)"
    [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
  export YARN_ENABLE_TELEMETRY=0
}

dependency_fingerprint() {
  (cd "$REPO_ROOT" && cat yarn.lock package.json packages/*/package.json plugins/*/package.json .yarnrc.yml \
    && node --version) | sha256sum | cut -c1-16
}

ensure_dependencies() {
  local stamp="$CACHE_DIR/install.stamp" want
  want="$(dependency_fingerprint)"
  if [ -d "$REPO_ROOT/node_modules" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return; fi
  log "installing dependencies (a cold install takes a few minutes)"
  (cd "$REPO_ROOT" && yarn install --immutable >&2)
  echo "$want" > "$stamp"
}

# Browser tests and the overview benchmark drive Debian's Chromium; called by the scripts that need it.
ensure_chromium() {
  if [ -x "${GITOPS_CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return; fi
  log "installing Chromium (Debian package)"
  local sudo=sudo
  if [ "$(id -u)" = 0 ]; then sudo=; fi
  $sudo apt-get update -qq >&2 && $sudo apt-get install -y -qq chromium >&2
}

# Go builds the local control plane; its installer puts it in /usr/local/go, which a non-login
# shell may not have on the PATH.
ensure_go_on_path() {
  if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH="$PATH:/usr/local/go/bin"; fi
}

ensure_node
ensure_yarn
ensure_go_on_path
ensure_dependencies
