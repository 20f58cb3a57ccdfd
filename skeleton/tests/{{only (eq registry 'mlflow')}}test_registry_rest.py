"""The MLflow client against an in-process fake of the MLflow REST API (2.0)."""

import json
import re

import httpx
import pytest

from common.registry.mlflow_registry import API, MlflowRegistry


class FakeMlflow:
    def __init__(self):
        self.experiments, self.runs, self.models, self.versions, self.aliases = {}, {}, set(), [], {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer t0ken"
        path, q = request.url.path[len(API) + 1 :], request.url.params
        body = json.loads(request.content) if request.content else {}
        if path == "experiments/get-by-name":
            if q["experiment_name"] in self.experiments:
                return httpx.Response(200, json={"experiment": {"experiment_id": self.experiments[q["experiment_name"]]}})
            return httpx.Response(404, json={"error_code": "RESOURCE_DOES_NOT_EXIST"})
        if path == "experiments/create":
            self.experiments[body["name"]] = "1"
            return httpx.Response(200, json={"experiment_id": "1"})
        if path == "registered-models/create":
            if body["name"] in self.models:
                return httpx.Response(400, json={"error_code": "RESOURCE_ALREADY_EXISTS"})
            self.models.add(body["name"])
            return httpx.Response(200, json={"registered_model": {"name": body["name"]}})
        if path == "runs/create":
            run_id = f"run{len(self.runs)}"
            self.runs[run_id] = {"info": {"run_id": run_id}, "data": {"metrics": []}}
            return httpx.Response(200, json={"run": self.runs[run_id]})
        if path == "runs/log-batch":
            self.runs[body["run_id"]]["data"]["metrics"] += body["metrics"]
            return httpx.Response(200, json={})
        if path == "runs/update":
            return httpx.Response(200, json={})
        if path == "runs/get":
            return httpx.Response(200, json={"run": self.runs[q["run_id"]]})
        if path == "model-versions/create":
            if not body["source"].startswith("s3://"):
                # MLflow refuses a local source outside the run's artifact directory.
                return httpx.Response(400, json={"error_code": "INVALID_PARAMETER_VALUE", "message": "Invalid model version source"})
            version = {**body, "version": str(len(self.versions) + 1)}
            self.versions.append(version)
            return httpx.Response(200, json={"model_version": version})
        if path == "model-versions/search":
            wanted = re.search(r"tags\.model_version='([^']*)'", q["filter"])[1]
            found = [v for v in self.versions if {"key": "model_version", "value": wanted} in v["tags"]]
            return httpx.Response(200, json={"model_versions": found})
        if path == "model-versions/set-tag":
            version = next(v for v in self.versions if v["version"] == body["version"])
            version["tags"].append({"key": body["key"], "value": body["value"]})
            return httpx.Response(200, json={})
        if path == "registered-models/alias" and request.method == "POST":
            self.aliases[body["alias"]] = body["version"]
            return httpx.Response(200, json={})
        if path == "registered-models/alias":
            if q["name"] not in self.models:
                return httpx.Response(404, json={"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Registered Model not found"})
            if q["alias"] not in self.aliases:
                # What MLflow's stores answer for an alias that was never set.
                message = f"Registered model alias {q['alias']} not found."
                return httpx.Response(400, json={"error_code": "INVALID_PARAMETER_VALUE", "message": message})
            return httpx.Response(200, json={"model_version": self.versions[int(self.aliases[q["alias"]]) - 1]})
        return httpx.Response(404, json={"message": f"unexpected {request.method} {path}"})


def test_register_champion_and_evaluation(trained):
    fake = FakeMlflow()
    registry = MlflowRegistry(
        "http://mlflow.test", "churn", token="t0ken", artifact_base_uri="s3://models", transport=httpx.MockTransport(fake)
    )
    assert registry.get_champion() is None
    info = registry.register("0.1.0+1", trained["model_dir"], {"f1": 0.9}, {"git_commit": "abc"})
    assert info.version == "0.1.0+1" and info.metrics == {"f1": 0.9}
    assert info.artifact_uri == "s3://models/churn/0.1.0+1"
    assert registry.get_champion() is None
    registry.register("0.1.0+2", trained["model_dir"], {"f1": 0.8}, {})
    registry.set_champion("0.1.0+1")
    assert fake.aliases == {"champion": "1"}
    assert registry.get_champion().version == "0.1.0+1"
    registry.record_evaluation("0.1.0+2", {"decision": "block", "policy_version": 1, "evaluated_at": "now"})
    assert registry.get_version("0.1.0+2").properties["evaluation.decision"] == "block"


def test_local_source_needs_an_artifact_base_uri(trained):
    fake = FakeMlflow()
    registry = MlflowRegistry("http://mlflow.test", "churn", token="t0ken", transport=httpx.MockTransport(fake))
    with pytest.raises(ValueError, match="MODEL_ARTIFACT_BASE_URI"):
        registry.register("0.1.0+1", trained["model_dir"], {"f1": 0.9}, {})
    assert fake.versions == [] and fake.models == set()
