"""The promotion policy (evaluation/policy.yaml) and its application: pure functions, no I/O
apart from reading the file, so tests can check every branch."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass
class Check:
    name: str
    passed: bool
    detail: str


def load_policy(path: Path) -> dict[str, Any]:
    policy = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if "policy_version" not in policy:
        raise ValueError(f"{path}: policy_version is required")
    if policy.get("no_champion", "promote") not in ("promote", "block"):
        raise ValueError(f"{path}: no_champion must be promote or block")
    return policy


def apply_policy(policy: dict[str, Any], candidate: dict[str, float], champion: dict[str, float] | None) -> tuple[bool, list[Check]]:
    """Returns (passed, checks). `champion` is None when no version has been promoted yet."""
    checks: list[Check] = []
    for metric, floor in (policy.get("thresholds") or {}).items():
        value = candidate.get(metric)
        if value is None:
            checks.append(Check(f"threshold:{metric}", False, f"{metric} was not recorded for the candidate"))
        else:
            checks.append(Check(f"threshold:{metric}", value >= float(floor), f"{metric} {value:.4f} >= {float(floor):.4f}"))
    if policy.get("beat_baseline"):
        accuracy, baseline = candidate.get("accuracy"), candidate.get("baseline_accuracy")
        if accuracy is None or baseline is None:
            checks.append(Check("baseline", False, "accuracy or baseline_accuracy was not recorded"))
        else:
            checks.append(Check("baseline", accuracy > baseline, f"accuracy {accuracy:.4f} > majority class {baseline:.4f}"))
    if champion is None:
        promote = policy.get("no_champion", "promote") == "promote"
        checks.append(Check("champion", promote, "no champion yet: " + ("first version may be promoted" if promote else "policy blocks")))
    else:
        for metric, tolerance in ((policy.get("champion") or {}).get("max_regression") or {}).items():
            value, reference = candidate.get(metric), champion.get(metric)
            if value is None or reference is None:
                checks.append(Check(f"champion:{metric}", False, f"{metric} missing for candidate or champion"))
                continue
            checks.append(
                Check(
                    f"champion:{metric}",
                    value >= reference - float(tolerance),
                    f"{metric} {value:.4f} >= champion {reference:.4f} - {float(tolerance):.4f}",
                )
            )
    return all(check.passed for check in checks), checks


def checks_as_dicts(checks: list[Check]) -> list[dict[str, Any]]:
    return [asdict(check) for check in checks]
