#!/usr/bin/env bash
# npm start: builds the frontend when needed, then runs the local Backstage backend, which
# serves the frontend and the APIs on one port (app.baseUrl = backend.baseUrl in app-config.yaml).
#
# Usage (through the toolchain): bash scripts/toolchain.sh bash scripts/start.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/build-app.sh
echo "start: open http://localhost:7007 once the backend reports 'Plugin initialization complete' (about half a minute)" >&2
exec yarn workspace backend start
