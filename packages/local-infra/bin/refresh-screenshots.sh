#!/usr/bin/env bash
# Renews the README's pictures: copies the screenshots the browser tests took on their last run
# (.cache/screenshots, ignored) to docs/images. A deliberate step: a test run never changes the
# repository. Run the browser tests first (`npm test`, or `bash packages/local-infra/bin/e2e.sh`),
# look at the pictures, then run this and commit docs/images.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
SOURCE="$REPO_ROOT/.cache/screenshots"
TARGET="$REPO_ROOT/docs/images"

shopt -s nullglob
shots=("$SOURCE"/*.png)
if [ "${#shots[@]}" -eq 0 ]; then
  echo "no screenshots in ${SOURCE#"$REPO_ROOT"/}: run the browser tests first (bash packages/local-infra/bin/e2e.sh)" >&2
  exit 1
fi
mkdir -p "$TARGET"
for shot in "${shots[@]}"; do
  cp "$shot" "$TARGET/"
  echo "docs/images/$(basename "$shot")  ($(date -r "$shot" '+%Y-%m-%d %H:%M'))"
done
# pictures of docs/images that this run did not take (a test failed before its screenshot?)
for image in "$TARGET"/*.png; do
  [ -e "$SOURCE/$(basename "$image")" ] || echo "not refreshed: docs/images/$(basename "$image")" >&2
done
