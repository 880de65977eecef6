#!/usr/bin/env bash
# Browser tests: starts the development portal (the README's start command) in its own process
# group, waits until both halves answer, runs the Playwright-driven tests in packages/app/e2e-tests
# with Node's test runner, and stops the portal again. Results land in $RESULTS_DIR/e2e.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"
RESULTS_DIR="${RESULTS_DIR:-$CACHE_DIR/test-results}"
mkdir -p "$RESULTS_DIR"

ensure_chromium

# 6443: the portal's own control plane, when no GITOPS_CLUSTER_KUBECONFIG names a cluster
ports="3000 7007 7008"
[ -n "${GITOPS_CLUSTER_KUBECONFIG:-}" ] || ports="$ports 6443"
for port in $ports; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    log "port $port is taken: stop the running portal before the browser tests"; exit 1
  fi
done

# The tests' screenshots (an ignored folder; refresh-screenshots.sh copies them to docs/images):
# only this run's pictures.
rm -rf "$CACHE_DIR/screenshots"

# On a cluster that GITOPS_CLUSTER_KUBECONFIG names (npm test's shared one, or a developer's own),
# the demo applications' namespaces are the portal's doing: the ones that did not exist before the
# run are deleted after it. (The portal's own control plane keeps them in .cache/dev-cluster.)
KUBECTL="${GITOPS_KUBECTL:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}"
created_namespaces=""
if [ -n "${GITOPS_CLUSTER_KUBECONFIG:-}" ] && existing="$("$KUBECTL" --kubeconfig "$GITOPS_CLUSTER_KUBECONFIG" get namespaces -o name 2>/dev/null)"; then
  for ns in $(sed -n 's/^ *namespace: *//p' packages/local-infra/demo/repos/*/gitops.yaml | sort -u); do
    grep -qx "namespace/$ns" <<<"$existing" || created_namespaces="$created_namespaces $ns"
  done
fi

PORTAL_LOG="$RESULTS_DIR/portal.log"
started=$(date +%s)
setsid bash packages/local-infra/bin/start.sh > "$PORTAL_LOG" 2>&1 &
PORTAL_PGID=$!
# TERM the whole group, give it 20 s to close its servers, then KILL: a test run never hangs here
stop_portal() {
  if kill -- "-$PORTAL_PGID" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 -- "-$PORTAL_PGID" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$PORTAL_PGID" 2>/dev/null || true
    wait "$PORTAL_PGID" 2>/dev/null || true
  fi
  if [ -n "$created_namespaces" ]; then
    # shellcheck disable=SC2086 # one argument per namespace
    "$KUBECTL" --kubeconfig "$GITOPS_CLUSTER_KUBECONFIG" delete namespace $created_namespaces \
      --ignore-not-found --wait=false > /dev/null || log "could not delete the demo namespaces:$created_namespaces"
  fi
}
trap stop_portal EXIT

wait_for() {
  for _ in $(seq 1 240); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$PORTAL_PGID" 2>/dev/null || { log "the portal exited; its log:"; tail -50 "$PORTAL_LOG" >&2; return 1; }
    sleep 1
  done
  log "$1 did not answer within 240 s"; tail -50 "$PORTAL_LOG" >&2; return 1
}
wait_for http://localhost:7007/api/gitops/health
wait_for http://localhost:3000
log "portal up in $(( $(date +%s) - started )) s"

# The development backend restarts itself when a source file it loaded changes, which empties its
# in-memory database: the tests read this log to tell such a restart from a product failure.
restarts() { grep -c 'Change detected, restarting' "$PORTAL_LOG" || true; }
restarts_before=$(restarts)
export GITOPS_E2E_PORTAL_LOG="$PORTAL_LOG"
status=0
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./packages/local-infra/bin/json-test-reporter.mjs --test-reporter-destination="$RESULTS_DIR/e2e.json" \
  packages/app/e2e-tests/*.e2e.mjs || status=$?
restarted=$(( $(restarts) - restarts_before ))
if [ "$restarted" -gt 0 ]; then
  log "the backend restarted $restarted time(s) during the browser tests (a source file changed): results may not be meaningful, run them again"
fi
exit "$status"
