#!/usr/bin/env bash
# `npm run pack:plugins -- <folder>`: builds and packs every publishable package (each non-private
# workspace under plugins/) the way it would be published: type declarations (yarn tsc), then per
# package `backstage-cli package build` and `yarn pack`, whose prepack points the manifest at dist/
# and whose workspace ranges become versions. Writes <folder>/<scope>-<name>.tgz (no version in the
# name, so a portal's resolutions keep pointing at the newest pack) and prints one line per package.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
out="${1:?usage: npm run pack:plugins -- <folder for the .tgz files>}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$REPO_ROOT"
pack_log="$(mktemp)"
trap 'rm -f "$pack_log"' EXIT

log "type declarations (yarn tsc)"
yarn tsc

for dir in plugins/*/; do
  dir="${dir%/}"
  read -r name private < <(node -p 'const p = require("./'"$dir"'/package.json"); `${p.name} ${p.private === true}`')
  [ "$private" = false ] || continue
  file="$out/$(echo "${name#@}" | tr / -).tgz"
  log "$name: build and pack"
  if ! (cd "$dir" && yarn backstage-cli package build && yarn pack --out "$file") > "$pack_log" 2>&1; then
    cat "$pack_log" >&2
    log "$name did not build or pack (output above)"
    exit 1
  fi
  echo "$name $file"
done
