import json

import httpx

from common import settings
from training.evaluate import evaluate, report_to_catalog
from training.policy import apply_policy, load_policy
from training.release import champion_release

POLICY = load_policy(settings.POLICY_PATH)
GOOD = {"accuracy": 0.95, "f1": 0.95, "precision": 0.95, "recall": 0.95, "roc_auc": 0.97, "baseline_accuracy": 0.7}


def test_policy_file_is_valid():
    assert POLICY["policy_version"] >= 1 and POLICY["thresholds"]


def test_no_champion_yet_promotes_a_good_candidate():
    passed, checks = apply_policy(POLICY, GOOD, None)
    assert passed and any(c.name == "champion" for c in checks)


def test_no_champion_yet_can_be_blocked_by_policy():
    assert not apply_policy({**POLICY, "no_champion": "block"}, GOOD, None)[0]


def test_below_threshold_fails():
    bad = {key: 0.1 for key in GOOD} | {"baseline_accuracy": 0.7}
    passed, checks = apply_policy(POLICY, bad, None)
    assert not passed and any(c.name.startswith("threshold:") and not c.passed for c in checks)


def test_regression_against_champion_fails_and_improvement_passes():
    worse = {key: value - 0.1 for key, value in GOOD.items()}
    assert not apply_policy(POLICY, worse, GOOD)[0] or not POLICY.get("champion")
    assert apply_policy(POLICY, GOOD, worse)[0]


def test_evaluate_promotes_first_then_blocks_a_worse_candidate(registry, trained):
    registry.register("1.0.0+a", trained["model_dir"], GOOD, {})
    report = evaluate(registry, "1.0.0+a", POLICY)
    assert report["decision"] == "promote" and report["promoted"] and report["champion"] is None
    assert registry.get_champion().version == "1.0.0+a"
    worse = {key: value - 0.2 for key, value in GOOD.items()} | {"baseline_accuracy": 0.1}
    registry.register("1.0.1+b", trained["model_dir"], worse, {})
    report = evaluate(registry, "1.0.1+b", POLICY)
    assert report["decision"] == "block" and not report["promoted"]
    assert registry.get_champion().version == "1.0.0+a"


def test_report_goes_to_the_catalog_when_configured(monkeypatch):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers.get("authorization"), json.loads(request.content)))
        return httpx.Response(201, json={})

    report = {
        "model": "churn",
        "candidate": "0.1.0+20261125T101500Z",
        "decision": "promote",
        "policy_version": 3,
        "metrics": {"f1": 0.91, "accuracy": 0.93, "rows": 400, "bad": float("nan")},
        "evaluated_at": "2026-11-25T10:15:00+00:00",
    }
    assert not report_to_catalog(report)
    monkeypatch.setenv("MODEL_CATALOG_INGEST_URL", "http://catalog.test/ingest")
    monkeypatch.setenv("MODEL_CATALOG_INGEST_TOKEN", "secret")
    assert report_to_catalog(report, transport=httpx.MockTransport(handler))
    [(authorization, body)] = seen
    assert authorization == "Bearer secret"
    # The shape the model catalog's ingest endpoint accepts (strict: no other fields).
    assert body == {
        "id": "evaluation:churn:0.1.0-20261125T101500Z:2026-11-25T10:15:00-00:00",
        "kind": "evaluation",
        "model": "churn",
        "version": "0.1.0+20261125T101500Z",
        "evaluation": {
            "name": "promotion-policy",
            "kind": "policy",
            "evaluatedAt": "2026-11-25T10:15:00+00:00",
            "passed": True,
            "policy": "evaluation/policy.yaml@3",
            "metrics": [
                {"name": "f1", "value": 0.91, "source": "training"},
                {"name": "accuracy", "value": 0.93, "source": "training"},
                {"name": "rows", "value": 400.0, "source": "training"},
            ],
        },
    }


def test_release_hands_on_the_champion(registry, trained):
    assert champion_release(registry) is None
    registry.register("1.0.0+a", trained["model_dir"], GOOD, {})
    registry.set_champion("1.0.0+a")
    release = champion_release(registry)
    assert release["version"] == "1.0.0+a" and release["artifact_uri"]
    # The local registry has no IDs; the OpenShift AI model registry's client fills them in.
    assert release["registered_model_id"] == "" and release["model_version_id"] == ""
