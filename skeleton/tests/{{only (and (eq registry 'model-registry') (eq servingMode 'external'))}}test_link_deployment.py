"""The pipeline step that points the dev InferenceService at a version, against an in-process API."""

import json
import shutil

import certifi
import httpx
import pytest

from common.registry import ModelVersionInfo
from training import link_deployment
from training.link_deployment import LINKED_FIELDS, Cluster, LinkError, link_patch, patched_fields, version_to_link

ISVC = "/apis/serving.kserve.io/v1beta1/namespaces/models-dev/inferenceservices/churn-model"


def version(name="0.1.0+2", uri="s3://churn-pipelines/models/churn/0.1.0+2", **properties) -> ModelVersionInfo:
    ids = {"registered_model_id": "1", "model_version_id": "4"}
    return ModelVersionInfo(version=name, artifact_uri=uri, properties={**ids, **properties})


class Registry:
    def __init__(self, champion=None):
        self.champion = champion

    def get_champion(self):
        return self.champion

    def get_version(self, name):
        return self.champion if self.champion and self.champion.version == name else None


@pytest.fixture
def account(tmp_path, monkeypatch):
    """A service account directory as Kubernetes mounts it into a pod."""
    (tmp_path / "token").write_text("pod-token\n")
    (tmp_path / "namespace").write_text("models-dev")
    shutil.copy(certifi.where(), tmp_path / "ca.crt")
    return {"SERVICEACCOUNT_DIR": str(tmp_path), "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"}


def test_patch_points_at_the_version_folder_and_sets_only_the_fields_argo_cd_ignores():
    patch = link_patch(version())
    assert patch["spec"]["predictor"]["model"]["storageUri"] == "s3://churn-pipelines/models/churn/0.1.0+2/"
    assert patch["metadata"]["labels"] == {
        "modelregistry.opendatahub.io/registered-model-id": "1",
        "modelregistry.opendatahub.io/model-version-id": "4",
    }
    assert patch["metadata"]["annotations"]["serving.kserve.io/stop"] == "false"
    assert sorted(patched_fields(patch)) == sorted(LINKED_FIELDS)


def test_refuses_a_version_whose_files_the_model_server_cannot_read():
    with pytest.raises(LinkError, match="MODEL_ARTIFACT_BASE_URI"):
        link_patch(version(uri="file:///tmp/artifacts/model"))


def test_refuses_missing_or_invalid_registry_ids():
    with pytest.raises(LinkError, match="model-version-id"):
        link_patch(version(model_version_id=""))
    with pytest.raises(LinkError, match="not a valid Kubernetes label value"):
        link_patch(version(registered_model_id="a b"))


def test_needs_a_champion_or_a_registered_version():
    with pytest.raises(LinkError, match="no champion"):
        version_to_link(Registry(), None)
    with pytest.raises(LinkError, match="no version 9.9.9"):
        version_to_link(Registry(version()), "9.9.9")
    assert version_to_link(Registry(version()), "0.1.0+2").version == "0.1.0+2"


def test_patches_the_inference_service_as_the_pod_service_account(account):
    requests = []

    def api(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json={"metadata": {"name": "churn-model"}})

    cluster = Cluster(account, transport=httpx.MockTransport(api))
    cluster.patch_inference_service("churn-model", link_patch(version()))
    (request,) = requests
    assert (request.method, request.url.path, request.url.host) == ("PATCH", ISVC, "10.0.0.1")
    assert request.headers["authorization"] == "Bearer pod-token"
    assert request.headers["content-type"] == "application/merge-patch+json"
    assert request.url.params["fieldManager"] == "link-deployment"
    assert json.loads(request.content) == link_patch(version())


def test_explains_a_forbidden_or_missing_inference_service(account):
    status = {"value": 403}
    cluster = Cluster(account, transport=httpx.MockTransport(lambda request: httpx.Response(status["value"], json={"kind": "Status"})))
    with pytest.raises(LinkError, match="link-deployment-rbac.yaml"):
        cluster.get_inference_service("churn-model")
    status["value"] = 404
    with pytest.raises(LinkError, match="does not exist"):
        cluster.get_inference_service("churn-model")


def test_outside_a_cluster_it_says_what_is_missing(tmp_path):
    with pytest.raises(LinkError, match="KUBERNETES_SERVICE_HOST"):
        Cluster({"SERVICEACCOUNT_DIR": str(tmp_path)})


def test_main_reports_an_error_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setattr(link_deployment, "open_registry", lambda: Registry())
    assert link_deployment.main([]) == 1
    assert "no champion" in capsys.readouterr().err
