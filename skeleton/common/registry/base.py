"""What every model registry client offers to training, evaluation and serving."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse


@dataclass
class ModelVersionInfo:
    """A registered model version as the project sees it, whatever the registry."""

    version: str
    metrics: dict[str, float] = field(default_factory=dict)
    artifact_uri: str = ""
    properties: dict[str, str] = field(default_factory=dict)


class Registry(Protocol):
    def register(self, version: str, artifact_dir: Path, metrics: dict[str, float], properties: dict[str, str]) -> ModelVersionInfo: ...

    def get_version(self, version: str) -> ModelVersionInfo | None: ...

    def get_champion(self) -> ModelVersionInfo | None: ...

    def set_champion(self, version: str) -> None: ...

    def record_evaluation(self, version: str, report: dict[str, Any]) -> None: ...


def local_path(uri: str) -> Path | None:
    """The local directory an artifact URI names, or None for remote storage (s3://, oci://...)."""
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "" and uri:
        return Path(uri)
    return None


def artifact_uri(artifact_dir: Path, model_name: str, version: str, base_uri: str = "") -> str:
    """Where the registry records the artifact: `<MODEL_ARTIFACT_BASE_URI>/<model>/<version>` when set.

    `python -m training.train` uploads the files there first when it is an s3:// URI (see
    common/storage.py); without a base URI the local directory is recorded, which is what
    development and tests use.
    """
    if base_uri:
        return f"{base_uri.rstrip('/')}/{model_name}/{version}"
    return artifact_dir.resolve().as_uri()


def metric_properties(metrics: dict[str, float]) -> dict[str, float]:
    return {f"metric.{key}": float(value) for key, value in metrics.items()}
