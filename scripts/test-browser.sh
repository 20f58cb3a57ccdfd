#!/usr/bin/env bash
# Runs only the browser tests (test/src/browser): npm run test:browser
# npm test runs them too, as part of the test workspace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/browser-test-setup.sh
cd test
CI=true exec yarn backstage-cli package test src/browser "$@"
