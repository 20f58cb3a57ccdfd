"""Results as Kubeflow Model Registry custom properties, exactly as `docs/registry-properties.md`
(the contract with the model catalog backend) names and types them.

Every figure is a `MetadataDoubleValue` (a JSON number, never a string); flags are
`MetadataBoolValue`; texts and labels (empty strings) are `MetadataStringValue`.
"""

from __future__ import annotations

import math
import re
from typing import Any

from . import BadInput
from .reports import ParsedReport

RUN_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
GROUPS = ("eval", "lm_eval", "guidellm", "intake")
# What the tool is allowed to write outside the `<group>[@<run>].` namespace.
INTAKE_LABELS = ("approved", "rejected")

MetadataValue = dict[str, Any]


def validate_run(run: str, flag: str = "--run") -> str:
    if not RUN_RE.match(run or ""):
        raise BadInput(
            f"{flag} {run!r} is not a run name: lowercase letters, digits and '-', starting with a "
            "letter or digit (e.g. baseline, custom-support-tickets)"
        )
    return run


def prefix(group: str, run: str) -> str:
    """`lm_eval@baseline`; the run `default` is written without `@run`."""
    if group not in GROUPS:
        raise ValueError(f"unknown property group {group!r}")
    validate_run(run)
    return group if run == "default" else f"{group}@{run}"


def double(value: float) -> MetadataValue:
    number = float(value)
    if not math.isfinite(number):
        # json.dumps would write NaN, which the registry rejects as invalid JSON.
        raise ValueError(f"{value!r} cannot be stored as a double")
    return {"metadataType": "MetadataDoubleValue", "double_value": number}


def string(value: str) -> MetadataValue:
    return {"metadataType": "MetadataStringValue", "string_value": str(value)}


def boolean(value: bool) -> MetadataValue:
    return {"metadataType": "MetadataBoolValue", "bool_value": bool(value)}


def label() -> MetadataValue:
    """The OpenShift AI dashboard stores a label as a string property with an empty value."""
    return string("")


def report_properties(group: str, run: str, report: ParsedReport, report_uri: str | None) -> dict[str, MetadataValue]:
    """All properties one parsed report contributes to a ModelVersion."""
    head = prefix(group, run)
    properties: dict[str, MetadataValue] = {}
    for path, value in sorted(report.numbers.items()):
        properties[f"{head}.{path}"] = double(value)
    for path, flag in sorted(report.flags.items()):
        properties[f"{head}.{path}"] = boolean(flag)
    properties[f"{head}.dataset"] = string(report.dataset)
    properties[f"{head}.tool_version"] = string(report.tool_version)
    if report.evaluated_at:
        properties[f"{head}.evaluated_at"] = string(report.evaluated_at)
    if report_uri:
        properties[f"{head}.report_uri"] = string(report_uri)
    return properties


def run_keys(properties: dict[str, Any], group: str, run: str) -> list[str]:
    """Keys of one run's figures already on a version (to replace a previous publish of it)."""
    head = prefix(group, run) + "."
    return [key for key in properties if key.startswith(head)]


def numbers_of(properties: dict[str, MetadataValue], group: str, run: str) -> dict[str, float]:
    """The run's double figures by path, read back from a version's customProperties."""
    head = prefix(group, run) + "."
    numbers: dict[str, float] = {}
    for key, value in properties.items():
        if key.startswith(head) and isinstance(value, dict) and value.get("metadataType") == "MetadataDoubleValue":
            numbers[key[len(head) :]] = float(value["double_value"])
    return numbers
