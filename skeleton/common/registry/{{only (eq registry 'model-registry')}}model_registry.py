"""Client for the OpenShift AI / Kubeflow Model Registry REST API (v1alpha3).

One RegisteredModel per project; each training run adds a ModelVersion with a ModelArtifact.
Metrics and lineage are customProperties typed as the API requires, e.g.
{"metadataType": "MetadataDoubleValue", "double_value": 0.93}. The Model Registry has no
aliases, so the champion is the RegisteredModel's `champion_version` custom property, and each
evaluated version carries its decision as properties.

Environment: MODEL_REGISTRY_URL (e.g. https://<registry>-rest.<domain>), MODEL_REGISTRY_TOKEN
(a bearer token, e.g. a service account token), MODEL_ARTIFACT_BASE_URI (where
training uploads the model files, e.g. s3://<bucket>/models).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from common.http import make_client, request_json
from common.registry.base import ModelVersionInfo, artifact_uri, metric_properties

API = "/api/model_registry/v1alpha3"


def to_custom_properties(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Plain values as typed MetadataValues: numbers as doubles, the rest as strings."""
    result: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        if isinstance(value, bool):
            result[key] = {"metadataType": "MetadataBoolValue", "bool_value": value}
        elif isinstance(value, (int, float)):
            result[key] = {"metadataType": "MetadataDoubleValue", "double_value": float(value)}
        elif isinstance(value, (dict, list)):
            result[key] = {"metadataType": "MetadataStringValue", "string_value": json.dumps(value, sort_keys=True)}
        else:
            result[key] = {"metadataType": "MetadataStringValue", "string_value": str(value)}
    return result


def from_custom_properties(properties: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in (properties or {}).items():
        for field in ("double_value", "string_value", "bool_value", "int_value"):
            if field in value:
                result[key] = float(value[field]) if field == "int_value" else value[field]
                break
    return result


class KubeflowModelRegistry:
    def __init__(
        self,
        base_url: str,
        model_name: str,
        token: str | None = None,
        artifact_base_uri: str = "",
        description: str = "",
        owner: str = "",
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = make_client(base_url, token, transport=transport)
        self.model_name = model_name
        self.artifact_base_uri = artifact_base_uri
        self.description = description
        self.owner = owner

    # -- RegisteredModel and ModelVersion look-ups ----------------------------------------
    def _find_model(self) -> dict[str, Any] | None:
        status, body = request_json(self.client, "GET", f"{API}/registered_model", params={"name": self.model_name}, allow=(404,))
        return body if status == 200 else None

    def _ensure_model(self) -> dict[str, Any]:
        model = self._find_model()
        if model is not None:
            return model
        payload: dict[str, Any] = {"name": self.model_name, "description": self.description, "state": "LIVE"}
        if self.owner:
            payload["owner"] = self.owner
        _, body = request_json(self.client, "POST", f"{API}/registered_models", json=payload)
        return body

    def _find_version(self, model_id: str, version: str) -> dict[str, Any] | None:
        status, body = request_json(
            self.client,
            "GET",
            f"{API}/model_version",
            params={"name": version, "parentResourceId": model_id},
            allow=(404,),
        )
        return body if status == 200 else None

    def _info(self, version: dict[str, Any]) -> ModelVersionInfo:
        properties = from_custom_properties(version.get("customProperties"))
        metrics = {k[len("metric.") :]: float(v) for k, v in properties.items() if k.startswith("metric.")}
        _, artifacts = request_json(self.client, "GET", f"{API}/model_versions/{version['id']}/artifacts")
        uri = next(
            (a.get("uri", "") for a in (artifacts or {}).get("items", []) if a.get("artifactType") == "model-artifact"),
            "",
        )
        plain = {k: str(v) for k, v in properties.items() if not k.startswith("metric.")}
        # The IDs OpenShift AI links a deployment with (the InferenceService's
        # modelregistry.opendatahub.io/* labels); `python -m training.release` hands them on.
        plain["registered_model_id"] = str(version.get("registeredModelId", ""))
        plain["model_version_id"] = str(version["id"])
        return ModelVersionInfo(version=version["name"], metrics=metrics, artifact_uri=uri, properties=plain)

    # -- Registry protocol ----------------------------------------------------------------
    def register(self, version: str, artifact_dir: Path, metrics: dict[str, float], properties: dict[str, str]) -> ModelVersionInfo:
        model = self._ensure_model()
        custom = to_custom_properties({**properties, **metric_properties(metrics)})
        _, created = request_json(
            self.client,
            "POST",
            f"{API}/model_versions",
            json={
                "name": version,
                "registeredModelId": model["id"],
                "state": "LIVE",
                "author": properties.get("author", ""),
                "description": f"{self.model_name} {version}",
                "customProperties": custom,
            },
        )
        meta = json.loads((artifact_dir / "model.json").read_text(encoding="utf-8"))
        request_json(
            self.client,
            "POST",
            f"{API}/model_versions/{created['id']}/artifacts",
            json={
                "artifactType": "model-artifact",
                "name": f"{self.model_name}-{version}",
                "uri": artifact_uri(artifact_dir, self.model_name, version, self.artifact_base_uri),
                "modelFormatName": meta["framework"],
                "modelFormatVersion": "1",
                "state": "LIVE",
            },
        )
        return self._info(created)

    def get_version(self, version: str) -> ModelVersionInfo | None:
        model = self._find_model()
        if model is None:
            return None
        found = self._find_version(model["id"], version)
        return self._info(found) if found else None

    def get_champion(self) -> ModelVersionInfo | None:
        model = self._find_model()
        if model is None:
            return None
        champion = from_custom_properties(model.get("customProperties")).get("champion_version")
        if not champion:
            return None
        found = self._find_version(model["id"], str(champion))
        return self._info(found) if found else None

    def set_champion(self, version: str) -> None:
        model = self._ensure_model()
        if self._find_version(model["id"], version) is None:
            raise LookupError(f"model version {version} is not registered")
        # PATCH replaces the whole customProperties map: send the existing ones along.
        properties = dict(model.get("customProperties") or {})
        properties.update(to_custom_properties({"champion_version": version}))
        request_json(self.client, "PATCH", f"{API}/registered_models/{model['id']}", json={"customProperties": properties})

    def record_evaluation(self, version: str, report: dict[str, Any]) -> None:
        model = self._ensure_model()
        found = self._find_version(model["id"], version)
        if found is None:
            raise LookupError(f"model version {version} is not registered")
        properties = dict(found.get("customProperties") or {})
        properties.update(
            to_custom_properties(
                {
                    "evaluation.decision": report["decision"],
                    "evaluation.policy_version": str(report["policy_version"]),
                    "evaluation.evaluated_at": report["evaluated_at"],
                    "evaluation.champion": report.get("champion") or "",
                }
            )
        )
        request_json(self.client, "PATCH", f"{API}/model_versions/{found['id']}", json={"customProperties": properties})
