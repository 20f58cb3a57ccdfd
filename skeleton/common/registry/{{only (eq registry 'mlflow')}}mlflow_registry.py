"""Client for the MLflow tracking server and model registry, over its REST API (2.0).

Each training run becomes an MLflow run (metrics logged with runs/log-batch) and a new version
of one registered model (model-versions/create). MLflow numbers versions itself, so the
project's version name (`0.1.0+<build>`) is the version's `model_version` tag. The champion is
the registered model's `champion` alias.

Environment: MODEL_REGISTRY_URL (the tracking server, e.g. https://mlflow.example.com),
MODEL_REGISTRY_TOKEN (bearer token), MLFLOW_EXPERIMENT_NAME (defaults to the model name),
MODEL_ARTIFACT_BASE_URI (where training uploads the model files, e.g. s3://<bucket>/models).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import httpx

from common.http import make_client, request_json
from common.registry.base import ModelVersionInfo, artifact_uri, local_path

API = "/api/2.0/mlflow"
CHAMPION_ALIAS = "champion"
VERSION_TAG = "model_version"


def _now_ms() -> int:
    return int(time.time() * 1000)


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class MlflowRegistry:
    def __init__(
        self,
        base_url: str,
        model_name: str,
        token: str | None = None,
        artifact_base_uri: str = "",
        experiment_name: str | None = None,
        description: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = make_client(base_url, token, transport=transport)
        self.model_name = model_name
        self.artifact_base_uri = artifact_base_uri
        self.experiment_name = experiment_name or os.environ.get("MLFLOW_EXPERIMENT_NAME") or model_name
        self.description = description

    def _post(self, path: str, payload: dict[str, Any], allow: tuple[int, ...] = ()) -> tuple[int, Any]:
        return request_json(self.client, "POST", f"{API}/{path}", json=payload, allow=allow)

    def _get(self, path: str, params: dict[str, Any], allow: tuple[int, ...] = ()) -> tuple[int, Any]:
        return request_json(self.client, "GET", f"{API}/{path}", params=params, allow=allow)

    # -- experiments, runs and registered models ------------------------------------------
    def _experiment_id(self) -> str:
        status, body = self._get("experiments/get-by-name", {"experiment_name": self.experiment_name}, allow=(404,))
        if status == 200:
            return body["experiment"]["experiment_id"]
        _, body = self._post("experiments/create", {"name": self.experiment_name})
        return body["experiment_id"]

    def _ensure_model(self) -> None:
        status, body = self._post("registered-models/create", {"name": self.model_name, "description": self.description}, allow=(400, 409))
        if status in (400, 409) and (body or {}).get("error_code") != "RESOURCE_ALREADY_EXISTS":
            raise RuntimeError(f"MLflow refused to create registered model {self.model_name}: {body}")

    def _find(self, version: str) -> dict[str, Any] | None:
        query = f"name={_quoted(self.model_name)} and tags.{VERSION_TAG}={_quoted(version)}"
        _, body = self._get("model-versions/search", {"filter": query, "max_results": 10})
        versions = (body or {}).get("model_versions", [])
        return versions[0] if versions else None

    def _info(self, model_version: dict[str, Any]) -> ModelVersionInfo:
        tags = {t["key"]: t.get("value", "") for t in model_version.get("tags", [])}
        metrics: dict[str, float] = {}
        if model_version.get("run_id"):
            _, run = self._get("runs/get", {"run_id": model_version["run_id"]})
            metrics = {m["key"]: float(m["value"]) for m in run["run"].get("data", {}).get("metrics", [])}
        tags["mlflow_version"] = str(model_version["version"])
        return ModelVersionInfo(
            version=tags.get(VERSION_TAG, str(model_version["version"])),
            metrics=metrics,
            artifact_uri=model_version.get("source", ""),
            properties=tags,
        )

    # -- Registry protocol ----------------------------------------------------------------
    def register(self, version: str, artifact_dir: Path, metrics: dict[str, float], properties: dict[str, str]) -> ModelVersionInfo:
        source = artifact_uri(artifact_dir, self.model_name, version, self.artifact_base_uri)
        if local_path(source) is not None:
            # MLflow's server refuses a local path as a version's source unless it lies in the
            # run's own artifact directory: say what to set before creating anything.
            raise ValueError(
                f"MLflow does not accept the local model directory {source} as a version source: set "
                "MODEL_ARTIFACT_BASE_URI to the object storage training uploads the model to (e.g. s3://<bucket>/models)"
            )
        self._ensure_model()
        if self._find(version) is not None:
            raise FileExistsError(f"model version {version} is already registered")
        _, run = self._post(
            "runs/create",
            {
                "experiment_id": self._experiment_id(),
                "start_time": _now_ms(),
                "run_name": f"{self.model_name}-{version}",
                "tags": [{"key": "mlflow.runName", "value": f"{self.model_name}-{version}"}],
            },
        )
        run_id = run["run"]["info"]["run_id"]
        stamp = _now_ms()
        self._post(
            "runs/log-batch",
            {
                "run_id": run_id,
                "metrics": [{"key": k, "value": float(v), "timestamp": stamp, "step": 0} for k, v in metrics.items()],
                "params": [{"key": k, "value": str(v)[:6000]} for k, v in properties.items()],
                "tags": [{"key": VERSION_TAG, "value": version}],
            },
        )
        self._post("runs/update", {"run_id": run_id, "status": "FINISHED", "end_time": _now_ms()})
        tags = [{"key": VERSION_TAG, "value": version}] + [{"key": k, "value": str(v)} for k, v in properties.items()]
        _, created = self._post(
            "model-versions/create",
            {
                "name": self.model_name,
                "source": source,
                "run_id": run_id,
                "tags": tags,
                "description": f"{self.model_name} {version}",
            },
        )
        return self._info(created["model_version"])

    def get_version(self, version: str) -> ModelVersionInfo | None:
        found = self._find(version)
        return self._info(found) if found else None

    def get_champion(self) -> ModelVersionInfo | None:
        status, body = self._get("registered-models/alias", {"name": self.model_name, "alias": CHAMPION_ALIAS}, allow=(400, 404))
        if status == 404:
            return None  # no registered model yet
        if status == 400:
            # MLflow's file and SQL stores answer an alias that was never set with 400
            # INVALID_PARAMETER_VALUE "Registered model alias champion not found."; any other 400
            # is a real error.
            if (body or {}).get("error_code") == "INVALID_PARAMETER_VALUE" and "not found" in str((body or {}).get("message", "")):
                return None
            raise RuntimeError(f"MLflow refused the champion lookup for {self.model_name}: {body}")
        return self._info(body["model_version"]) if body else None

    def set_champion(self, version: str) -> None:
        found = self._find(version)
        if found is None:
            raise LookupError(f"model version {version} is not registered")
        self._post("registered-models/alias", {"name": self.model_name, "alias": CHAMPION_ALIAS, "version": str(found["version"])})

    def record_evaluation(self, version: str, report: dict[str, Any]) -> None:
        found = self._find(version)
        if found is None:
            raise LookupError(f"model version {version} is not registered")
        tags = {
            "evaluation.decision": report["decision"],
            "evaluation.policy_version": str(report["policy_version"]),
            "evaluation.evaluated_at": report["evaluated_at"],
            "evaluation.champion": report.get("champion") or "",
        }
        for key, value in tags.items():
            self._post(
                "model-versions/set-tag",
                {"name": self.model_name, "version": str(found["version"]), "key": key, "value": value},
            )
