#!/usr/bin/env bash
# Sourced by test.sh, bench.sh and the soak: one cluster for the whole run. With
# GITOPS_CLUSTER_KUBECONFIG set, that cluster is used as it is (bring your own: kind, k3d, a cloud
# test cluster); otherwise the local control plane is built when its sources changed and started in
# its own process group, stopped when the calling script exits.

# Optional argument: the folder under .cache (default test-cluster), so that the benchmarks and the
# tests can each have a cluster at the same time.
ensure_test_cluster() {
  if [ -n "${GITOPS_CLUSTER_KUBECONFIG:-}" ]; then
    log "using the cluster of GITOPS_CLUSTER_KUBECONFIG=$GITOPS_CLUSTER_KUBECONFIG"
    return
  fi
  local bin dir waited=0
  bin="$(bash "$REPO_ROOT/packages/local-infra/controlplane/build.sh")"
  dir="$CACHE_DIR/${1:-test-cluster}"
  rm -rf "$dir" && mkdir -p "$dir"
  # GITOPS_CLUSTER_NODES: simulated nodes (default 3, 250 pods each); the benchmarks ask for more.
  setsid "$bin" up --data-dir "$dir" --nodes "${GITOPS_CLUSTER_NODES:-3}" --exit-with-parent $$ \
    >"$dir/ready.json" 2>"$dir/supervisor.log" &
  TEST_CLUSTER_PGID=$!
  trap 'stop_test_cluster' EXIT
  until grep -q '"ready":true' "$dir/ready.json" 2>/dev/null; do
    if ! kill -0 "$TEST_CLUSTER_PGID" 2>/dev/null || [ "$waited" -ge 1800 ]; then
      log "the local control plane did not start; its logs are in $dir/logs"
      cat "$dir/supervisor.log" >&2
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  export GITOPS_CLUSTER_KUBECONFIG="$dir/kubeconfig"
  log "local Kubernetes $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).version' "$dir/ready.json") ready in $(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).startupMs' "$dir/ready.json") ms"
}

stop_test_cluster() {
  if [ -n "${TEST_CLUSTER_PGID:-}" ]; then
    kill -- "-$TEST_CLUSTER_PGID" 2>/dev/null || true
    local i
    for i in $(seq 1 100); do
      kill -0 "$TEST_CLUSTER_PGID" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 -- "-$TEST_CLUSTER_PGID" 2>/dev/null || true
    TEST_CLUSTER_PGID=
  fi
}

# The API server's release, as kubectl and Helm read it from /version.
test_cluster_version() {
  node -e '
    const { KubeConfig, VersionApi } = require("@kubernetes/client-node");
    const kc = new KubeConfig(); kc.loadFromFile(process.env.GITOPS_CLUSTER_KUBECONFIG);
    kc.makeApiClient(VersionApi).getCode().then(v => console.log(v.gitVersion), e => { console.log("unknown (" + e.message + ")"); });
  '
}
