#!/usr/bin/env bash
# Prepares the browser tests (test/src/browser): Debian's Chromium, installed when missing (as
# root, as CI runs), and a current production build of the frontend (scripts/build-app.sh).
# Idempotent and quiet when there is nothing to do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

chromium=/usr/bin/chromium
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "browser-test-setup: $chromium is missing: install Debian's chromium package as root (apt-get install chromium)" >&2
    exit 1
  fi
  # Parallel test runs share one install.
  exec 8>"${TMPDIR:-/tmp}/ai-golden-path-chromium.lock"
  flock 8
  if [ ! -x "$chromium" ]; then
    echo "browser-test-setup: installing Debian's chromium (apt-get, up to two minutes)" >&2
    log="${TMPDIR:-/tmp}/ai-golden-path-chromium-install.log"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >"$log" 2>&1 || {
      cat "$log" >&2
      exit 1
    }
  fi
  exec 8>&-
fi

bash scripts/build-app.sh
