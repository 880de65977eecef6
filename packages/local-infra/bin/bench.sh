#!/usr/bin/env bash
# `yarn bench`: the benchmark suite (docs/benchmarks.md), set up like the two README commands:
# Node 22, dependencies and Chromium (the overview scenario) installed when missing, and one
# Kubernetes cluster for the whole run, as `npm test` has: the local control plane, started here and
# stopped when the suite ends, or the cluster GITOPS_CLUSTER_KUBECONFIG names. Arguments pass
# through (`yarn bench --quick`, `yarn bench --only git --runs 3 --no-write`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/cluster.sh"
cd "$REPO_ROOT"
ensure_chromium
# PostgreSQL is the production path the suite measures: start it when it is down (else: SQLite)
if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  node packages/local-infra/bin/postgres.js > /dev/null || log "PostgreSQL is not available: measuring on SQLite"
fi
# its own folder: a test run (.cache/test-cluster) may be going on at the same time
# 10 simulated nodes: the first-sync scenario's largest size runs about 1,700 pods
GITOPS_CLUSTER_NODES="${GITOPS_CLUSTER_NODES:-10}" ensure_test_cluster bench-cluster
# not exec: the EXIT trap of ensure_test_cluster stops the cluster when the suite is done
status=0
node --require @backstage/cli/config/nodeTransform.cjs packages/bench/src/main.ts "$@" || status=$?
exit "$status"
