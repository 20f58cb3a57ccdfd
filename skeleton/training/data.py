"""Loads the training data and checks it against the contract before anything is trained.

A bad dataset stops training with a report naming every problem: missing columns, missing
values, values outside the ranges or categories of common/schema.py, a single-class label.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from common.schema import TARGET, feature_specs

#: Rows with problems tolerated before the dataset is refused (they are dropped).
MAX_BAD_ROW_FRACTION = 0.0
MIN_ROWS = 50


class DataValidationError(ValueError):
    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report.render())
        self.report = report


@dataclass
class ValidationReport:
    rows: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def render(self) -> str:
        if self.ok:
            return f"dataset OK: {self.rows} rows"
        lines = [f"dataset refused ({self.rows} rows, {len(self.problems)} problems):"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def dataset_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def load(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise FileNotFoundError(f"training data not found: {path}")
    return pd.read_csv(path)


def validate(frame: pd.DataFrame, require_target: bool = True) -> ValidationReport:
    report = ValidationReport(rows=len(frame))
    if len(frame) < MIN_ROWS:
        report.problems.append(f"only {len(frame)} rows; at least {MIN_ROWS} are needed")
    columns = [spec.name for spec in feature_specs()] + ([TARGET] if require_target else [])
    for name in columns:
        if name not in frame.columns:
            report.problems.append(f"column {name!r} is missing")
    for spec in feature_specs():
        if spec.name not in frame.columns:
            continue
        values = frame[spec.name]
        missing = int(values.isna().sum())
        if missing:
            report.problems.append(f"column {spec.name!r}: {missing} missing values")
        present = values.dropna()
        if spec.kind == "categorical":
            unknown = sorted(set(present.astype(str)) - set(spec.categories))
            if unknown:
                report.problems.append(f"column {spec.name!r}: unknown categories {unknown[:5]}; allowed: {list(spec.categories)}")
            continue
        numbers = pd.to_numeric(present, errors="coerce")
        bad = int(numbers.isna().sum())
        if bad:
            report.problems.append(f"column {spec.name!r}: {bad} non-numeric values")
        numbers = numbers.dropna()
        if spec.kind in ("integer", "boolean") and (numbers % 1 != 0).any():
            report.problems.append(f"column {spec.name!r}: non-integer values")
        below = int((numbers < spec.minimum).sum()) if spec.minimum is not None else 0
        above = int((numbers > spec.maximum).sum()) if spec.maximum is not None else 0
        if below or above:
            report.problems.append(f"column {spec.name!r}: {below + above} values outside [{spec.minimum}, {spec.maximum}]")
    if require_target and TARGET in frame.columns:
        labels = frame[TARGET]
        if labels.isna().any():
            report.problems.append(f"label {TARGET!r}: {int(labels.isna().sum())} missing values")
        elif not set(labels.unique()) <= {0, 1}:
            report.problems.append(f"label {TARGET!r}: values other than 0 and 1")
        elif labels.nunique() < 2:
            report.problems.append(f"label {TARGET!r}: only one class present")
    return report


def load_validated(path: Path) -> pd.DataFrame:
    frame = load(path)
    report = validate(frame)
    if not report.ok:
        raise DataValidationError(report)
    return frame
