import json

import pandas as pd
import pytest

from common.model import Model
from common.schema import TARGET
from tests.conftest import SAMPLE, features
from training.data import DataValidationError, load_validated, validate
from training.train import main, version_name


def test_training_beats_the_majority_class(trained):
    metrics = trained["metrics"]
    assert metrics["accuracy"] > metrics["baseline_accuracy"] + 0.05
    assert metrics["roc_auc"] > 0.75


def test_saved_model_loads_and_predicts_the_same(trained, sample):
    model = Model.load(trained["model_dir"])
    again = Model.load(trained["model_dir"])
    head = features(sample).head(20)
    probabilities = model.predict_proba(head)
    assert ((probabilities >= 0) & (probabilities <= 1)).all()
    assert (probabilities == again.predict_proba(head)).all()
    assert (trained["model_dir"] / "reference.json").exists()


def test_lineage_is_recorded(trained):
    assert trained["lineage"]["dataset_hash"].startswith("sha256:")
    assert "git_commit" in trained["lineage"]


def test_sample_dataset_is_valid():
    assert len(load_validated(SAMPLE)) > 1000


@pytest.mark.parametrize(
    "corrupt,problem",
    [
        (lambda f: f.drop(columns=["contract"]), "'contract' is missing"),
        (lambda f: f.assign(monthly_charges=f.monthly_charges.where(f.index % 10 != 0)), "missing values"),
        (lambda f: f.assign(tenure_months=f.tenure_months - 1000), "outside"),
        (lambda f: f.assign(contract="weekly"), "unknown categories"),
        (lambda f: f.assign(**{TARGET: 0}), "only one class"),
        (lambda f: f.head(10), "rows"),
    ],
)
def test_bad_dataset_is_refused_with_a_report(sample, corrupt, problem):
    report = validate(corrupt(sample.copy()))
    assert not report.ok
    assert problem in report.render()


def test_bad_dataset_stops_training(sample, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    sample.assign(contract="weekly").to_csv(bad, index=False)
    assert main(["--data", str(bad), "--artifacts", str(tmp_path / "out"), "--no-register"]) == 2
    assert "unknown categories" in capsys.readouterr().err
    with pytest.raises(DataValidationError):
        load_validated(bad)


def test_cli_trains_and_registers(tmp_path, monkeypatch):
    monkeypatch.setenv("MODEL_BUILD_ID", "test")
    monkeypatch.setattr("common.settings.REGISTRY_KIND", "local")
    monkeypatch.setattr("common.settings.LOCAL_REGISTRY_DIR", tmp_path / "registry")
    assert main(["--artifacts", str(tmp_path / "out")]) == 0
    candidate = json.loads((tmp_path / "out" / "candidate.json").read_text())
    assert candidate["version"] == version_name("test")
    assert pd.notna(json.loads((tmp_path / "out" / "metrics.json").read_text())["f1"])
