"""Service configuration, read from environment variables (12-factor; no config files)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from common import settings


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


@dataclass
class ServiceConfig:
    model_name: str = field(default_factory=lambda: settings.MODEL_NAME)
    serving_mode: str = field(default_factory=lambda: settings.SERVING_MODE)
    #: A directory holding a saved model; when unset the registry's champion is loaded.
    model_dir: Path | None = field(default_factory=lambda: Path(os.environ["MODEL_DIR"]) if os.environ.get("MODEL_DIR") else None)
    #: Seconds between checks for a new champion (0 = never reload).
    reload_seconds: float = field(default_factory=lambda: _float("MODEL_RELOAD_SECONDS", 30))
    max_batch_size: int = field(default_factory=lambda: _int("MAX_BATCH_SIZE", 256))
    max_body_bytes: int = field(default_factory=lambda: _int("MAX_BODY_BYTES", 1_048_576))
    #: Batches up to this many rows are scored in the event loop, larger ones in a worker thread.
    inline_predict_rows: int = field(default_factory=lambda: _int("INLINE_PREDICT_MAX_ROWS", 64))
    #: Recent requests kept for the drift gauge.
    drift_window: int = field(default_factory=lambda: _int("DRIFT_WINDOW", 1000))
    drift_min_rows: int = field(default_factory=lambda: _int("DRIFT_MIN_ROWS", 50))
    # External model server (SERVING_MODE=external)
    external_protocol: str = field(default_factory=lambda: settings.EXTERNAL_PROTOCOL)
    external_url: str = field(default_factory=lambda: os.environ.get("EXTERNAL_MODEL_URL", ""))
    external_model: str = field(default_factory=lambda: os.environ.get("EXTERNAL_MODEL_NAME", settings.MODEL_NAME))
    external_token: str = field(default_factory=lambda: os.environ.get("EXTERNAL_MODEL_TOKEN", ""))
    external_timeout: float = field(default_factory=lambda: _float("EXTERNAL_TIMEOUT_SECONDS", 5))
    external_retries: int = field(default_factory=lambda: _int("EXTERNAL_RETRIES", 2))
