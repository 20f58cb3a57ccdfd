"""Feature preprocessing shared by training and serving (fitted on the training data only).

The fitted state is plain JSON (means, scales, categories), saved next to the model, so the
service transforms requests exactly as training transformed the dataset.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from common.schema import FEATURE_NAMES, Features, feature_specs


def to_frame(instances: Iterable[Features | Mapping[str, Any]]) -> pd.DataFrame:
    """Validated request instances (or plain dicts) as a DataFrame with the contract's columns."""
    rows = [item.model_dump() if isinstance(item, Features) else dict(item) for item in instances]
    return pd.DataFrame(rows, columns=list(FEATURE_NAMES))


class Preprocessor:
    """Standardises numeric features and one-hot encodes categorical ones."""

    def __init__(self) -> None:
        self.means: dict[str, float] = {}
        self.scales: dict[str, float] = {}
        self.categories: dict[str, list[str]] = {}
        self.fitted = False

    def fit(self, frame: pd.DataFrame) -> Preprocessor:
        if len(frame) == 0:
            raise ValueError("cannot fit the preprocessor on an empty dataset")
        for spec in feature_specs():
            if spec.kind == "categorical":
                self.categories[spec.name] = list(spec.categories)
            else:
                values = frame[spec.name].astype("float64")
                mean = float(values.mean())
                scale = float(values.std(ddof=0))
                self.means[spec.name] = mean
                # A constant column carries no information; scale 1 keeps it finite.
                self.scales[spec.name] = scale if np.isfinite(scale) and scale > 1e-12 else 1.0
        self.fitted = True
        return self

    @property
    def output_names(self) -> list[str]:
        names = []
        for spec in feature_specs():
            if spec.kind == "categorical":
                names.extend(f"{spec.name}={value}" for value in self.categories[spec.name])
            else:
                names.append(spec.name)
        return names

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Rows of `frame` as a float32 matrix; unknown categories encode as all zeros."""
        if not self.fitted:
            raise RuntimeError("the preprocessor is not fitted")
        missing = [name for name in FEATURE_NAMES if name not in frame.columns]
        if missing:
            raise ValueError(f"missing feature columns: {', '.join(missing)}")
        columns = []
        for spec in feature_specs():
            if spec.kind == "categorical":
                values = frame[spec.name].astype("object").to_numpy()
                for category in self.categories[spec.name]:
                    columns.append((values == category).astype("float64"))
            else:
                values = pd.to_numeric(frame[spec.name], errors="coerce").astype("float64").to_numpy()
                if np.isnan(values).any():
                    raise ValueError(f"feature {spec.name} has missing or non-numeric values")
                columns.append((values - self.means[spec.name]) / self.scales[spec.name])
        if len(frame) == 0:
            return np.zeros((0, len(columns)), dtype=np.float32)
        return np.column_stack(columns).astype(np.float32)

    def to_dict(self) -> dict[str, Any]:
        return {"means": self.means, "scales": self.scales, "categories": self.categories}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Preprocessor:
        pre = cls()
        pre.means = {k: float(v) for k, v in data["means"].items()}
        pre.scales = {k: float(v) for k, v in data["scales"].items()}
        pre.categories = {k: list(v) for k, v in data["categories"].items()}
        pre.fitted = True
        return pre

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Preprocessor:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
