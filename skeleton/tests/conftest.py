"""Shared fixtures: a model trained once per test session into a temporary local registry."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from common import settings
from common.registry import LocalRegistry
from common.schema import FEATURE_NAMES, TARGET
from training.train import train

SAMPLE = settings.PROJECT_ROOT / "data" / "customers.csv"


@pytest.fixture(scope="session")
def sample() -> pd.DataFrame:
    return pd.read_csv(SAMPLE)


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> dict:
    """Trains on the sample data once; returns the train() result (metrics, lineage, model_dir)."""
    return train(SAMPLE, tmp_path_factory.mktemp("artifacts"))


@pytest.fixture
def registry(tmp_path: Path) -> LocalRegistry:
    return LocalRegistry(tmp_path / "registry", settings.MODEL_NAME)


@pytest.fixture
def champion_registry(registry: LocalRegistry, trained: dict) -> LocalRegistry:
    """A local registry whose champion is the session's trained model."""
    registry.register("0.0.1+test", trained["model_dir"], trained["metrics"], trained["lineage"])
    registry.set_champion("0.0.1+test")
    return registry


@pytest.fixture
def instance() -> dict:
    return {"tenure_months": 3, "monthly_charges": 99.5, "support_calls": 4, "contract": "month-to-month", "senior": False}


def features(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[list(FEATURE_NAMES)]


def labels(frame: pd.DataFrame) -> pd.Series:
    return frame[TARGET]
