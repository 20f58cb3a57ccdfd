"""A tiny fake model server for checking a generated project in external serving mode.

    python fake_model_server.py --port 0 --port-file PATH

Speaks KServe v2 (GET /v2/health/ready, GET /v2/models/<m>/ready, POST /v2/models/<m>/infer) and
the OpenAI-compatible API (GET /v1/models, POST /v1/chat/completions). Scores are a logistic
function of the inputs, so answers are deterministic. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path in ("/v2/health/ready", "/v2/health/live") or (
            self.path.startswith("/v2/models/") and self.path.endswith("/ready")
        ):
            self._send(200, {"ready": True})
        elif self.path == "/v1/models":
            self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path.startswith("/v2/models/") and self.path.endswith("/infer"):
            tensor = body["inputs"][0]
            rows, cols = tensor["shape"]
            data = tensor["data"]
            scores = [1 / (1 + math.exp(-0.5 * sum(data[r * cols : (r + 1) * cols]))) for r in range(rows)]
            self._send(
                200,
                {
                    "model_name": self.path.split("/")[3],
                    "outputs": [{"name": "output-0", "shape": [rows], "datatype": "FP32", "data": scores}],
                },
            )
        elif self.path == "/v1/chat/completions":
            instance = json.loads(body["messages"][-1]["content"])
            calls = float(instance.get("support_calls", 0))
            probability = round(1 / (1 + math.exp(-(calls - 2))), 4)
            content = json.dumps({"probability": probability})
            self._send(
                200,
                {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "model": body.get("model"),
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
                },
            )
        else:
            self._send(404, {"error": "not found"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with open(args.port_file, "w") as handle:
        handle.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
