"""HTTP checks against a running generated service: python smoke.py <base-url> <model-name>.

Prints one PASS/FAIL line per check; exits 1 when any fails. Uses only the standard library.
"""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request

BASE, NAME = sys.argv[1].rstrip("/"), sys.argv[2]
failures = 0


def call(method: str, path: str, body: object | None = None, raw: bytes | None = None) -> tuple[int, bytes]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check(name: str, ok: bool, detail: str = "") -> None:
    global failures
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)
    failures += 0 if ok else 1


INSTANCE = {"tenure_months": 3, "monthly_charges": 99.5, "support_calls": 4, "contract": "month-to-month", "senior": False}

status, body = call("GET", "/healthz")
check("GET /healthz answers 200", status == 200, f"{status} {body[:200]!r}")
status, body = call("GET", "/readyz")
check("GET /readyz answers 200 once the model is loaded", status == 200, f"{status} {body[:200]!r}")

status, body = call("POST", "/predict", {"instances": [INSTANCE]})
ok = status == 200
if ok:
    answer = json.loads(body)
    prediction = answer["predictions"][0]
    ok = len(answer["predictions"]) == 1 and prediction["label"] in (0, 1) and 0 <= prediction["probability"] <= 1
check("POST /predict, one instance", ok, f"{status} {body[:300]!r}")

batch = [dict(INSTANCE, tenure_months=i * 7, contract=("one-year" if i % 2 else "two-year")) for i in range(10)]
status, body = call("POST", "/predict", {"instances": batch})
check("POST /predict, batch of 10", status == 200 and len(json.loads(body)["predictions"]) == 10, f"{status} {body[:300]!r}")

status, body = call("POST", "/predict", {"instances": [dict(INSTANCE, tenure_months="three")]})
named = status == 422 and any("tenure_months" in map(str, d.get("loc", [])) for d in json.loads(body)["detail"])
check("POST /predict, wrong type -> 422 naming the field", named, f"{status} {body[:300]!r}")

status, body = call("POST", "/predict", raw=b'{"instances": [{"tenure_months": 1, "monthly_charges": NaN, "support_calls": 0, "contract": "one-year", "senior": false}]}')
check("POST /predict, NaN -> 4xx", 400 <= status < 500, f"{status} {body[:300]!r}")

status, body = call("POST", "/predict", {"instances": [INSTANCE] * 100_000})
check("POST /predict, oversized batch -> 413", status == 413, f"{status} {body[:300]!r}")

time.sleep(0.1)
status, body = call("GET", "/metrics")
text = body.decode(errors="replace")
counted = any(line.startswith("model_requests_total{") and 'status="ok"' in line and float(line.split()[-1]) >= 2 for line in text.splitlines())
check("GET /metrics shows the request counter", status == 200 and counted, text[:300])
check("GET /metrics shows the latency histogram", "model_request_latency_seconds_bucket" in text)

sys.exit(1 if failures else 0)
