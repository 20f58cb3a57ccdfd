"""Turns model probabilities into the contract's `Prediction` objects."""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np

from common.schema import CLASS_NAMES, Prediction

#: Probability of class 1 from which the label is 1. Tune it for your precision/recall trade-off.
DECISION_THRESHOLD = float(os.environ.get("DECISION_THRESHOLD", "0.5"))


def to_predictions(probabilities: Iterable[float], threshold: float = DECISION_THRESHOLD) -> list[Prediction]:
    result = []
    for probability in np.asarray(list(probabilities), dtype="float64"):
        if not np.isfinite(probability):
            raise ValueError("the model returned a non-finite probability")
        probability = float(min(1.0, max(0.0, probability)))
        label = int(probability >= threshold)
        result.append(Prediction(label=label, label_name=CLASS_NAMES[label], probability=round(probability, 6)))
    return result
