#!/usr/bin/env bash
# The virtual environment of a rendered AI golden path project, with its exact pins:
#   venv.sh <rendered-project-dir>      -> prints the venv directory on stdout (logs on stderr)
#
# Built once per hash of requirements.lock + requirements-dev.lock + interpreter version under
# <cache>/venvs/<hash>, shared by every combination, every run of check-project.sh and the serving
# bench (bench/serving.sh). Concurrent callers wait on a lock file; a half-built venv (interrupted
# run) is rebuilt. pip installs from the locations pip is configured with, read at run time: when
# they include local indexes (file:// URLs) those become the only indexes, so pip does not wait on
# an unreachable network index.
#
# Environment: CHECK_PYTHON (interpreter for the venv, default /usr/bin/python3.11),
# CHECK_CACHE_DIR (default <repo>/.cache).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PROJECT="${1:?usage: venv.sh <rendered-project-dir>}"
PROJECT="$(cd "$PROJECT" && pwd)"
PYTHON_BASE="${CHECK_PYTHON:-/usr/bin/python3.11}"
CACHE="${CHECK_CACHE_DIR:-$REPO/.cache}"

[ -x "$PYTHON_BASE" ] || { echo "venv.sh: interpreter $PYTHON_BASE not found (set CHECK_PYTHON)" >&2; exit 1; }
for file in requirements.lock requirements-dev.lock; do
  [ -f "$PROJECT/$file" ] || { echo "venv.sh: $file is missing from $PROJECT" >&2; exit 1; }
done

mkdir -p "$CACHE/venvs"
[ -f "$CACHE/.gitignore" ] || echo '*' > "$CACHE/.gitignore"   # never committed
HASH="$( (cat "$PROJECT/requirements.lock" "$PROJECT/requirements-dev.lock"; "$PYTHON_BASE" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)"
VENV="$CACHE/venvs/$HASH"
(
  flock 9
  if [ ! -f "$VENV/.complete" ]; then
    BUILD_START=$(date +%s)
    rm -rf "$VENV"   # a half-built venv from an interrupted run
    "$PYTHON_BASE" -m venv "$VENV"
    mapfile -t PIP_ARGS < <("$VENV/bin/python" "$HERE/pip_index_args.py")
    if ! PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install -q --no-deps \
      "${PIP_ARGS[@]}" -r "$PROJECT/requirements.lock" -r "$PROJECT/requirements-dev.lock" > "$VENV.pip.log" 2>&1; then
      grep -v "is ignored: it is neither a file nor a directory" "$VENV.pip.log" >&2; exit 1
    fi
    # The lock must be complete: every dependency pinned, nothing missing.
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip check >&2 || exit 1
    touch "$VENV/.complete"
    echo "venv built in $(( $(date +%s) - BUILD_START ))s" >&2
  fi
) 9>"$CACHE/venvs/$HASH.lock"
[ -f "$VENV/.complete" ] || { echo "venv.sh: the venv could not be built" >&2; exit 1; }
echo "$VENV"
