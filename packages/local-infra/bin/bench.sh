#!/usr/bin/env bash
# `yarn bench`: the benchmark suite (docs/benchmarks.md), set up like the two README commands:
# Node 22, dependencies and Chromium (the overview scenario) installed when missing. Arguments pass
# through (`yarn bench --quick`, `yarn bench --only git --runs 3 --no-write`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"
ensure_chromium
# PostgreSQL is the production path the suite measures: start it when it is down (else: SQLite)
if [ -z "${BENCH_POSTGRES_URL:-}" ]; then
  node packages/local-infra/bin/postgres.js > /dev/null || log "PostgreSQL is not available: measuring on SQLite"
fi
exec node --require @backstage/cli/config/nodeTransform.cjs packages/bench/src/main.ts "$@"
