#!/usr/bin/env bash
# Serving bench: the generated model service against a bare endpoint, same model, same load.
#
#   bash bench/serving.sh [rendered-project-dir]
#
# 1. Renders the golden-path skeleton for sklearn / embedded / local registry (unless a rendered
#    project is given), builds (or reuses) the harness's venv with the project's exact pins
#    (test/generated-project/venv.sh), trains and promotes a model in a scratch directory.
# 2. Serves, with the same uvicorn, the same worker count and the same flags, on 127.0.0.1 only:
#      wrapper: the generated service (`serving.app:app`: validation, metrics, drift window, ...)
#      bare:    bench/serving_bare.py, one async Starlette route calling Model.predict_proba
# 3. Loads each with a real HTTP load generator (wrk; installed with apt-get when missing and root,
#    else autocannon from node_modules) with the same POST /predict body, after a warm-up, in the
#    order bare, wrapper, wrapper, bare (drift on a shared machine cancels out), and prints
#    throughput, p50 and p99 latency per side, and the ratio wrapper/bare. Goal: ratio >= 0.80.
#
# Environment: BENCH_SECONDS (per measured run, default 10), BENCH_WARMUP_SECONDS (3),
# BENCH_CONNECTIONS (10), BENCH_WORKERS (uvicorn workers per side, 1), BENCH_BATCH (instances per
# request, 1), BENCH_ROUNDS (2: each round measures bare and wrapper once), BENCH_LOADGEN
# (wrk|autocannon), BENCH_VALUES (values file, default sklearn-embedded-local), plus the harness's
# CHECK_PYTHON / CHECK_CACHE_DIR. Exit code 0 whatever the ratio (it is a measurement); 1 when the
# bench itself failed (a service did not start, non-2xx answers under load).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP="${BENCH_WARMUP_SECONDS:-3}"
CONNECTIONS="${BENCH_CONNECTIONS:-10}"
WORKERS="${BENCH_WORKERS:-1}"
BATCH="${BENCH_BATCH:-1}"
ROUNDS="${BENCH_ROUNDS:-2}"
VALUES="${BENCH_VALUES:-$REPO/test/generated-project/values/sklearn-embedded-local.json}"

die() { echo "bench: $*" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/bench-serving.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the load generator ------------------------------------------------------------------------
LOADGEN="${BENCH_LOADGEN:-}"
if [ -z "$LOADGEN" ]; then
  if ! command -v wrk > /dev/null && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    echo "installing wrk (apt-get)" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) > "$WORK/apt.log" 2>&1 \
      || echo "bench: apt-get install wrk failed, falling back to autocannon" >&2
  fi
  if command -v wrk > /dev/null; then LOADGEN=wrk; else LOADGEN=autocannon; fi
fi
case "$LOADGEN" in
  wrk) command -v wrk > /dev/null || die "wrk is not installed" ;;
  autocannon) [ -f "$REPO/node_modules/autocannon/autocannon.js" ] || die "autocannon is not in node_modules (yarn install)" ;;
  *) die "BENCH_LOADGEN must be wrk or autocannon" ;;
esac

# ---- the project, its venv, a trained champion -------------------------------------------------
if [ $# -ge 1 ]; then
  PROJECT="$(cd "$1" && pwd)"
else
  echo "rendering $(basename "$VALUES" .json)" >&2
  (cd "$REPO" && BENCH_OUT="$WORK/rendered" BENCH_VALUES_FILE="$VALUES" bash scripts/toolchain.sh node --import tsx -e "
    const { renderTree, writeTree } = require('./plugins/scaffolder-backend-module-ai-golden-path/src/render/renderTree.ts');
    const values = JSON.parse(require('node:fs').readFileSync(process.env.BENCH_VALUES_FILE, 'utf8'));
    renderTree({ sourceDir: 'skeleton', values }).then((files) => writeTree(process.env.BENCH_OUT, files));
  ") > "$WORK/render.log" 2>&1 || { cat "$WORK/render.log" >&2; die "rendering failed"; }
  PROJECT="$WORK/rendered"
fi
VENV="$("$REPO/test/generated-project/venv.sh" "$PROJECT")" || die "no venv"
PY="$VENV/bin/python"

cp -a "$PROJECT/." "$WORK/project"
cd "$WORK/project"
export PYTHONPATH="$WORK/project" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
export MODEL_REGISTRY_KIND=local LOCAL_REGISTRY_DIR="$WORK/registry" ARTIFACTS_DIR="$WORK/artifacts"
export HOME="$WORK" MPLCONFIGDIR="$WORK" OMP_NUM_THREADS=1 MODEL_RELOAD_SECONDS=30
unset MODEL_REGISTRY_URL MODEL_CATALOG_INGEST_URL MODEL_DIR EXTERNAL_MODEL_URL || true
grep -q 'SERVING_MODE", "embedded"' common/settings.py || die "the bench needs an embedded-mode project"
echo "training" >&2
"$PY" -m training.train > "$WORK/train.log" 2>&1 || { cat "$WORK/train.log" >&2; die "training failed"; }
"$PY" -m training.evaluate > "$WORK/evaluate.log" 2>&1 || { cat "$WORK/evaluate.log" >&2; die "evaluation failed"; }

# ---- the two services --------------------------------------------------------------------------
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
UVICORN=(-m uvicorn --host 127.0.0.1 --workers "$WORKERS" --no-access-log --log-level warning)
start() {  # start <name> <app> [--app-dir dir]; sets PORT (not in a subshell: PIDS must stick)
  local name="$1" app="$2"; shift 2
  PORT="$(free_port)"
  "$PY" "${UVICORN[@]}" --port "$PORT" "$@" "$app" > "$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$WORK/$name.log" >&2; die "$name exited while starting"; }
    if "$PY" -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$PORT/readyz', timeout=2).status == 200 else 1)" 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  cat "$WORK/$name.log" >&2; die "$name did not become ready"
}
start wrapper serving.app:app; WRAPPER_PORT="$PORT"; WRAPPER_PID="${PIDS[-1]}"
start bare serving_bare:app --app-dir "$HERE"; BARE_PORT="$PORT"; BARE_PID="${PIDS[-1]}"
# CPU time (user + system, clock ticks) of a server and its worker processes: per request it does
# not depend on what else the machine runs, unlike throughput.
cpu_ticks() {
  "$PY" - "$1" <<'PY'
import os, sys
root, parents, ticks = int(sys.argv[1]), {}, {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = int(fields[11]) + int(fields[12])
tree, changed = {root}, True
while changed:
    grown = tree | {pid for pid, parent in parents.items() if parent in tree}
    changed, tree = grown != tree, grown
print(sum(ticks.get(pid, 0) for pid in tree) * 1000 // os.sysconf("SC_CLK_TCK"))
PY
}

"$PY" - "$BATCH" > "$WORK/body.json" <<'PY'
import json, sys
batch = int(sys.argv[1])
base = {"tenure_months": 3, "monthly_charges": 99.5, "support_calls": 4, "contract": "month-to-month", "senior": False}
contracts = ["month-to-month", "one-year", "two-year"]
print(json.dumps({"instances": [dict(base, tenure_months=i * 7 % 600, contract=contracts[i % 3]) for i in range(batch)]}), end="")
PY
# Same answers from both sides before any load: same number of predictions, same labels.
"$PY" - "$WRAPPER_PORT" "$BARE_PORT" "$WORK/body.json" <<'PY' || die "the two endpoints do not answer alike"
import json, sys, urllib.request
body = open(sys.argv[3], "rb").read()
answers = []
for port in sys.argv[1:3]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/predict", data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, response.status
        answers.append([(p["label"], p["probability"]) for p in json.load(response)["predictions"]])
# The wrapper rounds probabilities to 6 decimals.
assert len(answers[0]) == len(answers[1]), answers
assert all(a[0] == b[0] and abs(a[1] - b[1]) < 1e-5 for a, b in zip(*answers)), answers
PY

# ---- load --------------------------------------------------------------------------------------
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[$(cat "$WORK/body.json")]]
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %.1f %.1f\n", summary.requests, summary.duration, non2xx, errors,
    latency:percentile(50), latency:percentile(99)))
end
LUA
# load <port> <seconds> -> "requests duration_us non2xx errors p50_us p99_us"
load() {
  local url="http://127.0.0.1:$1/predict"
  if [ "$LOADGEN" = wrk ]; then
    wrk -t1 -c"$CONNECTIONS" -d"$2s" -s "$WORK/post.lua" "$url" | sed -n 's/^RESULT //p'
  else
    (cd "$REPO" && bash scripts/toolchain.sh node node_modules/autocannon/autocannon.js -c "$CONNECTIONS" -d "$2" \
      -m POST -H content-type=application/json -i "$WORK/body.json" --json "$url" 2>/dev/null) \
      | "$PY" -c 'import json, sys
r = json.load(sys.stdin)
errors = r["errors"] + r["timeouts"]
print(r["requests"]["total"], int(r["duration"] * 1e6), r["non2xx"], errors, r["latency"]["p50"] * 1000, r["latency"]["p99"] * 1000)'
  fi
}
echo "machine: $(getconf _NPROCESSORS_ONLN) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) before the bench (other load skews both sides)" >&2
echo "load generator: $LOADGEN, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run after ${WARMUP}s warm-up, $ROUNDS rounds, uvicorn workers: $WORKERS, batch: $BATCH" >&2
load "$BARE_PORT" "$WARMUP" > /dev/null
load "$WRAPPER_PORT" "$WARMUP" > /dev/null
: > "$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="bare wrapper"; else order="wrapper bare"; fi
  for side in $order; do
    port="$BARE_PORT"; pid="$BARE_PID"
    [ "$side" = wrapper ] && { port="$WRAPPER_PORT"; pid="$WRAPPER_PID"; }
    cpu_before="$(cpu_ticks "$pid")"
    line="$(load "$port" "$SECONDS_PER_RUN")"
    [ -n "$line" ] || die "no result from $LOADGEN for $side"
    line="$line $(( $(cpu_ticks "$pid") - cpu_before ))"
    echo "$side $line" >> "$WORK/results"
    echo "  round $round $side: $line" >&2
  done
done

for name in wrapper bare; do
  if grep -q "Traceback" "$WORK/$name.log"; then cat "$WORK/$name.log" >&2; die "the $name service log has a traceback"; fi
done

"$PY" - "$WORK/results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
out, failed = {}, False
for side in ("bare", "wrapper"):
    mine = [[float(x) for x in row[1:]] for row in rows if row[0] == side]
    requests = sum(r[0] for r in mine)
    seconds = sum(r[1] for r in mine) / 1e6
    non2xx, errors = sum(r[2] for r in mine), sum(r[3] for r in mine)
    failed |= non2xx > 0 or errors > 0
    out[side] = {
        "rps": requests / seconds,
        # percentiles: the median over runs of each run's percentile
        "p50": statistics.median(r[4] for r in mine) / 1000,
        "p99": statistics.median(r[5] for r in mine) / 1000,
        "requests": int(requests), "non2xx": int(non2xx), "errors": int(errors),
        "cpu": sum(r[6] for r in mine) / requests,  # server CPU ms per request
    }
print(f"{'':10} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'CPU ms/req':>11} {'requests':>10} {'non-2xx':>8} {'errors':>7}")
for side, label in (("wrapper", "wrapper"), ("bare", "bare")):
    r = out[side]
    print(f"{label:10} {r['rps']:10.0f} {r['p50']:9.2f} {r['p99']:9.2f} {r['cpu']:11.2f} {r['requests']:10d} {r['non2xx']:8d} {r['errors']:7d}")
ratio = out["wrapper"]["rps"] / out["bare"]["rps"]
# Each round measures both sides back to back; on a shared machine the per-round ratios show the noise.
per_round = []
for i in range(0, len(rows) - 1, 2):
    pair = {rows[i][0]: rows[i], rows[i + 1][0]: rows[i + 1]}
    rps = {side: float(r[1]) / float(r[2]) for side, r in pair.items()}
    per_round.append(rps["wrapper"] / rps["bare"])
print("per-round ratios: " + ", ".join(f"{r:.2f}" for r in per_round))
print(f"ratio wrapper/bare throughput: {ratio:.2f} (goal >= 0.80: {'met' if ratio >= 0.8 else 'NOT met'})")
cpu_ratio = out["bare"]["cpu"] / out["wrapper"]["cpu"]
print(f"ratio bare/wrapper server CPU per request: {cpu_ratio:.2f} (the throughput ratio a dedicated CPU would give)")
if failed:
    print("bench: non-2xx answers or socket errors under load", file=sys.stderr)
    sys.exit(1)
PY
