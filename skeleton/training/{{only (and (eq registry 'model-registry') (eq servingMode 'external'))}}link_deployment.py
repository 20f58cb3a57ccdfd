"""Points the dev model server at a registered model version: the training pipeline's last step.

    python -m training.link_deployment [--version VERSION] [--dry-run]

Looks the version up in the OpenShift AI model registry (default: the champion, which the
evaluation step of the same run has just promoted; a blocked candidate stops the run before this
step), then patches the InferenceService INFERENCE_SERVICE (default `<MODEL_NAME>-model`) in the
pod's own namespace through the Kubernetes API:

- `spec.predictor.model.storageUri`: the version's folder in object storage,
- the labels `modelregistry.opendatahub.io/registered-model-id` and `.../model-version-id`, which
  is how OpenShift AI links a deployment to the registered model and version,
- the annotation `modelregistry.opendatahub.io/model-version-name`,
- the annotation `serving.kserve.io/stop: "false"` (the server is created stopped, since git
  names no version).

Argo CD's dev Application ignores exactly these fields (LINKED_FIELDS), so a sync does not undo
the link. Production is not touched: releases set it in git (deploy/overlays/prod/registry-link.yaml).

In the cluster it authenticates as the pod's service account (token and CA certificate in
/var/run/secrets/kubernetes.io/serviceaccount, API server at KUBERNETES_SERVICE_HOST and
KUBERNETES_SERVICE_PORT, both set in every pod); deploy/pipelines/link-deployment-rbac.yaml
allows `get` and `patch` on that one InferenceService. SERVICEACCOUNT_DIR and NAMESPACE override
the directory and the namespace (tests, runs from a laptop with a copied token). Only the
standard library and httpx are used, so the training image needs nothing more.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import ssl
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import httpx

from common import settings
from common.http import HttpError, make_client, request_json
from common.registry import ModelVersionInfo, Registry, open_registry

SERVICEACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
FIELD_MANAGER = "link-deployment"
REGISTERED_MODEL_ID = "modelregistry.opendatahub.io/registered-model-id"
MODEL_VERSION_ID = "modelregistry.opendatahub.io/model-version-id"
MODEL_VERSION_NAME = "modelregistry.opendatahub.io/model-version-name"
STOP = "serving.kserve.io/stop"
#: The fields the patch sets, as JSON pointers: gitops/argocd/application-dev.yaml ignores these.
LINKED_FIELDS = (
    "/spec/predictor/model/storageUri",
    "/metadata/labels/modelregistry.opendatahub.io~1registered-model-id",
    "/metadata/labels/modelregistry.opendatahub.io~1model-version-id",
    "/metadata/annotations/modelregistry.opendatahub.io~1model-version-name",
    "/metadata/annotations/serving.kserve.io~1stop",
)
# A Kubernetes label value: at most 63 characters, alphanumeric at both ends.
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


class LinkError(RuntimeError):
    """Why the deployment could not be linked, in words for the pipeline log."""


def version_to_link(registry: Registry, version: str | None) -> ModelVersionInfo:
    info = registry.get_version(version) if version else registry.get_champion()
    if info is None:
        if version:
            raise LinkError(f"{settings.MODEL_NAME} has no version {version} in the model registry")
        raise LinkError(f"{settings.MODEL_NAME} has no champion in the model registry: nothing has passed evaluation yet")
    return info


def link_patch(info: ModelVersionInfo) -> dict[str, Any]:
    """The JSON merge patch (RFC 7386) that points the InferenceService at this version."""
    ids = {
        label: info.properties.get(key, "")
        for label, key in ((REGISTERED_MODEL_ID, "registered_model_id"), (MODEL_VERSION_ID, "model_version_id"))
    }
    for label, value in ids.items():
        if not value:
            raise LinkError(
                f"the registry gave no {label.split('/')[1]} for {info.version}: only the OpenShift AI model registry has the IDs"
            )
        if len(value) > 63 or not LABEL_VALUE.match(value):
            raise LinkError(f"the registry's {label.split('/')[1]} {value!r} for {info.version} is not a valid Kubernetes label value")
    uri = info.artifact_uri
    if urlparse(uri).scheme != "s3":
        raise LinkError(
            f"version {info.version} is stored at {uri or '(no artifact)'}, which the model server cannot read: "
            "training must upload versions to the pipeline bucket (set MODEL_ARTIFACT_BASE_URI=s3://<bucket>/models)"
        )
    return {
        "metadata": {
            "labels": ids,
            "annotations": {MODEL_VERSION_NAME: info.version, STOP: "false"},
        },
        # A version is a folder: without the trailing slash the prefix .../0.1.0+1 would also
        # match the files of .../0.1.0+10.
        "spec": {"predictor": {"model": {"storageUri": uri.rstrip("/") + "/"}}},
    }


def patched_fields(patch: dict[str, Any], prefix: str = "") -> list[str]:
    """The JSON pointers of the leaves a merge patch sets (what Argo CD must ignore)."""
    fields: list[str] = []
    for key, value in patch.items():
        pointer = f"{prefix}/{key.replace('~', '~0').replace('/', '~1')}"
        fields.extend(patched_fields(value, pointer) if isinstance(value, dict) else [pointer])
    return fields


class Cluster:
    """The Kubernetes API as the pod's service account sees it."""

    def __init__(self, environ: dict[str, str] | None = None, transport: httpx.BaseTransport | None = None) -> None:
        env = os.environ if environ is None else environ
        account = Path(env.get("SERVICEACCOUNT_DIR") or SERVICEACCOUNT_DIR)
        host, port = env.get("KUBERNETES_SERVICE_HOST", ""), env.get("KUBERNETES_SERVICE_PORT", "443")
        if not host or not (account / "token").exists():
            raise LinkError(
                f"not running in a cluster: KUBERNETES_SERVICE_HOST is unset or {account}/token is missing "
                "(set SERVICEACCOUNT_DIR and NAMESPACE to run elsewhere)"
            )
        self.namespace = env.get("NAMESPACE") or (account / "namespace").read_text(encoding="utf-8").strip()
        # The service account's CA signs the API server's certificate; nothing else is trusted.
        context = ssl.create_default_context(cafile=str(account / "ca.crt"))
        # A projected token is rotated on disk; it is read once, for this short run.
        token = (account / "token").read_text(encoding="utf-8").strip()
        host = f"[{host}]" if ":" in host else host
        self.client = make_client(f"https://{host}:{port}", token, transport=transport, verify=context)

    def inference_service_path(self, name: str) -> str:
        return f"/apis/serving.kserve.io/v1beta1/namespaces/{quote(self.namespace)}/inferenceservices/{quote(name)}"

    def explain(self, error: HttpError, verb: str, name: str) -> LinkError:
        what = f"InferenceService {self.namespace}/{name}"
        if error.status == 404:
            return LinkError(f"{what} does not exist: Argo CD creates it from deploy/overlays/dev (external model server)")
        if error.status in (401, 403):
            return LinkError(
                f"the pipeline's service account may not {verb} {what} (HTTP {error.status}): "
                "deploy/pipelines/link-deployment-rbac.yaml must be synced and name this InferenceService"
            )
        return LinkError(f"could not {verb} {what}: {error}")

    def get_inference_service(self, name: str) -> dict[str, Any]:
        try:
            return request_json(self.client, "GET", self.inference_service_path(name))[1]
        except HttpError as error:
            raise self.explain(error, "get", name) from error

    def patch_inference_service(self, name: str, patch: dict[str, Any]) -> dict[str, Any]:
        try:
            return request_json(
                self.client,
                "PATCH",
                self.inference_service_path(name),
                params={"fieldManager": FIELD_MANAGER},
                content=json.dumps(patch).encode("utf-8"),
                headers={"Content-Type": "application/merge-patch+json"},
            )[1]
        except HttpError as error:
            raise self.explain(error, "patch", name) from error


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Point the dev InferenceService at a registered model version.")
    parser.add_argument("--version", help="the registry version to serve (default: the champion)")
    parser.add_argument("--dry-run", action="store_true", help="print the patch, change nothing")
    args = parser.parse_args(argv)
    name = os.environ.get("INFERENCE_SERVICE") or f"{settings.MODEL_NAME}-model"
    try:
        info = version_to_link(open_registry(), args.version)
        patch = link_patch(info)
        if args.dry_run:
            print(json.dumps(patch, indent=2))
            return 0
        cluster = Cluster()
        before = cluster.get_inference_service(name)
        previous = (before.get("metadata", {}).get("annotations") or {}).get(MODEL_VERSION_NAME, "nothing")
        cluster.patch_inference_service(name, patch)
    except (LinkError, HttpError) as error:
        print(f"link_deployment: {error}", file=sys.stderr)
        return 1
    labels = patch["metadata"]["labels"]
    print(
        f"InferenceService {cluster.namespace}/{name} now serves {settings.MODEL_NAME} {info.version} (was {previous}): "
        f"registered model {labels[REGISTERED_MODEL_ID]}, model version {labels[MODEL_VERSION_ID]}, "
        f"{patch['spec']['predictor']['model']['storageUri']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
