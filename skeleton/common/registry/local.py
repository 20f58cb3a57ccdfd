"""The local-directory registry: versions as folders, the champion as a pointer file.

    <root>/<model>/versions/<version>/   model files, metrics.json, version.json
    <root>/<model>/champion.json         {"version": "..."}
    <root>/<model>/evaluations/          one report per evaluation

Used for development, tests and the generated project's own checks (MODEL_REGISTRY_KIND=local).
With MODEL_ARTIFACT_BASE_URI set, a version records the URI training uploaded the files to (as
the other registries do), so serving reads them from there; the local copy stays for inspection.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from common.registry.base import ModelVersionInfo, artifact_uri


class LocalRegistry:
    def __init__(self, root: Path, model_name: str, artifact_base_uri: str = "") -> None:
        self.model_dir = Path(root) / model_name
        self.model_name = model_name
        self.artifact_base_uri = artifact_base_uri

    def _version_dir(self, version: str) -> Path:
        if "/" in version or version in ("", ".", ".."):
            raise ValueError(f"bad version name {version!r}")
        return self.model_dir / "versions" / version

    def register(self, version: str, artifact_dir: Path, metrics: dict[str, float], properties: dict[str, str]) -> ModelVersionInfo:
        target = self._version_dir(version)
        if target.exists():
            raise FileExistsError(f"model version {version} is already registered in {self.model_dir}")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
        shutil.copytree(artifact_dir, staging, dirs_exist_ok=True)
        info: dict[str, Any] = {"version": version, "metrics": metrics, "properties": properties}
        if self.artifact_base_uri:
            info["artifact_uri"] = artifact_uri(artifact_dir, self.model_name, version, self.artifact_base_uri)
        (staging / "version.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
        os.replace(staging, target)  # atomic: a reader never sees half a version
        return self.get_version(version)  # type: ignore[return-value]

    def get_version(self, version: str) -> ModelVersionInfo | None:
        path = self._version_dir(version) / "version.json"
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return ModelVersionInfo(
            version=data["version"],
            metrics={k: float(v) for k, v in data.get("metrics", {}).items()},
            artifact_uri=data.get("artifact_uri") or self._version_dir(version).resolve().as_uri(),
            properties=data.get("properties", {}),
        )

    def get_champion(self) -> ModelVersionInfo | None:
        pointer = self.model_dir / "champion.json"
        if not pointer.exists():
            return None
        return self.get_version(json.loads(pointer.read_text(encoding="utf-8"))["version"])

    def set_champion(self, version: str) -> None:
        if self.get_version(version) is None:
            raise LookupError(f"model version {version} is not registered")
        pointer = self.model_dir / "champion.json"
        staging = pointer.with_suffix(".tmp")
        staging.write_text(json.dumps({"version": version}) + "\n", encoding="utf-8")
        os.replace(staging, pointer)

    def record_evaluation(self, version: str, report: dict[str, Any]) -> None:
        folder = self.model_dir / "evaluations"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{version}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
