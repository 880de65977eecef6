#!/usr/bin/env bash
# The load soak behind `yarn test:soak` (never part of the normal test run).
#   yarn test:soak [--minutes 10] [--apps 500] [--clusters 3] [--interval-seconds 60]
#                  [--commit-every-ms 1000] [--drift-every-ms 2000] [--concurrency 4] [--verbose]
# Runs on PostgreSQL (found or started as `yarn test` does) and stops by itself; the figures are
# printed and written to a JSON file in the temp folder.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../.." && pwd)"

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
cd plugins/gitops-backend
exec yarn backstage-cli package test src/resilience/soak/soak.test.ts --runInBand
