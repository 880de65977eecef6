#!/usr/bin/env bash
# Builds the local control plane (upstream etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and the node simulator, in one binary) into the repository's ignored .cache/.
# Rebuilds only when a source or module file changed; prints the binary's path on stdout.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../../.." && pwd)"
OUT_DIR="$REPO_ROOT/.cache/controlplane"
BIN="$OUT_DIR/local-controlplane"
STAMP="$OUT_DIR/build.stamp"

fingerprint() {
  (cd "$HERE" && cat go.mod go.sum ./*.go build.sh && go version) | sha256sum | cut -c1-16
}

# Go's own installer puts it in /usr/local/go; a non-login shell may not have it on the PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then export PATH="$PATH:/usr/local/go/bin"; fi
if ! command -v go >/dev/null 2>&1; then
  echo "local control plane: Go is not on the PATH (the tests and the development portal need Go 1.24+" \
    "to build upstream Kubernetes), or set GITOPS_CLUSTER_KUBECONFIG to use an existing cluster" >&2
  exit 1
fi

want="$(fingerprint)"
if [ -x "$BIN" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$OUT_DIR"
KUBE_VERSION="$(cd "$HERE" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
minor="${KUBE_VERSION#v1.}"
minor="${minor%%.*}"
# What `make` in the Kubernetes repository stamps into its binaries: the API server reports it at
# /version, and kubectl's version-skew check and Helm's capabilities read it from there.
pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
ldflags="$ldflags -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
ldflags="$ldflags -X k8s.io/client-go/pkg/version.gitVersion=$KUBE_VERSION"

echo "local control plane: building Kubernetes $KUBE_VERSION from Go modules (a cold build takes several minutes)" >&2
started=$(date +%s)
(cd "$HERE" && go build -trimpath -ldflags "$ldflags" -o "$BIN.tmp" .)
mv "$BIN.tmp" "$BIN"
echo "$want" > "$STAMP"
echo "local control plane: built in $(( $(date +%s) - started )) s" >&2
echo "$BIN"
