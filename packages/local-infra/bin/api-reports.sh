#!/usr/bin/env bash
# API reports of the published packages (report.api.md, report-<entry>.api.md next to each
# package.json), made by API Extractor from the declarations `tsc` emits into dist-types/.
#   api-reports.sh        build the declarations from scratch, then rewrite the reports
#                         (`npm run api-reports`)
#   api-reports.sh --ci   check the reports against the declarations in dist-types/, which must
#                         come from a build from scratch (test.sh's type check makes one)
# From scratch, because an incremental build may print an inferred type's members or union in
# another order (TypeScript orders them by when it first met each type), and the report with it.
# Run through with-setup.sh or after setup.sh (Node 22 and yarn on PATH, dependencies installed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

PACKAGES=(
  plugins/gitops-common
  plugins/gitops-node
  plugins/gitops-backend
  plugins/gitops
  plugins/scaffolder-backend-module-gitops
)

ci=
if [ "${1:-}" = --ci ]; then
  ci=--ci
else
  rm -rf dist-types
  yarn tsc
fi

# ae-wrong-input-file-type: a workspace package's `types` is its src/index.ts (the Backstage
# convention), so API Extractor meets .ts files behind imports of sibling packages and names the
# first one by its absolute path; Backstage's own reports leave the message out the same way.
# Warnings are allowed in plugins/gitops-backend only for its ./testUtils entry (the engine's
# parts for the benchmarks, not a stable API): the check below keeps every other report clean.
yarn backstage-repo-tools api-reports $ci \
  --validate-release-tags \
  --omit-messages ae-wrong-input-file-type \
  --allow-warnings plugins/gitops-backend \
  "${PACKAGES[@]}"

with_warnings="$(grep -l -e '// Warning:' -e '// Warnings were encountered' \
  "${PACKAGES[@]/%//report.api.md}" plugins/gitops/report-alpha.api.md || true)"
if [ -n "$with_warnings" ]; then
  echo "API Extractor warnings in: $with_warnings (see the end of each file)" >&2
  exit 1
fi
