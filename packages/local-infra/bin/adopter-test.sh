#!/usr/bin/env bash
# `npm run test:adopter` (and the last step of `npm test`): the adopter test of packages/adopter-test.
# Packs the publishable packages, installs them into a new create-app portal (made once, cached in
# ${XDG_CACHE_HOME:-~/.cache}/gitops-for-backstage/adopter), wires and configures it with the README's
# code blocks, and runs its backend on PostgreSQL against the test kit's cluster and Git server
# (the cluster of GITOPS_CLUSTER_KUBECONFIG when set). One result entry per check in
# $RESULTS_DIR/adopter.json. Extra arguments pass through (--readme <file> tries another README).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"

read -r _ PG_URL < <(node packages/local-infra/bin/postgres.js)
RESULTS_DIR="${RESULTS_DIR:-$CACHE_DIR/test-results}"
ADOPTER_CACHE="${GITOPS_ADOPTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gitops-for-backstage/adopter}"
mkdir -p "$RESULTS_DIR" "$ADOPTER_CACHE"

# one adopter test at a time per machine: the cached portal is shared by every clone
exec 9> "$ADOPTER_CACHE/lock"
if ! flock -n 9; then
  log "another adopter test is using $ADOPTER_CACHE; waiting for it"
  flock 9
fi

node --require @backstage/cli/config/nodeTransform.cjs packages/adopter-test/src/main.ts \
  --postgres "$PG_URL" --cache "$ADOPTER_CACHE" --results "$RESULTS_DIR/adopter.json" "$@"
