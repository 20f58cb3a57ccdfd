#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL server for tests: initdb into the git-ignored
# .cache/postgres/ (or a private temporary directory when the postgres user cannot reach the
# clone, e.g. under /root), listen on a free 127.0.0.1 port, trust authentication, no Docker.
# Used by the model catalog backend's Jest globalSetup and by scripts/with-postgres.sh.
#
#   scripts/test-postgres.sh start [<owner-pid>]
#       Prints two lines on stdout:
#         BACKSTAGE_TEST_DATABASE_POSTGRES<major>_CONNECTION_STRING=postgresql://...
#         TEST_POSTGRES_DIR=<data directory>
#       With <owner-pid>, a watchdog stops the server and deletes its data once that process
#       is gone, so a test run that is killed leaves no server behind.
#   scripts/test-postgres.sh stop <data directory>
#
# Needs Debian's postgresql package (/usr/lib/postgresql/<major>/bin); when running as root
# and it is missing, it is installed with apt-get. As root, the server runs as `postgres`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data_root="$repo_root/.cache/postgres"

find_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

run_as_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_server() {
  local dir="$1"
  case "$dir" in
    "$data_root"/run.* | "${TMPDIR:-/tmp}"/test-postgres.*) ;;
    *)
      echo "test-postgres: refusing to stop '$dir': not a directory this script created" >&2
      exit 2
      ;;
  esac
  local pg_bin
  pg_bin="$(cat "$dir/pg_bin" 2>/dev/null || find_pg_bin)"
  if [ -n "$pg_bin" ] && [ -d "$dir/pgdata" ]; then
    run_as_pg "$pg_bin/pg_ctl" -D "$dir/pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

start_server() {
  local owner_pid="${1:-}"
  local pg_bin
  pg_bin="$(find_pg_bin)"
  if [ -z "$pg_bin" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "test-postgres: installing Debian's postgresql package" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    pg_bin="$(find_pg_bin)"
  fi
  if [ -z "$pg_bin" ]; then
    echo "test-postgres: PostgreSQL not found; install it with: apt-get install postgresql" >&2
    exit 1
  fi
  local major
  major="$(basename "$(dirname "$pg_bin")")"

  # One directory per run so parallel runs (other checkouts, other helpers) do not collide.
  mkdir -p "$data_root"
  local dir
  dir="$(mktemp -d "$data_root/run.XXXXXX")"
  if [ "$(id -u)" = "0" ]; then
    chown postgres: "$dir"
    chmod 700 "$dir"
    # A clone under a private home (/root is 0700) is out of the postgres user's reach.
    if ! runuser -u postgres -- test -w "$dir"; then
      rm -rf "$dir"
      dir="$(mktemp -d "${TMPDIR:-/tmp}/test-postgres.XXXXXX")"
      chown postgres: "$dir"
      chmod 700 "$dir"
      echo "test-postgres: $data_root is not reachable by the postgres user; using $dir" >&2
    fi
  fi
  echo "$pg_bin" >"$dir/pg_bin"

  if ! run_as_pg "$pg_bin/initdb" -D "$dir/pgdata" -U postgres -A trust -E UTF8 \
    --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    stop_server "$dir"
    exit 1
  fi

  # A free port can be taken between choosing and binding it: try a few.
  local port started=""
  for _ in 1 2 3; do
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
    # Trust authentication on 127.0.0.1 only: a throwaway server for tests, reachable from
    # this machine alone, deleted when the tests end. Durability is switched off for speed.
    if run_as_pg "$pg_bin/pg_ctl" -D "$dir/pgdata" -w -t 30 -l "$dir/server.log" \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "test-postgres: the server did not start; its log:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    stop_server "$dir"
    exit 1
  fi

  if [ -n "$owner_pid" ]; then
    # Detached, with no stdio of the caller: whoever reads our stdout sees it end now.
    setsid bash -c '
      while kill -0 "$1" 2>/dev/null; do sleep 2; done
      exec bash "$2" stop "$3"
    ' watchdog "$owner_pid" "${BASH_SOURCE[0]}" "$dir" </dev/null >/dev/null 2>&1 &
  fi

  echo "BACKSTAGE_TEST_DATABASE_POSTGRES${major}_CONNECTION_STRING=postgresql://postgres:postgres@127.0.0.1:$port/postgres"
  echo "TEST_POSTGRES_DIR=$dir"
}

case "${1:-}" in
  start) start_server "${2:-}" ;;
  stop)
    if [ -z "${2:-}" ]; then
      echo "usage: $0 stop <data directory>" >&2
      exit 2
    fi
    stop_server "$2"
    ;;
  *)
    echo "usage: $0 start [<owner-pid>] | stop <data directory>" >&2
    exit 2
    ;;
esac
