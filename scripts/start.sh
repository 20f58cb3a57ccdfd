#!/usr/bin/env bash
# npm start: builds the frontend when needed, then runs the local Backstage backend, which
# serves the frontend and the APIs on one port (app.baseUrl = backend.baseUrl in app-config.yaml).
#
# Usage (through the toolchain): bash scripts/toolchain.sh bash scripts/start.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build-app.sh
echo "start: open http://localhost:7007 once the backend reports 'Plugin initialization complete' (about half a minute)" >&2
# The built-in model store is in memory: once the backend answers, post the example model's
# versions and evaluations (examples/seed/model-catalog.json) so customer-churn has a model card.
# In the background, so the backend stays this script's process (exec) and gets Ctrl-C directly.
node scripts/seed-local-store.mjs --base-url http://localhost:7007 &
exec yarn workspace backend start
