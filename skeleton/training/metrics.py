"""Classification metrics on a held-out split, as plain floats (what registries store)."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score


def compute_metrics(labels: np.ndarray, probabilities: np.ndarray, threshold: float = 0.5) -> dict[str, float]:
    labels = np.asarray(labels, dtype="int64")
    predicted = (np.asarray(probabilities) >= threshold).astype("int64")
    majority = int(np.bincount(labels, minlength=2).argmax())
    metrics = {
        "accuracy": accuracy_score(labels, predicted),
        "f1": f1_score(labels, predicted, zero_division=0),
        "precision": precision_score(labels, predicted, zero_division=0),
        "recall": recall_score(labels, predicted, zero_division=0),
        "roc_auc": roc_auc_score(labels, probabilities) if len(np.unique(labels)) == 2 else 0.5,
        # What always answering the majority class would score: the floor to beat.
        "baseline_accuracy": float(np.mean(labels == majority)),
    }
    return {key: round(float(value), 6) for key, value in metrics.items()}
