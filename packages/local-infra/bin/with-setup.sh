#!/usr/bin/env bash
# Runs one command after the setup step (Node 22, the committed Yarn, dependencies), so every
# `npm run <script>` works on a fresh machine whose PATH has only Node 20+ and npm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$REPO_ROOT"
exec "$@"
