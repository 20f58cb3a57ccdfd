#!/usr/bin/env bash
# The virtual environment of the real lm-eval run (lmEvalRun.test.ts):
#   lmEvalVenv.sh   -> prints the venv directory on stdout (logs on stderr)
#
# Built once per hash of tools/modelops/requirements-lm-eval.txt + interpreter version under
# <cache>/venvs/lm-eval-<hash>. Concurrent callers wait on a lock file; a half-built venv is rebuilt.
# pip installs from the local indexes and find-links pip is configured with (read at run time),
# never from a network index. Lines marked "# no-deps" are installed afterwards with --no-deps
# (lm_eval declares dependencies that do not exist here and are not needed for our metrics).
#
# Environment: MODELOPS_PYTHON (interpreter, default /usr/bin/python3.11),
# CHECK_CACHE_DIR (default <repo>/.cache).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../../.." && pwd)"
REQS="$REPO/tools/modelops/requirements-lm-eval.txt"
PYTHON_BASE="${MODELOPS_PYTHON:-/usr/bin/python3.11}"
CACHE="${CHECK_CACHE_DIR:-$REPO/.cache}"

[ -x "$PYTHON_BASE" ] || { echo "lmEvalVenv.sh: interpreter $PYTHON_BASE not found (set MODELOPS_PYTHON)" >&2; exit 1; }
[ -f "$REQS" ] || { echo "lmEvalVenv.sh: $REQS is missing" >&2; exit 1; }

mkdir -p "$CACHE/venvs"
[ -f "$CACHE/.gitignore" ] || echo '*' > "$CACHE/.gitignore"
HASH="$( (cat "$REQS"; "$PYTHON_BASE" -c 'import sys; print(sys.version)') | sha256sum | cut -c1-16)"
VENV="$CACHE/venvs/lm-eval-$HASH"
(
  flock 9
  if [ ! -f "$VENV/.complete" ]; then
    BUILD_START=$(date +%s)
    rm -rf "$VENV"
    "$PYTHON_BASE" -m venv "$VENV"
    mapfile -t PIP_ARGS < <("$VENV/bin/python" "$REPO/test/generated-project/pip_index_args.py")
    WITH_DEPS="$VENV.with-deps.txt"; NO_DEPS="$VENV.no-deps.txt"
    grep -v -- '# no-deps' "$REQS" > "$WITH_DEPS" || true
    grep -- '# no-deps' "$REQS" | sed 's/#.*//' > "$NO_DEPS" || true
    export PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
    if ! "$VENV/bin/python" -m pip install -q "${PIP_ARGS[@]}" -r "$WITH_DEPS" > "$VENV.pip.log" 2>&1 ||
       ! "$VENV/bin/python" -m pip install -q --no-deps "${PIP_ARGS[@]}" -r "$NO_DEPS" >> "$VENV.pip.log" 2>&1; then
      grep -v "is ignored: it is neither a file nor a directory" "$VENV.pip.log" >&2; exit 1
    fi
    touch "$VENV/.complete"
    echo "lm-eval venv built in $(( $(date +%s) - BUILD_START ))s" >&2
  fi
) 9>"$CACHE/venvs/lm-eval-$HASH.lock"
[ -f "$VENV/.complete" ] || { echo "lmEvalVenv.sh: the venv could not be built" >&2; exit 1; }
echo "$VENV"
