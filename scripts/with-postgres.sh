#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (scripts/test-postgres.sh): initdb into a
# git-ignored directory, start it on a free 127.0.0.1 port, export the connection string that
# Backstage's TestDatabases reads (BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING),
# run the command, then stop the server and delete its data. No Docker needed.
#
# `npm test` does not need it: the model catalog backend's Jest globalSetup starts its own
# server. It is for running other commands against PostgreSQL by hand.
#
# Usage: scripts/with-postgres.sh <command> [args...]
#   e.g. scripts/with-postgres.sh bash scripts/toolchain.sh bash -c \
#          'cd plugins/model-catalog-backend && CI=true yarn backstage-cli package test'
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

started="$(bash "$script_dir/test-postgres.sh" start $$)"
data_dir="$(printf '%s\n' "$started" | sed -n 's/^TEST_POSTGRES_DIR=//p')"
connection="$(printf '%s\n' "$started" | grep '^BACKSTAGE_TEST_DATABASE_POSTGRES')"

cleanup() {
  bash "$script_dir/test-postgres.sh" stop "$data_dir" || true
}
trap cleanup EXIT INT TERM

export "${connection?}"
echo "with-postgres: ${connection%%=*} points at a throwaway server" >&2

set +e
"$@"
status=$?
set -e
exit $status
