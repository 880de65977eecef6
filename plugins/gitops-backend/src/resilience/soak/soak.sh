#!/usr/bin/env bash
# The load soak behind `npm run test:soak` (never part of the normal test run).
#   npm run test:soak -- [--minutes 10] [--apps 500] [--clusters 3] [--interval-seconds 60]
#                  [--commit-every-ms 1000] [--drift-every-ms 2000] [--concurrency 4] [--verbose]
# Runs on PostgreSQL (found or started as `yarn test` does) and on one Kubernetes cluster (the
# cluster of GITOPS_CLUSTER_KUBECONFIG, or the local control plane started for the run as `yarn test`
# does); the "clusters" are that one cluster under as many names, each through its own fault proxy
# and with its own namespace. It stops by itself, deletes its namespaces, and prints the figures and
# writes them to a JSON file in the temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"
REPO_ROOT="$ROOT"
CACHE_DIR="$ROOT/.cache"
log() { printf '\033[1m[soak]\033[0m %s\n' "$*" >&2; }
# shellcheck source=../../../../../packages/local-infra/bin/setup.sh
source "$ROOT/packages/local-infra/bin/setup.sh"
# shellcheck source=../../../../../packages/local-infra/bin/cluster.sh
source "$ROOT/packages/local-infra/bin/cluster.sh"

while [ $# -gt 0 ]; do
  case "$1" in
    --verbose) export GITOPS_SOAK_VERBOSE=1; shift; continue ;;
    --*=*) flag="${1%%=*}"; value="${1#*=}"; shift ;;
    --*) flag="$1"; value="${2:?$1 needs a value}"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  case "$flag" in
    --minutes) export GITOPS_SOAK_MINUTES="$value" ;;
    --apps) export GITOPS_SOAK_APPS="$value" ;;
    --clusters) export GITOPS_SOAK_CLUSTERS="$value" ;;
    --interval-seconds) export GITOPS_SOAK_INTERVAL_SECONDS="$value" ;;
    --commit-every-ms) export GITOPS_SOAK_COMMIT_EVERY_MS="$value" ;;
    --drift-every-ms) export GITOPS_SOAK_DRIFT_EVERY_MS="$value" ;;
    --concurrency) export GITOPS_SOAK_CONCURRENCY="$value" ;;
    *) echo "unknown flag: $flag" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
read -r PG_MAJOR PG_URL < <(node packages/local-infra/bin/postgres.js)
export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=$PG_URL"
export BACKSTAGE_TEST_DISABLE_DOCKER=1 CI=true GITOPS_SOAK=1
# one cluster for every cluster name, in a folder of its own (a test run may use .cache/test-cluster
# at the same time); not exec: the EXIT trap stops a control plane started here when the soak ends
ensure_test_cluster soak-cluster
cd plugins/gitops-backend
yarn backstage-cli package test src/resilience/soak/soak.test.ts --runInBand
