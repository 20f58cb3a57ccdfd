"""Evaluation gate: compares the candidate with the champion under evaluation/policy.yaml.

    python -m training.evaluate [--candidate VERSION] [--no-promote]

Exits 0 when the candidate passes (and promotes it to champion unless --no-promote), 1 when the
policy blocks it. Writes ARTIFACTS_DIR/evaluation.json, records the decision in the registry and,
when MODEL_CATALOG_INGEST_URL is set, posts it to the model catalog (MODEL_CATALOG_INGEST_TOKEN
as bearer token).
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

from common import settings
from common.http import HttpError, make_client, request_json
from common.registry import Registry, open_registry
from training.policy import apply_policy, checks_as_dicts, load_policy

log = logging.getLogger("training.evaluate")


def evaluate(registry: Registry, candidate_version: str, policy: dict[str, Any], promote: bool = True) -> dict[str, Any]:
    candidate = registry.get_version(candidate_version)
    if candidate is None:
        raise LookupError(f"candidate version {candidate_version} is not registered")
    champion = registry.get_champion()
    passed, checks = apply_policy(policy, candidate.metrics, champion.metrics if champion else None)
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


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description="Compare the candidate with the champion and promote it if it passes.")
    parser.add_argument("--candidate", help="version to evaluate (default: the one the last training registered)")
    parser.add_argument("--policy", type=Path, default=settings.POLICY_PATH)
    parser.add_argument("--artifacts", type=Path, default=settings.ARTIFACTS_DIR)
    parser.add_argument("--no-promote", action="store_true", help="evaluate and record only")
    args = parser.parse_args(argv)
    version = args.candidate
    if not version:
        candidate_file = args.artifacts / "candidate.json"
        if not candidate_file.exists():
            print("no candidate: run `python -m training.train` first or pass --candidate", file=sys.stderr)
            return 2
        version = json.loads(candidate_file.read_text(encoding="utf-8"))["version"]
    report = evaluate(open_registry(), version, load_policy(args.policy), promote=not args.no_promote)
    report["catalog_notified"] = report_to_catalog(report)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    (args.artifacts / "evaluation.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for check in report["checks"]:
        print(f"{'PASS' if check['passed'] else 'FAIL'} {check['name']}: {check['detail']}")
    print(f"decision: {report['decision']} (candidate {report['candidate']}, champion {report['champion']})")
    return 0 if report["decision"] == "promote" else 1


if __name__ == "__main__":
    sys.exit(main())
