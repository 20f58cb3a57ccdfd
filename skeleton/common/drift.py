"""Population stability index (PSI) per feature: recent inputs against the training data.

Training saves a reference profile (`reference.json`: quantile bin edges and proportions per
feature). The service and `python -m training.drift` compare recent inputs with it. A PSI below
0.1 is usually read as stable, 0.1-0.25 as a moderate shift, above 0.25 as a large one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from common.schema import feature_specs

BINS = 10
_EPSILON = 1e-4


def build_reference(frame: pd.DataFrame, bins: int = BINS) -> dict[str, Any]:
    """The distribution of each feature in `frame` (the training data)."""
    features: dict[str, Any] = {}
    for spec in feature_specs():
        values = frame[spec.name]
        if spec.kind == "categorical":
            counts = values.astype("object").value_counts(normalize=True)
            features[spec.name] = {
                "kind": "categorical",
                "categories": list(spec.categories),
                "proportions": [float(counts.get(c, 0.0)) for c in spec.categories],
            }
        else:
            numbers = values.astype("float64").to_numpy()
            edges = np.unique(np.quantile(numbers, np.linspace(0, 1, bins + 1))[1:-1])
            features[spec.name] = {
                "kind": "numeric",
                "edges": [float(e) for e in edges],
                "proportions": _histogram(numbers, edges).tolist(),
            }
    return {"rows": int(len(frame)), "features": features}


def _histogram(numbers: np.ndarray, edges: np.ndarray) -> np.ndarray:
    counts = np.bincount(np.searchsorted(edges, numbers, side="right"), minlength=len(edges) + 1)
    return counts / max(1, len(numbers))


def psi(expected: np.ndarray, actual: np.ndarray) -> float:
    expected = np.clip(np.asarray(expected, dtype="float64"), _EPSILON, None)
    actual = np.clip(np.asarray(actual, dtype="float64"), _EPSILON, None)
    return float(np.sum((actual - expected) * np.log(actual / expected)))


def feature_psi(reference: Mapping[str, Any], recent: pd.DataFrame) -> dict[str, float]:
    """PSI of every feature of `recent` against `reference`; empty when there is no recent data."""
    if len(recent) == 0:
        return {}
    result = {}
    for name, ref in reference["features"].items():
        if name not in recent.columns:
            continue
        if ref["kind"] == "categorical":
            counts = recent[name].astype("object").value_counts(normalize=True)
            actual = np.array([counts.get(c, 0.0) for c in ref["categories"]])
        else:
            actual = _histogram(recent[name].astype("float64").to_numpy(), np.asarray(ref["edges"]))
        result[name] = round(psi(np.asarray(ref["proportions"]), actual), 6)
    return result


def save_reference(reference: Mapping[str, Any], path: Path) -> None:
    path.write_text(json.dumps(reference, indent=2) + "\n", encoding="utf-8")


def load_reference(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
