"""Stand-in for POST /api/model-catalog/ingest while scripts/seed-model-catalog.sh runs a project.

    python3 seed-capture-server.py --port-file FILE --out FILE.jsonl

Records each request body the generated project's evaluation job sends, verbatim, one JSON
document per line, and answers like the real endpoint's first ingest (201 {"id", "created"}).
It checks the bearer token is present so a project that forgot to send it fails here, as it
would against Developer Hub. Python standard library only: it runs on the system python3.
"""

from __future__ import annotations

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

INGEST_PATH = "/api/model-catalog/ingest"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            # httpx joins the base URL and "" into ".../ingest/"; Express routes (the real
            # endpoint) are not strict about a trailing slash either.
            if self.path.rstrip("/") != INGEST_PATH:
                return self._answer(404, {"error": {"message": f"no route {self.path}"}})
            if not self.headers.get("Authorization", "").startswith("Bearer "):
                return self._answer(401, {"error": {"message": "missing bearer token"}})
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                request = json.loads(body)
            except ValueError:
                return self._answer(400, {"error": {"message": "malformed JSON"}})
            with args.out.open("a", encoding="utf-8") as out:
                out.write(json.dumps(request) + "\n")
            self._answer(201, {"id": request.get("id"), "created": True})

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *_: object) -> None:  # keep the seed log readable
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    args.port_file.write_text(str(server.server_address[1]), encoding="utf-8")
    server.serve_forever()


if __name__ == "__main__":
    main()
