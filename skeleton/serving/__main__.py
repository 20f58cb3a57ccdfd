"""`python -m serving`: runs the service with uvicorn, settings from the environment.

HOST (default 0.0.0.0), PORT (8080), SHUTDOWN_TIMEOUT_SECONDS (20): on SIGTERM the server stops
accepting connections, finishes requests in flight (up to the timeout), then runs shutdown.
"""

from __future__ import annotations

import logging
import os

import uvicorn

from serving.app import create_app


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(levelname)s %(name)s: %(message)s")
    uvicorn.run(
        create_app(),
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8080")),
        timeout_graceful_shutdown=int(os.environ.get("SHUTDOWN_TIMEOUT_SECONDS", "20")),
        access_log=os.environ.get("ACCESS_LOG", "false").lower() == "true",
    )


if __name__ == "__main__":
    main()
