"""Shared by the publish helper's tests (reports, registry, policy): where the real sample
reports are, and access to the fake model registry the Jest runner starts.

- MODELOPS_SPECS_DIR: the read-only specs collection (default: ../shared/specs beside the repo).
- MODELOPS_TEST_REGISTRY_URL / MODELOPS_TEST_REGISTRY_TOKEN: the fake Kubeflow Model Registry
  (test/src/fakes/kubeflowModelRegistry.ts). Registry tests are skipped without it; the Jest
  runner (test/src/modelops/modelops.test.ts) always sets it and fails on any skip.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[3]
SPECS = Path(os.environ.get("MODELOPS_SPECS_DIR") or REPO.parent / "shared" / "specs")
LLM_EVAL = SPECS / "llm-eval"

LM_EVAL_SAMPLES = {
    "0.4.13": LLM_EVAL / "lm-eval/samples/v0.4.13.dev0_qwen3-8b_negotiationtom/results_2026-07-08T18-15-33.115417.json",
    "0.4.8-mmlu": LLM_EVAL / "lm-eval/samples/v0.4.8_llama-3.1-8b_mmlu/results_2025-03-06T22-23-33.022702.json",
    "0.4.8-arc": LLM_EVAL
    / "lm-eval/samples/v0.4.8_qwen2.5-7b_arc-hellaswag-glue/results_2025-03-18T00-03-26.972068.json",
}
GUIDELLM_SAMPLES = {
    "legacy-json": LLM_EVAL / "guidellm/samples/legacy_guidellm-0.2.x/benchmarks_stripped.json",
    "legacy-yaml": LLM_EVAL / "guidellm/samples/legacy_guidellm-0.2.x/benchmark-results.yaml",
    "v1": LLM_EVAL
    / "guidellm/samples/report-v1_guidellm-0.5.0.dev0/Qwen_Qwen3-4B-Thinking-2507_tp4_quant-fp8_benchmarks.json",
    "v2": LLM_EVAL / "guidellm/samples/report-v2_guidellm-0.8.0.dev18_stripped/guidellm_report_v2.json",
}
API = "/api/model_registry/v1alpha3"


def sample(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"sample {path} is missing: set MODELOPS_SPECS_DIR to the specs collection")
    return path


class FakeRegistry:
    """The fake registry over HTTP: raw reads (to see exactly what was stored) and its switches."""

    def __init__(self, url: str, token: str | None):
        self.url = url
        self.token = token
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.http = httpx.Client(base_url=url, headers=headers, timeout=10, verify=not url.startswith("http://"))

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("MODEL_REGISTRY_URL", "MODEL_REGISTRY_TOKEN")}
        env["MODEL_REGISTRY_URL"] = self.url
        if self.token:
            env["MODEL_REGISTRY_TOKEN"] = self.token
        env.update(extra)
        return env

    def get(self, path: str, **params: str) -> Any:
        response = self.http.get(API + path, params=params)
        response.raise_for_status()
        return response.json()

    def version(self, model: str, version: str) -> dict[str, Any]:
        rm = self.get("/registered_model", name=model)
        return self.get("/model_version", name=version, parentResourceId=rm["id"])

    def artifacts(self, version_id: str) -> list[dict[str, Any]]:
        return self.get(f"/model_versions/{version_id}/artifacts")["items"]

    def count(self, path: str) -> int:
        return len(self.get(path, pageSize="1000")["items"])

    def fail_write(self, nth: int, status: int = 500) -> None:
        self.http.post("/__fake__/fail-write", params={"nth": str(nth), "status": str(status)}).raise_for_status()

    def requests(self) -> list[dict[str, Any]]:
        """Requests to the registry API so far (the fake's own control requests left out)."""
        return [r for r in self.http.get("/__fake__/requests").json() if r["path"].startswith(API)]


@pytest.fixture
def registry() -> FakeRegistry:
    url = os.environ.get("MODELOPS_TEST_REGISTRY_URL")
    if not url:
        pytest.skip("MODELOPS_TEST_REGISTRY_URL is not set (the fake registry runs from test/src/modelops)")
    return FakeRegistry(url, os.environ.get("MODELOPS_TEST_REGISTRY_TOKEN"))


def unique(prefix: str) -> str:
    """Model names unique per test: tests share one fake registry."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def summary(stdout: str) -> dict[str, Any]:
    return json.loads(stdout)
