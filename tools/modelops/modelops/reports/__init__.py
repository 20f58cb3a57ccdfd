"""Readers of evaluation reports: lm-eval `results_*.json` and GuideLLM `benchmarks.json|yaml`.

Both readers turn a whole report into a `ParsedReport` before anything is sent anywhere: a report
that is truncated, of an unknown format version or missing a headline figure raises
`ReportError` and nothing is published from it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import BadInput


class ReportError(BadInput):
    """The report cannot be read; the message names the file and what is wrong with it."""


@dataclass
class ParsedReport:
    """Figures of one run, keyed by their path under `<group>@<run>.` (docs/registry-properties.md)."""

    tool: str  # "lm-eval" | "guidellm"
    tool_version: str  # e.g. "lm-eval 0.4.13", written to `<group>@<run>.tool_version`
    dataset: str
    evaluated_at: str | None  # ISO 8601, UTC
    numbers: dict[str, float] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    # Figures the report has but that cannot be stored as numbers (NaN, infinity), with why.
    skipped: list[str] = field(default_factory=list)


def load_json(path: Path) -> Any:
    """Reads a JSON report; a truncated or otherwise broken file is a ReportError."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        # A whole report ends with its closing bracket; one cut off mid-write does not.
        ended = text.rstrip().endswith(("}", "]"))
        hint = "" if ended else " (the file ends early: truncated?)"
        raise ReportError(f"{path}: not valid JSON at line {err.lineno} column {err.colno}: {err.msg}{hint}") from None


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ReportError(f"{path}: cannot be read: {err}") from None


def is_finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
