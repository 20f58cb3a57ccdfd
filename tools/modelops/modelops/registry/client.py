"""A small client of the Kubeflow Model Registry REST API v1alpha3 (the OpenShift AI model
registry), with idempotent get-or-create so a pipeline step can be re-run safely.

Writes are plain POST/PATCH without automatic retries: a step that fails midway is re-run, finds
what the first attempt created (by name) and completes it. customProperties are always written as
the version's whole merged map in one PATCH, so the figures of a run appear all at once.

The bearer token comes from the caller (the CLI reads `MODEL_REGISTRY_TOKEN`); it is only ever put
in the Authorization header, never in an error message or a log line.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

API = "/api/model_registry/v1alpha3"


class RegistryError(Exception):
    """The registry refused a request or could not be reached."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class RegistryClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: float = 30.0,
        verify: Any = True,
        transport: httpx.BaseTransport | None = None,
    ):
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._http = httpx.Client(
            base_url=base_url.rstrip("/") + API,
            headers=headers,
            timeout=timeout,
            verify=verify,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegistryClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- HTTP ---------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
        missing_ok: bool = False,
    ) -> Any:
        try:
            response = self._http.request(method, path, params=params, json=body)
        except httpx.HTTPError as err:
            # The exception text names the URL, never the headers.
            raise RegistryError(f"{method} {path}: the registry could not be reached: {err}") from None
        if response.status_code == 404 and missing_ok:
            return None
        if response.status_code >= 400:
            raise RegistryError(
                f"{method} {path}: HTTP {response.status_code}: {_message(response)}", response.status_code
            )
        try:
            return response.json()
        except ValueError:
            raise RegistryError(f"{method} {path}: the answer is not JSON") from None

    # -- RegisteredModel ----------------------------------------------------------------------

    def find_registered_model(self, name: str) -> dict[str, Any] | None:
        return self._request("GET", "/registered_model", params={"name": name}, missing_ok=True)

    def get_or_create_registered_model(self, name: str, **fields: Any) -> tuple[dict[str, Any], bool]:
        """Returns (model, created)."""
        found = self.find_registered_model(name)
        if found:
            return found, False
        body = {"name": name, **{k: v for k, v in fields.items() if v is not None}}
        try:
            return self._request("POST", "/registered_models", body=body), True
        except RegistryError as err:
            if err.status == 409:  # created meanwhile by a concurrent run
                found = self.find_registered_model(name)
                if found:
                    return found, False
            raise

    # -- ModelVersion -------------------------------------------------------------------------

    def find_model_version(self, registered_model_id: str, name: str) -> dict[str, Any] | None:
        return self._request(
            "GET", "/model_version", params={"name": name, "parentResourceId": registered_model_id}, missing_ok=True
        )

    def get_model_version(self, version_id: str) -> dict[str, Any]:
        return self._request("GET", f"/model_versions/{quote(version_id)}")

    def get_or_create_model_version(
        self, registered_model_id: str, name: str, **fields: Any
    ) -> tuple[dict[str, Any], bool]:
        found = self.find_model_version(registered_model_id, name)
        if found:
            return found, False
        body = {
            "name": name,
            "registeredModelId": registered_model_id,
            **{k: v for k, v in fields.items() if v is not None},
        }
        try:
            return self._request("POST", "/model_versions", body=body), True
        except RegistryError as err:
            if err.status == 409:
                found = self.find_model_version(registered_model_id, name)
                if found:
                    return found, False
            raise

    def resolve_version(self, model_name: str, version_name: str) -> dict[str, Any]:
        """The version by model and version name; a RegistryError (status 404) names what is missing."""
        model = self.find_registered_model(model_name)
        if not model:
            raise RegistryError(f"registered model {model_name!r} not found (run `modelops register` first)", 404)
        version = self.find_model_version(model["id"], version_name)
        if not version:
            raise RegistryError(
                f"version {version_name!r} of model {model_name!r} not found (run `modelops register` first)", 404
            )
        return version

    def update_version_properties(
        self, version_id: str, set_properties: dict[str, Any], remove: list[str] | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Merges into the version's customProperties and PATCHes the whole map in one request.
        Returns (version, changed); nothing is written when nothing would change."""
        current = self.get_model_version(version_id)
        existing = dict(current.get("customProperties") or {})
        merged = {k: v for k, v in existing.items() if k not in set(remove or [])}
        merged.update(set_properties)
        if merged == existing:
            return current, False
        return self._request("PATCH", f"/model_versions/{quote(version_id)}", body={"customProperties": merged}), True

    # -- Artifacts ----------------------------------------------------------------------------

    def find_version_artifact(self, version_id: str, name: str) -> dict[str, Any] | None:
        listing = self._request("GET", f"/model_versions/{quote(version_id)}/artifacts", params={"name": name})
        for item in listing.get("items") or []:
            if item.get("name") == name:
                return item
        return None

    def upsert_version_artifact(self, version_id: str, artifact: dict[str, Any]) -> tuple[dict[str, Any], str]:
        """Creates the named artifact on the version, or brings an existing one up to date.
        `artifact` must have `artifactType` and `name`. Returns (artifact, "created"|"updated"|"unchanged")."""
        found = self.find_version_artifact(version_id, artifact["name"])
        if not found:
            created = self._request("POST", f"/model_versions/{quote(version_id)}/artifacts", body=artifact)
            return created, "created"
        if found.get("artifactType") != artifact["artifactType"]:
            raise RegistryError(
                f"artifact {artifact['name']!r} of version {version_id} is a {found.get('artifactType')}, "
                f"not a {artifact['artifactType']}",
                409,
            )
        changes = {k: v for k, v in artifact.items() if k != "name" and found.get(k) != v}
        if not changes:
            return found, "unchanged"
        changes["artifactType"] = artifact["artifactType"]  # selects the schema of the update
        updated = self._request("PATCH", f"/artifacts/{quote(found['id'])}", body=changes)
        return updated, "updated"

    def list_version_artifacts(self, version_id: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        token = ""
        while True:
            params = {"pageSize": "100"}
            if token:
                params["nextPageToken"] = token
            page = self._request("GET", f"/model_versions/{quote(version_id)}/artifacts", params=params)
            items.extend(page.get("items") or [])
            token = page.get("nextPageToken") or ""
            if not token:
                return items


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200] or response.reason_phrase
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])[:500]
    return str(body)[:200]
