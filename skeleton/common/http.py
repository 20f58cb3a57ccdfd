"""A small HTTP helper: httpx with timeouts, bearer tokens and retries on transient failures."""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import httpx

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}


class HttpError(RuntimeError):
    """A request failed; `status` is None when no response came back."""

    def __init__(self, message: str, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


def make_client(
    base_url: str,
    token: str | None = None,
    timeout: float = float(os.environ.get("HTTP_TIMEOUT_SECONDS", "10")),
    transport: httpx.BaseTransport | None = None,
    verify: Any = None,
) -> httpx.Client:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if verify is None:
        # A CA bundle path (e.g. the cluster's service CA) or "false" for development only.
        ca = os.environ.get("HTTP_CA_BUNDLE", "")
        verify = False if ca.lower() == "false" else (ca or True)
    return httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport, verify=verify)


def request_json(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    retries: int = 3,
    backoff: float = 0.3,
    allow: tuple[int, ...] = (),
    **kwargs: Any,
) -> tuple[int, Any]:
    """Sends a request and returns (status, decoded JSON or None).

    Connection errors and 429/502/503/504 are retried with exponential backoff; any other
    status >= 400 raises HttpError unless listed in `allow`.
    """
    last_error: Exception | None = None
    for attempt in range(retries + 1):
        try:
            response = client.request(method, path, **kwargs)
        except httpx.TransportError as error:
            last_error = error
            log.warning("%s %s failed (%s), attempt %d", method, path, error, attempt + 1)
        else:
            if response.status_code not in RETRY_STATUSES or attempt == retries:
                body = _decode(response)
                if response.status_code >= 400 and response.status_code not in allow:
                    raise HttpError(f"{method} {path}: HTTP {response.status_code}: {body}", response.status_code, body)
                return response.status_code, body
            log.warning("%s %s answered %d, attempt %d", method, path, response.status_code, attempt + 1)
        time.sleep(backoff * 2**attempt)
    raise HttpError(f"{method} {path}: {last_error}")


def _decode(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text
