#!/usr/bin/env bash
# Checks a rendered AI golden path project end to end:
#   check-project.sh <rendered-project-dir>
#
# 1. a virtual environment with the project's exact pins (requirements.lock + requirements-dev.lock),
#    built once per lock-file hash under <repo>/.cache/venvs/<hash> and shared by all combinations
#    (venv.sh);
# 2. the project's own tests (pytest; "no tests" counts as a failure), ruff (check + format --check,
#    with the project's pyproject.toml), and the notebooks executed top to bottom (nbconvert);
# 3. training on the sample data, then the evaluation gate (first run: no champion -> promote);
# 4. the service under uvicorn on a free 127.0.0.1 port: /readyz, predictions over HTTP (single,
#    batch, bad input -> 4xx), /metrics, then SIGTERM and a clean shutdown. In external serving
#    mode a fake KServe v2 / OpenAI-compatible server (fake_model_server.py) stands in for the
#    model server.
#
# Registries: training and evaluation here always use the local-directory registry
# (MODEL_REGISTRY_KIND=local); the Kubeflow Model Registry and MLflow REST clients are checked by
# the project's own tests against in-process fakes (tests/test_registry_rest.py).
#
# Environment: CHECK_PYTHON (interpreter for the venv, default /usr/bin/python3.11),
# CHECK_CACHE_DIR (default <repo>/.cache), CHECK_KEEP_WORKDIR=1 (keep the scratch copy).
# The project is copied to a scratch directory first; the rendered directory is left untouched.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PROJECT="${1:?usage: check-project.sh <rendered-project-dir>}"
PROJECT="$(cd "$PROJECT" && pwd)"
PYTHON_BASE="${CHECK_PYTHON:-/usr/bin/python3.11}"
CACHE="${CHECK_CACHE_DIR:-$REPO/.cache}"
START=$(date +%s)

pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; exit 1; }
step() { echo "---- $* ($(( $(date +%s) - START ))s)"; }

[ -x "$PYTHON_BASE" ] || fail "interpreter $PYTHON_BASE not found (set CHECK_PYTHON)"
for file in requirements.lock requirements-dev.lock pyproject.toml common/__init__.py; do
  [ -f "$PROJECT/$file" ] || fail "$file is missing from $PROJECT"
done

# ---- 1. the venv, one per lock-file hash (venv.sh: shared with bench/serving.sh) ---------------
step "venv"
VENV="$(CHECK_PYTHON="$PYTHON_BASE" CHECK_CACHE_DIR="$CACHE" "$HERE/venv.sh" "$PROJECT")" || fail "venv could not be built"
echo "venv: $VENV"
[ -f "$VENV/.complete" ] && pass "venv with the exact pins of requirements.lock" || fail "venv could not be built"
PY="$VENV/bin/python"

# ---- scratch copy of the project ----------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-project.XXXXXX")"
SERVICE_PID=""; FAKE_PID=""
cleanup() {
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null || true
  [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
  if [ "${CHECK_KEEP_WORKDIR:-0}" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
cp -a "$PROJECT/." "$WORK/project"
cd "$WORK/project"
export PYTHONPATH="$WORK/project" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
export MODEL_REGISTRY_KIND=local LOCAL_REGISTRY_DIR="$WORK/registry" ARTIFACTS_DIR="$WORK/artifacts"
export HOME="$WORK" MPLCONFIGDIR="$WORK" OMP_NUM_THREADS=2
unset MODEL_REGISTRY_URL MODEL_CATALOG_INGEST_URL MODEL_DIR || true
SERVING_MODE="$(sed -n 's/^SERVING_MODE = os.environ.get("SERVING_MODE", "\(.*\)")$/\1/p' common/settings.py)"
PROTOCOL="$(sed -n 's/^EXTERNAL_PROTOCOL = os.environ.get("EXTERNAL_PROTOCOL", "\(.*\)")$/\1/p' common/settings.py)"
MODEL_NAME="$(sed -n 's/^MODEL_NAME = os.environ.get("MODEL_NAME", "\(.*\)")$/\1/p' common/settings.py)"
echo "project: $MODEL_NAME, serving $SERVING_MODE${PROTOCOL:+ ($PROTOCOL)}"

# ---- 2. the project's own tests ----------------------------------------------------------------
step "pytest"
set +e
"$PY" -m pytest -p no:cacheprovider -q tests > "$WORK/pytest.log" 2>&1
RC=$?
set -e
tail -n 3 "$WORK/pytest.log"
case $RC in
  0) pass "project tests ($(grep -Eo '[0-9]+ passed' "$WORK/pytest.log" | tail -1))" ;;
  5) fail "project tests: pytest collected no tests" ;;
  *) cat "$WORK/pytest.log"; fail "project tests (pytest exit $RC)" ;;
esac

# ---- lint: the project's own ruff configuration (pyproject.toml) --------------------------------
step "ruff"
"$PY" -m ruff check --no-cache . > "$WORK/ruff.log" 2>&1 || { cat "$WORK/ruff.log"; fail "ruff check"; }
"$PY" -m ruff format --check --no-cache . >> "$WORK/ruff.log" 2>&1 || { cat "$WORK/ruff.log"; fail "ruff format --check"; }
pass "ruff check and ruff format --check"

# ---- the starter notebooks run top to bottom (nbconvert, the venv's own kernel) -----------------
step "notebooks"
NOTEBOOKS=(notebooks/*.ipynb)
[ -e "${NOTEBOOKS[0]}" ] || fail "no notebook in notebooks/"
JUPYTER_PLATFORM_DIRS=1 timeout 300 "$PY" -m nbconvert --to notebook --execute --ExecutePreprocessor.timeout=120 \
  --output-dir "$WORK/notebooks-executed" "${NOTEBOOKS[@]}" > "$WORK/notebooks.log" 2>&1 \
  || { cat "$WORK/notebooks.log"; fail "nbconvert --execute ${NOTEBOOKS[*]}"; }
pass "notebooks execute (${#NOTEBOOKS[@]}: ${NOTEBOOKS[*]})"

# ---- 3. train and evaluate ---------------------------------------------------------------------
step "train"
"$PY" -m training.train > "$WORK/train.log" 2>&1 || { cat "$WORK/train.log"; fail "python -m training.train"; }
[ -f "$WORK/artifacts/metrics.json" ] && [ -f "$WORK/artifacts/candidate.json" ] \
  && pass "training wrote metrics.json and registered $(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$WORK/artifacts/candidate.json")" \
  || fail "training outputs missing"
step "evaluate"
"$PY" -m training.evaluate > "$WORK/evaluate.log" 2>&1 || { cat "$WORK/evaluate.log"; fail "python -m training.evaluate (first run, no champion)"; }
grep -q "^decision: promote" "$WORK/evaluate.log" && [ -f "$LOCAL_REGISTRY_DIR/$MODEL_NAME/champion.json" ] \
  && pass "evaluation: no champion yet -> candidate promoted" || { cat "$WORK/evaluate.log"; fail "evaluation did not promote"; }

# ---- 4. the service ----------------------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
if [ "$SERVING_MODE" = external ]; then
  step "fake $PROTOCOL model server"
  "$PY" "$HERE/fake_model_server.py" --port 0 --port-file "$WORK/fake.port" > "$WORK/fake.log" 2>&1 &
  FAKE_PID=$!
  for _ in $(seq 1 50); do [ -s "$WORK/fake.port" ] && break; sleep 0.1; done
  [ -s "$WORK/fake.port" ] || fail "fake model server did not start"
  export EXTERNAL_MODEL_URL="http://127.0.0.1:$(cat "$WORK/fake.port")"
  pass "fake $PROTOCOL model server at $EXTERNAL_MODEL_URL"
fi
step "serve"
PORT="$(free_port)"
MODEL_RELOAD_SECONDS=2 "$PY" -m uvicorn serving.app:app --host 127.0.0.1 --port "$PORT" --timeout-graceful-shutdown 5 \
  > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
READY=0
for _ in $(seq 1 150); do
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log"; fail "the service exited while starting"; }
  if "$PY" -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$PORT/readyz', timeout=2).status == 200 else 1)" 2>/dev/null; then
    READY=1; break
  fi
  sleep 0.2
done
[ $READY = 1 ] && pass "service ready on 127.0.0.1:$PORT" || { cat "$WORK/service.log"; fail "service not ready within 30 s"; }
"$PY" "$HERE/smoke.py" "http://127.0.0.1:$PORT" "$MODEL_NAME" || { cat "$WORK/service.log"; fail "HTTP checks"; }

step "SIGTERM"
kill -TERM "$SERVICE_PID"
STOPPED=0
for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || { STOPPED=1; break; }; sleep 0.1; done
set +e; wait "$SERVICE_PID"; RC=$?; set -e
SERVICE_PID=""
# uvicorn exits 0 or re-raises the signal (143) after a clean shutdown, depending on its version.
if [ $STOPPED = 1 ] && { [ $RC = 0 ] || [ $RC = 143 ]; } && grep -q "Application shutdown complete" "$WORK/service.log"; then
  pass "service stopped cleanly on SIGTERM"
else
  cat "$WORK/service.log"; fail "service did not stop cleanly on SIGTERM (exit $RC)"
fi
if grep -q "Traceback" "$WORK/service.log"; then cat "$WORK/service.log"; fail "the service log has a traceback"; fi

echo "PASS all checks for $MODEL_NAME in $(( $(date +%s) - START ))s"
