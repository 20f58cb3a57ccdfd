"""Trains the model: load and validate data, fit, evaluate on a held-out split, save, register.

    python -m training.train [--data data/customers.csv] [--no-register]

Writes ARTIFACTS_DIR/model/ (the model directory), ARTIFACTS_DIR/metrics.json and
ARTIFACTS_DIR/candidate.json (the registered version, read by `python -m training.evaluate`).
When MODEL_ARTIFACT_BASE_URI is an s3:// URI, the model directory is uploaded to
<MODEL_ARTIFACT_BASE_URI>/<model>/<version>/ before the version is registered with that URI, so
the evaluation step, serving and KServe (other pods) can read it (see common/storage.py), and
candidate.json is also written to <MODEL_ARTIFACT_BASE_URI>/<model>/candidate.json.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sklearn.model_selection import train_test_split

from common import __version__, settings, storage
from common.drift import build_reference, save_reference
from common.model import Model
from common.registry import open_registry
from common.registry.base import artifact_uri
from common.schema import FEATURE_NAMES, TARGET
from training.data import DataValidationError, dataset_hash, load_validated
from training.metrics import compute_metrics

log = logging.getLogger("training.train")

TEST_SIZE = 0.25
SEED = 42


def git_commit() -> str:
    """The commit being trained (CI passes GIT_COMMIT; locally git is asked)."""
    if os.environ.get("GIT_COMMIT"):
        return os.environ["GIT_COMMIT"]
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=settings.PROJECT_ROOT, capture_output=True, text=True, timeout=5)
        return result.stdout.strip() if result.returncode == 0 else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def version_name(build_id: str | None = None) -> str:
    """`<__version__>+<build>`: the release in common/__init__.py plus this training run's id."""
    build = build_id or os.environ.get("MODEL_BUILD_ID") or datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    return f"{__version__}+{build}"


def candidate_uri(base_uri: str) -> str:
    """Where training leaves the version it registered last, for `python -m training.evaluate` in another pod."""
    return f"{base_uri.rstrip('/')}/{settings.MODEL_NAME}/candidate.json"


def train(data_path: Path, artifacts_dir: Path, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Trains and saves a model; returns metrics and lineage (no registry involved)."""
    started = time.monotonic()
    frame = load_validated(data_path)
    features, labels = frame[list(FEATURE_NAMES)], frame[TARGET].astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=TEST_SIZE, random_state=SEED, stratify=labels)
    model = Model(params).fit(x_train, y_train)
    metrics = compute_metrics(y_test.to_numpy(), model.predict_proba(x_test))

    model_dir = artifacts_dir / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model.version = __version__
    model.save(model_dir)
    save_reference(build_reference(x_train), model_dir / "reference.json")
    (model_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    (artifacts_dir / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    lineage = {
        "git_commit": git_commit(),
        "dataset_hash": dataset_hash(data_path),
        "dataset_rows": str(len(frame)),
        "framework": settings.FRAMEWORK,
        "release": __version__,
        "author": os.environ.get("MODEL_AUTHOR") or getpass.getuser(),
    }
    log.info("trained in %.1f s: %s", time.monotonic() - started, metrics)
    return {"metrics": metrics, "lineage": lineage, "model_dir": model_dir}


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(description="Train, evaluate on a held-out split and register the model.")
    parser.add_argument("--data", type=Path, default=settings.DATA_PATH)
    parser.add_argument("--artifacts", type=Path, default=settings.ARTIFACTS_DIR)
    parser.add_argument("--no-register", action="store_true", help="train and save only")
    args = parser.parse_args(argv)
    args.artifacts.mkdir(parents=True, exist_ok=True)
    try:
        result = train(args.data, args.artifacts)
    except DataValidationError as error:
        print(error.report.render(), file=sys.stderr)
        return 2
    metrics = result["metrics"]
    print(json.dumps({"metrics": metrics}, indent=2))
    if args.no_register:
        return 0
    version = version_name()
    registry = open_registry()
    base_uri = os.environ.get("MODEL_ARTIFACT_BASE_URI", "")
    if storage.is_s3(base_uri):
        # A registered version's files are never overwritten; an unregistered leftover of a
        # failed run with the same build id is.
        if registry.get_version(version) is not None:
            print(f"model version {version} is already registered: set another MODEL_BUILD_ID", file=sys.stderr)
            return 1
        target = artifact_uri(result["model_dir"], settings.MODEL_NAME, version, base_uri)
        try:
            keys = storage.upload_dir(result["model_dir"], target)
        except storage.StorageError as error:
            print(f"could not store the model: {error}", file=sys.stderr)
            return 1
        print(f"uploaded {len(keys)} files to {target}")
    info = registry.register(version, result["model_dir"], metrics, result["lineage"])
    candidate = {"version": info.version, "artifact_uri": info.artifact_uri}
    (args.artifacts / "candidate.json").write_text(json.dumps(candidate, indent=2) + "\n", encoding="utf-8")
    if storage.is_s3(base_uri):
        # The evaluation step runs in another pod: it finds the candidate next to the versions.
        try:
            storage.put_json(candidate_uri(base_uri), candidate)
        except storage.StorageError as error:
            print(f"registered {info.version}, but could not hand it on to evaluation: {error}", file=sys.stderr)
            return 1
    print(f"registered {settings.MODEL_NAME} version {info.version} ({settings.REGISTRY_KIND})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
