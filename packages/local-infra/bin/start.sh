#!/usr/bin/env bash
# The README's first command: the development portal on embedded defaults (SQLite, the in-process
# local Git server and the local Kubernetes control plane, demo entities with seeded config repositories).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"
# The local control plane is built here, before the backend starts it (unless another cluster is named).
if [ -z "${GITOPS_CLUSTER_KUBECONFIG:-}" ]; then bash packages/local-infra/controlplane/build.sh > /dev/null; fi
exec yarn backstage-cli repo start "$@"
