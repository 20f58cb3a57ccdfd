"""The versioned intake policy: parsing, the decision, and what `decide` writes on the version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from modelops import BadInput
from modelops import properties as props
from modelops.cli import main
from modelops.policy import evaluate, load_policy
from publish_support import GUIDELLM_SAMPLES, LM_EVAL_SAMPLES, REPO, FakeRegistry, registry, unique

__all__ = ["registry"]

EXAMPLE = REPO / "tools" / "modelops" / "intake-policy.example.yaml"


def write_policy(tmp_path: Path, **changes) -> Path:
    document = yaml.safe_load(EXAMPLE.read_text())
    document.update(changes)
    path = tmp_path / f"policy-{document['version']}.yaml"
    path.write_text(yaml.safe_dump(document))
    return path


def passing_properties() -> dict:
    values = {
        "lm_eval@baseline.arc_easy.acc_norm": 0.77,
        "lm_eval@baseline.hellaswag.acc_norm": 0.8,
        "guidellm@baseline.synchronous.ttft_ms.p99": 120.0,
        "guidellm@baseline.synchronous.itl_ms.p99": 12.0,
    }
    return {k: props.double(v) for k, v in values.items()}


ALL_CHECKS = {name: {"passed": True} for name in ("verify-checksums", "check-formats", "check-license")}


def test_the_example_policy_is_valid():
    policy = load_policy(EXAMPLE)
    assert policy.label == "intake-policy@1"
    assert [r.path for r in policy.lm_eval] == ["arc_easy.acc_norm", "hellaswag.acc_norm"]


def test_approved_when_every_rule_holds():
    decision = evaluate(load_policy(EXAMPLE), passing_properties(), ALL_CHECKS)
    assert decision.approved and decision.reasons == []


def test_rejected_with_one_reason_per_broken_rule():
    properties = passing_properties()
    properties["lm_eval@baseline.arc_easy.acc_norm"] = props.double(0.5)
    properties["guidellm@baseline.synchronous.ttft_ms.p99"] = props.double(900.0)
    del properties["lm_eval@baseline.hellaswag.acc_norm"]
    checks = {**ALL_CHECKS, "check-license": {"passed": False}}
    del checks["check-formats"]
    decision = evaluate(load_policy(EXAMPLE), properties, checks)
    assert not decision.approved
    assert decision.reasons == [
        "required check check-formats has no result",
        "check check-license failed",
        "lm_eval@baseline.arc_easy.acc_norm = 0.5 < min 0.7",
        "lm_eval@baseline.hellaswag.acc_norm is missing (was the benchmark published?)",
        "guidellm@baseline.synchronous.ttft_ms.p99 = 900 > max 500",
    ]
    assert (decision.lm_eval_passed, decision.guidellm_passed) == (False, False)


def test_figures_stored_as_strings_do_not_count():
    properties = passing_properties()
    properties["lm_eval@baseline.arc_easy.acc_norm"] = props.string("0.9")
    decision = evaluate(load_policy(EXAMPLE), properties, ALL_CHECKS)
    assert decision.reasons == ["lm_eval@baseline.arc_easy.acc_norm is missing (was the benchmark published?)"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"format": "modelops-intake-policy/v9"}, "this tool reads 'modelops-intake-policy/v1'"),
        ({"thresholds": {}}, "thresholds: Extra inputs are not permitted"),
        ({"version": 0}, "version: Input should be greater than or equal to 1"),
        ({"lm_eval": [{"task": "arc_easy", "metric": "acc"}]}, "lm_eval.0: Value error, give min, max or both"),
        ({"guidellm": [{"level": "synchronous", "measure": "ttft", "stat": "p99", "max": 1}]}, "guidellm.0.measure"),
        ({"run": "Base Line"}, "run: Value error"),
    ],
)
def test_a_malformed_policy_names_the_field(tmp_path, changes, message):
    with pytest.raises(BadInput, match=None) as info:
        load_policy(write_policy(tmp_path, **changes))
    assert message in str(info.value)


def test_unreadable_policy(tmp_path):
    broken = tmp_path / "p.yaml"
    broken.write_text("format: [unclosed")
    with pytest.raises(BadInput, match="cannot be read"):
        load_policy(broken)
    with pytest.raises(BadInput, match="no such file"):
        load_policy(tmp_path / "missing.yaml")


# -- decide against the fake registry ------------------------------------------------------------


@pytest.fixture
def published(registry: FakeRegistry, monkeypatch, capsys, tmp_path) -> tuple[FakeRegistry, str, list[str]]:
    """A version with the intake's baseline lm-eval and GuideLLM results, and passing checks."""
    monkeypatch.setenv("MODEL_REGISTRY_URL", registry.url)
    if registry.token:
        monkeypatch.setenv("MODEL_REGISTRY_TOKEN", registry.token)
    model = unique("intake")
    base = ["--model", model, "--version", "v1"]
    assert main(["register", *base, "--uri", "s3://m"]) == 0
    assert (
        main(
            [
                "publish-lm-eval",
                *base,
                "--run",
                "baseline",
                "--report",
                str(LM_EVAL_SAMPLES["0.4.8-arc"]),
                "--report-uri",
                "s3://r/lm.json",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "publish-guidellm",
                *base,
                "--run",
                "baseline",
                "--report",
                str(GUIDELLM_SAMPLES["legacy-json"]),
                "--report-uri",
                "s3://r/g.json",
            ]
        )
        == 0
    )
    checks = []
    for name in ALL_CHECKS:
        summary = tmp_path / f"{name}.json"
        summary.write_text(json.dumps({"passed": True}))
        checks += ["--check", f"{name}={summary}"]
    capsys.readouterr()
    return registry, model, [*base, *checks]


def decide(capsys, args: list[str], policy: Path) -> tuple[int, dict]:
    code = main(["decide", *args, "--policy", str(policy), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_decide_approves_and_records_it(published, capsys, tmp_path):
    registry, model, args = published
    code, summary = decide(capsys, args, EXAMPLE)
    assert (code, summary["state"], summary["reasons"]) == (0, "approved", [])
    properties = registry.version(model, "v1")["customProperties"]
    assert properties["intake.state"]["string_value"] == "approved"
    assert properties["intake.passed"] == {"metadataType": "MetadataBoolValue", "bool_value": True}
    assert properties["intake.policy"]["string_value"] == "intake-policy@1"
    assert properties["approved"] == props.label()
    assert "rejected" not in properties
    assert properties["lm_eval@baseline.passed"]["bool_value"] is True
    assert properties["guidellm@baseline.policy"]["string_value"] == "intake-policy@1"


def test_a_stricter_policy_version_rejects_and_swaps_the_label(published, capsys, tmp_path):
    registry, model, args = published
    assert decide(capsys, args, EXAMPLE)[0] == 0
    stricter = write_policy(
        tmp_path, version=2, guidellm=[{"level": "synchronous", "measure": "ttft_ms", "stat": "p99", "max": 10}]
    )
    code, summary = decide(capsys, args, stricter)
    assert code == 1 and summary["state"] == "rejected"
    properties = registry.version(model, "v1")["customProperties"]
    assert properties["intake.state"]["string_value"] == "rejected"
    assert properties["intake.policy"]["string_value"] == "intake-policy@2"
    assert properties["intake.reasons"]["string_value"].startswith("guidellm@baseline.synchronous.ttft_ms.p99 = ")
    assert "rejected" in properties and "approved" not in properties
    assert properties["guidellm@baseline.passed"]["bool_value"] is False


def test_a_missing_check_rejects(published, capsys):
    registry, model, args = published
    # drop the pair "--check", "check-license=<file>"
    at = next(i for i, a in enumerate(args) if a.startswith("check-license="))
    without_license = args[: at - 1] + args[at + 1 :]
    code, summary = decide(capsys, without_license, EXAMPLE)
    assert code == 1 and summary["reasons"] == ["required check check-license has no result"]


def test_dry_run_writes_nothing(published, capsys):
    registry, model, args = published
    before = registry.version(model, "v1")["customProperties"]
    code = main(["decide", *args, "--policy", str(EXAMPLE), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0 and "APPROVED under intake-policy@1" in out
    assert registry.version(model, "v1")["customProperties"] == before


def test_bad_check_summary_is_exit_2(published, capsys, tmp_path):
    _, _, args = published
    bad = tmp_path / "bad.json"
    bad.write_text('{"ok": true}')
    code = main(["decide", *args, "--check", f"check-formats={bad}", "--policy", str(EXAMPLE)])
    assert code == 2 and "has no boolean 'passed'" in capsys.readouterr().err


def test_require_approved_follows_the_intake_decision(published, capsys, tmp_path):
    registry, model, args = published
    version = ["--model", model, "--version", "v1", "--json"]
    # no decision yet: the evaluation template's pipeline stops here
    assert main(["require-approved", *version]) == 1
    assert json.loads(capsys.readouterr().out)["intake_state"] == "pending"
    assert decide(capsys, args, EXAMPLE)[0] == 0
    assert main(["require-approved", *version]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "ok": True,
        "model": model,
        "version": "v1",
        "intake_state": "approved",
        "intake_policy": "intake-policy@1",
    }
    stricter = write_policy(
        tmp_path, version=2, guidellm=[{"level": "synchronous", "measure": "ttft_ms", "stat": "p99", "max": 10}]
    )
    assert decide(capsys, args, stricter)[0] == 1
    assert main(["require-approved", "--model", model, "--version", "v1"]) == 1
    assert "not approved by the intake (state: rejected); guidellm@baseline" in capsys.readouterr().out


def test_require_approved_of_an_unknown_version_is_exit_2(published, capsys):
    _, model, _ = published
    assert main(["require-approved", "--model", model, "--version", "v9"]) == 2
    assert "version 'v9'" in capsys.readouterr().err
