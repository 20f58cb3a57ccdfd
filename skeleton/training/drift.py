"""Drift check: PSI per feature between recent inputs (a CSV) and the training data.

    python -m training.drift --recent recent.csv [--model-dir artifacts/model]

Prints the PSI of every feature as JSON and exits 1 when one exceeds drift.max_psi of the policy.
The service computes the same figures over its recent requests (gauge model_feature_drift_psi).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from common import settings
from common.drift import feature_psi, load_reference
from training.policy import load_policy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PSI per feature: recent inputs against the training data.")
    parser.add_argument("--recent", type=Path, required=True, help="CSV of recent inputs (contract columns)")
    parser.add_argument("--model-dir", type=Path, default=settings.ARTIFACTS_DIR / "model")
    parser.add_argument("--policy", type=Path, default=settings.POLICY_PATH)
    args = parser.parse_args(argv)
    reference = load_reference(args.model_dir / "reference.json")
    limit = float((load_policy(args.policy).get("drift") or {}).get("max_psi", 0.25))
    scores = feature_psi(reference, pd.read_csv(args.recent))
    drifted = sorted(name for name, value in scores.items() if value > limit)
    print(json.dumps({"psi": scores, "max_psi": limit, "drifted": drifted}, indent=2))
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
