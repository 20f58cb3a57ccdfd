"""Evaluation gate: compares the candidate with the champion under evaluation/policy.yaml.

    python -m training.evaluate [--candidate VERSION] [--no-promote]

Exits 0 when the candidate passes (and promotes it to champion unless --no-promote), 1 when the
policy blocks it, 2 when the candidate or its storage cannot be read. Besides the policy's checks,
the candidate's files must load from where the registry says they are (an s3:// URI is
downloaded to MODEL_CACHE_DIR first): a version serving could not load is never promoted. Writes
ARTIFACTS_DIR/evaluation.json, records the decision in the registry and, when
MODEL_CATALOG_INGEST_URL is set, posts it to the model catalog (MODEL_CATALOG_INGEST_TOKEN as
bearer token).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pandas as pd

from common import settings, storage
from common.http import HttpError, make_client, request_json
from common.model import Model
from common.registry import Registry, open_registry
from common.schema import FEATURE_NAMES
from training.policy import Check, apply_policy, checks_as_dicts, load_policy
from training.train import candidate_uri

log = logging.getLogger("training.evaluate")


SMOKE_ROWS = 5


def artifact_check(uri: str) -> Check:
    """Whether the files at `uri` load as this project's model and score a few rows of the data.

    A storage that is not configured or cannot be reached raises (StorageError): that is the
    platform's problem, not the candidate's, and must not be recorded as its decision.
    """
    if not uri:
        return Check("artifact", False, "the registry records no artifact URI for the candidate")
    try:
        directory = storage.local_dir(uri, settings.MODEL_CACHE_DIR)
        model = Model.load(directory)
        if settings.DATA_PATH.exists():
            rows = pd.read_csv(settings.DATA_PATH, nrows=SMOKE_ROWS)[list(FEATURE_NAMES)]
            scores = model.predict_proba(rows)
            if not (np.isfinite(scores).all() and ((scores >= 0) & (scores <= 1)).all()):
                return Check("artifact", False, f"the model at {uri} scores outside [0, 1]")
            return Check("artifact", True, f"loads from {uri} and scores {len(rows)} rows")
        return Check("artifact", True, f"loads from {uri}")
    except storage.NoSuchArtifact as error:
        return Check("artifact", False, str(error))
    except (OSError, ValueError, KeyError) as error:  # missing or foreign model files
        return Check("artifact", False, f"the model at {uri} does not load: {error}")


def evaluate(registry: Registry, candidate_version: str, policy: dict[str, Any], promote: bool = True) -> dict[str, Any]:
    candidate = registry.get_version(candidate_version)
    if candidate is None:
        raise LookupError(f"candidate version {candidate_version} is not registered")
    champion = registry.get_champion()
    passed, checks = apply_policy(policy, candidate.metrics, champion.metrics if champion else None)
    checks.append(artifact_check(candidate.artifact_uri))
    passed = passed and checks[-1].passed
    report: dict[str, Any] = {
        "model": settings.MODEL_NAME,
        "candidate": candidate.version,
        "champion": champion.version if champion else None,
        "decision": "promote" if passed else "block",
        "promoted": False,
        "policy_version": policy["policy_version"],
        "metrics": candidate.metrics,
        "champion_metrics": champion.metrics if champion else None,
        "checks": checks_as_dicts(checks),
        "evaluated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    registry.record_evaluation(candidate.version, report)
    if passed and promote and (champion is None or champion.version != candidate.version):
        registry.set_champion(candidate.version)
        report["promoted"] = True
    return report


def catalog_payload(report: dict[str, Any]) -> dict[str, Any]:
    """The model catalog's ingest request for one evaluation (POST /api/model-catalog/ingest).

    The id makes a retry of the same evaluation harmless: the catalog stores it once.
    """
    metrics = [
        {"name": name, "value": float(value), "source": "training"}
        for name, value in (report.get("metrics") or {}).items()
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    ]
    evaluation_id = f"evaluation:{report['model']}:{report['candidate']}:{report['evaluated_at']}"
    return {
        "id": re.sub(r"[^A-Za-z0-9._:/-]", "-", evaluation_id)[:128],
        "kind": "evaluation",
        "model": report["model"],
        "version": report["candidate"],
        "evaluation": {
            "name": "promotion-policy",
            "kind": "policy",
            "evaluatedAt": report["evaluated_at"],
            "passed": report["decision"] == "promote",
            "policy": f"evaluation/policy.yaml@{report['policy_version']}",
            "metrics": metrics,
        },
    }


def report_to_catalog(report: dict[str, Any], transport: httpx.BaseTransport | None = None) -> bool:
    """Posts the report to the model catalog's ingest endpoint; a failure is logged, not fatal."""
    url = os.environ.get("MODEL_CATALOG_INGEST_URL", "")
    if not url:
        return False
    try:
        with make_client(url, os.environ.get("MODEL_CATALOG_INGEST_TOKEN") or None, transport=transport) as client:
            request_json(client, "POST", "", json=catalog_payload(report))
        return True
    except HttpError as error:
        log.warning("could not report to the model catalog: %s", error)
        return False


def last_trained(artifacts: Path) -> str | None:
    """The version `python -m training.train` registered last: from its candidate.json in this
    pod's ARTIFACTS_DIR or, when training ran in another pod (a pipeline), from object storage."""
    candidate_file = artifacts / "candidate.json"
    if candidate_file.exists():
        return json.loads(candidate_file.read_text(encoding="utf-8"))["version"]
    base_uri = os.environ.get("MODEL_ARTIFACT_BASE_URI", "")
    if storage.is_s3(base_uri):
        found = storage.get_json(candidate_uri(base_uri))
        return found["version"] if found else None
    return None


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description="Compare the candidate with the champion and promote it if it passes.")
    parser.add_argument("--candidate", help="version to evaluate (default: the one the last training registered)")
    parser.add_argument("--policy", type=Path, default=settings.POLICY_PATH)
    parser.add_argument("--artifacts", type=Path, default=settings.ARTIFACTS_DIR)
    parser.add_argument("--no-promote", action="store_true", help="evaluate and record only")
    args = parser.parse_args(argv)
    try:
        version = args.candidate or last_trained(args.artifacts)
    except storage.StorageError as error:
        print(f"could not read the candidate's name: {error}", file=sys.stderr)
        return 2
    if not version:
        print("no candidate: run `python -m training.train` first or pass --candidate", file=sys.stderr)
        return 2
    try:
        report = evaluate(open_registry(), version, load_policy(args.policy), promote=not args.no_promote)
    except storage.StorageError as error:
        print(f"could not read the candidate's model files: {error}", file=sys.stderr)
        return 2
    report["catalog_notified"] = report_to_catalog(report)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    (args.artifacts / "evaluation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for check in report["checks"]:
        print(f"{'PASS' if check['passed'] else 'FAIL'} {check['name']}: {check['detail']}")
    print(f"decision: {report['decision']} (candidate {report['candidate']}, champion {report['champion']})")
    return 0 if report["decision"] == "promote" else 1


if __name__ == "__main__":
    sys.exit(main())
