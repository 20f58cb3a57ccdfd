#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: initdb into a git-ignored directory,
# start it on a free 127.0.0.1 port, export the connection string that Backstage's
# TestDatabases reads (BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING), run the
# command, then stop the server and delete its data. No Docker needed.
#
# Needs Debian's postgresql package (apt-get install postgresql); when running as root and it
# is missing, it is installed. As root, the server runs as the `postgres` user.
#
# Usage: scripts/with-postgres.sh <command> [args...]
#   e.g. scripts/with-postgres.sh bash scripts/toolchain.sh bash -c \
#          'cd plugins/model-catalog-backend && CI=true yarn backstage-cli package test'
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_bin="$(find_pg_bin)"
if [ -z "$pg_bin" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "with-postgres: installing Debian's postgresql package" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    pg_bin="$(find_pg_bin)"
  fi
fi
if [ -z "$pg_bin" ]; then
  echo "with-postgres: PostgreSQL not found; install it with: apt-get install postgresql" >&2
  exit 1
fi
major="$(basename "$(dirname "$pg_bin")")"

# .cache/ is git-ignored; one directory per run so parallel runs do not collide.
data_root="$repo_root/.cache/postgres"
mkdir -p "$data_root"
data_dir="$(mktemp -d "$data_root/run.XXXXXX")"

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "$(id -u)" = "0" ]; then
  chown postgres: "$data_dir"
  chmod 700 "$data_dir"
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"

cleanup() {
  run_as_pg "$pg_bin/pg_ctl" -D "$data_dir/pgdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data_dir"
}
trap cleanup EXIT INT TERM

# Trust authentication on 127.0.0.1 only: a throwaway server for tests, reachable from this
# machine alone, deleted when the command ends.
run_as_pg "$pg_bin/initdb" -D "$data_dir/pgdata" -U postgres -A trust -E UTF8 >/dev/null
run_as_pg "$pg_bin/pg_ctl" -D "$data_dir/pgdata" -w -l "$data_dir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null

export "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $major on 127.0.0.1:$port (BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING)" >&2

set +e
"$@"
status=$?
set -e
exit $status
