#!/usr/bin/env bash
# The README's second command: every test — type check, unit, integration on SQLite and PostgreSQL
# against the upstream Kubernetes control plane (or GITOPS_CLUSTER_KUBECONFIG's cluster), browser tests against the running demo portal,
# and the adopter test (the packed plugins in a new create-app portal) — ending with one "N passed, N failed" line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"
cd "$REPO_ROOT"

read -r PG_MAJOR PG_URL < <(node packages/local-infra/bin/postgres.js)
export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=$PG_URL"
export BACKSTAGE_TEST_DISABLE_DOCKER=1
export CI=true   # jest: no watch mode, no interactive output
RESULTS_DIR="$CACHE_DIR/test-results"
rm -rf "$RESULTS_DIR" && mkdir -p "$RESULTS_DIR"

log "type check (from scratch: it also emits the declarations the API report check and the adopter test's pack read)"
rm -rf dist-types
yarn tsc

log "formatting (prettier --check; \`yarn prettier --write .\` fixes it)"
status=0
formatted=yes
yarn prettier --check . || { status=1; formatted=no; }

log "lint (backstage-cli repo lint: among its rules, no package imports another package's src/)"
linted=yes
yarn backstage-cli repo lint || { status=1; linted=no; }

log "API reports (\`npm run api-reports\` rewrites them after an intended API change)"
reported=yes
bash packages/local-infra/bin/api-reports.sh --ci || { status=1; reported=no; }

log "the cluster every suite runs on"
ensure_test_cluster
KUBE_VERSION="$(test_cluster_version)"
log "kube-apiserver $KUBE_VERSION"

log "control plane tests (Go)"
(cd packages/local-infra/controlplane && go test -trimpath -json ./...) \
  | node packages/local-infra/bin/go-test-report.js "$RESULTS_DIR/go.json" || status=$?

log "unit and integration tests (SQLite and PostgreSQL $PG_MAJOR)"
yarn backstage-cli repo test --json --outputFile="$RESULTS_DIR/jest.json" || status=$?

log "browser tests against the development portal"
RESULTS_DIR="$RESULTS_DIR" bash packages/local-infra/bin/e2e.sh || status=$?

log "the adopter test: the packed plugins in a new create-app portal, set up as the README says"
RESULTS_DIR="$RESULTS_DIR" bash packages/local-infra/bin/adopter-test.sh || status=$?

echo "tested against kube-apiserver $KUBE_VERSION"
[ "$formatted" = yes ] || echo "FAILED formatting: files differ from prettier's style (see above); run yarn prettier --write ."
[ "$linted" = yes ] || echo "FAILED lint: see the problems listed above (yarn backstage-cli repo lint)"
[ "$reported" = yes ] || echo "FAILED API reports: a package's API differs from its report.api.md (see above); run npm run api-reports and commit the reports"
node packages/local-infra/bin/summarize-tests.js "$RESULTS_DIR" || status=$?
exit $status
