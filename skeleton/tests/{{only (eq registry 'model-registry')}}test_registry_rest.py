"""The Kubeflow Model Registry client against an in-process fake of its v1alpha3 REST API."""

import json
import re

import httpx

from common.registry.model_registry import API, KubeflowModelRegistry


class FakeModelRegistry:
    def __init__(self):
        self.models, self.versions, self.artifacts, self.ids = {}, {}, {}, 0

    def _id(self):
        self.ids += 1
        return str(self.ids)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == "Bearer t0ken"
        path, q = request.url.path[len(API) :], request.url.params
        body = json.loads(request.content) if request.content else {}
        if request.method == "GET" and path == "/registered_model":
            found = [m for m in self.models.values() if m["name"] == q["name"]]
            return httpx.Response(200, json=found[0]) if found else httpx.Response(404, json={"code": "404"})
        if request.method == "POST" and path == "/registered_models":
            model = {**body, "id": self._id()}
            self.models[model["id"]] = model
            return httpx.Response(201, json=model)
        if request.method == "GET" and path == "/model_version":
            found = [v for v in self.versions.values() if v["name"] == q["name"] and v["registeredModelId"] == q["parentResourceId"]]
            return httpx.Response(200, json=found[0]) if found else httpx.Response(404, json={})
        if request.method == "POST" and path == "/model_versions":
            assert all("metadataType" in value for value in body["customProperties"].values())
            version = {**body, "id": self._id()}
            self.versions[version["id"]] = version
            return httpx.Response(201, json=version)
        match = re.fullmatch(r"/model_versions/(\d+)/artifacts", path)
        if match and request.method == "POST":
            artifact = {**body, "id": self._id()}
            self.artifacts.setdefault(match[1], []).append(artifact)
            return httpx.Response(201, json=artifact)
        if match:
            # A BaseResourceList, as the OpenAPI document defines it.
            items = self.artifacts.get(match[1], [])
            return httpx.Response(200, json={"items": items, "nextPageToken": "", "pageSize": 100, "size": len(items)})
        match = re.fullmatch(r"/(registered_models|model_versions)/(\d+)", path)
        if match and request.method == "PATCH":
            store = self.models if match[1] == "registered_models" else self.versions
            store[match[2]].update(body)
            return httpx.Response(200, json=store[match[2]])
        return httpx.Response(404, json={"message": f"unexpected {request.method} {path}"})


def test_register_champion_and_evaluation(trained):
    fake = FakeModelRegistry()
    registry = KubeflowModelRegistry("http://mr.test", "churn", token="t0ken", transport=httpx.MockTransport(fake))
    assert registry.get_champion() is None
    info = registry.register("0.1.0+1", trained["model_dir"], {"f1": 0.9}, {"git_commit": "abc"})
    assert info.metrics == {"f1": 0.9} and info.artifact_uri.startswith("file://")
    stored = next(iter(fake.versions.values()))["customProperties"]
    assert stored["metric.f1"] == {"metadataType": "MetadataDoubleValue", "double_value": 0.9}
    assert stored["git_commit"] == {"metadataType": "MetadataStringValue", "string_value": "abc"}
    registry.set_champion("0.1.0+1")
    champion = registry.get_champion()
    assert champion.version == "0.1.0+1"
    # The IDs the release pipeline links the production InferenceService with.
    model_id, version_id = next(iter(fake.models)), next(iter(fake.versions))
    assert champion.properties["registered_model_id"] == model_id and champion.properties["model_version_id"] == version_id
    registry.record_evaluation("0.1.0+1", {"decision": "promote", "policy_version": 1, "evaluated_at": "now"})
    assert registry.get_version("0.1.0+1").properties["evaluation.decision"] == "promote"
    assert registry.get_version("9.9.9") is None
