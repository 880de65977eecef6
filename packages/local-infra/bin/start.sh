#!/usr/bin/env bash
# The README's first command: the development portal on embedded defaults (SQLite, the in-process
# local Git server and the local Kubernetes control plane, demo entities with seeded config repositories).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"
exec yarn backstage-cli repo start "$@"
