"""register / publish-lm-eval / publish-guidellm against the fake Kubeflow Model Registry, which
checks every request and answer against the registry's real OpenAPI document."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from modelops.cli import main
from publish_support import GUIDELLM_SAMPLES, LM_EVAL_SAMPLES, REPO, FakeRegistry, registry, sample, unique

__all__ = ["registry"]  # the fixture, used by name

ARC = LM_EVAL_SAMPLES["0.4.8-arc"]


@pytest.fixture
def env(registry: FakeRegistry, monkeypatch: pytest.MonkeyPatch) -> FakeRegistry:
    monkeypatch.setenv("MODEL_REGISTRY_URL", registry.url)
    if registry.token:
        monkeypatch.setenv("MODEL_REGISTRY_TOKEN", registry.token)
    else:
        monkeypatch.delenv("MODEL_REGISTRY_TOKEN", raising=False)
    return registry


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict, str]:
    code = main([*argv, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else {}), err


def register(capsys, model: str, version: str = "v1") -> dict:
    code, summary, err = run(
        capsys,
        "register",
        "--model",
        model,
        "--version",
        version,
        "--uri",
        f"s3://models/{model}/{version}",
        "--source-uri",
        f"hf://org/{model}",
        "--source-revision",
        "0" * 40,
        "--model-format-name",
        "safetensors",
    )
    assert code == 0, err
    return summary


def publish_lm_eval(capsys, model: str, report: Path = ARC, run_name: str = "baseline"):
    return run(
        capsys,
        "publish-lm-eval",
        "--model",
        model,
        "--version",
        "v1",
        "--run",
        run_name,
        "--report",
        str(report),
        "--report-uri",
        f"s3://reports/{model}/lm-eval.json",
    )


def publish_guidellm(capsys, model: str, report: Path = GUIDELLM_SAMPLES["v2"]):
    return run(
        capsys,
        "publish-guidellm",
        "--model",
        model,
        "--version",
        "v1",
        "--run",
        "baseline",
        "--report",
        str(report),
        "--report-uri",
        f"s3://reports/{model}/guidellm.json",
    )


def writes_since(registry: FakeRegistry, start: int) -> list[str]:
    return [f"{r['method']} {r['path']}" for r in registry.requests()[start:] if r["method"] in ("POST", "PATCH")]


def state(registry: FakeRegistry, model: str) -> tuple[dict, list[tuple[str, str, str]]]:
    """What a user sees: the version's properties and its artifacts (type, name, uri)."""
    version = registry.version(model, "v1")
    artifacts = sorted((a["artifactType"], a["name"], a.get("uri", "")) for a in registry.artifacts(version["id"]))
    return version["customProperties"], artifacts


def test_register_creates_model_version_and_artifact_once(env, capsys):
    model = unique("granite")
    first = register(capsys, model)
    assert (first["modelCreated"], first["versionCreated"], first["modelArtifact"]["action"]) == (True, True, "created")
    assert first["intakeState"] == "pending"
    start = len(env.requests())
    second = register(capsys, model)
    assert (second["modelCreated"], second["versionCreated"], second["modelArtifact"]["action"]) == (
        False,
        False,
        "unchanged",
    )
    assert writes_since(env, start) == []
    properties, artifacts = state(env, model)
    assert artifacts == [("model-artifact", f"{model}-v1", f"s3://models/{model}/v1")]
    assert properties["intake.state"] == {"metadataType": "MetadataStringValue", "string_value": "pending"}
    assert properties["source_revision"]["string_value"] == "0" * 40


def test_lm_eval_figures_arrive_as_double_values(env, capsys):
    model = unique("qwen")
    register(capsys, model)
    code, summary, err = publish_lm_eval(capsys, model)
    assert code == 0, err
    assert summary["figures"] == 44
    properties, artifacts = state(env, model)
    score = properties["lm_eval@baseline.arc_easy.acc"]
    assert score == {"metadataType": "MetadataDoubleValue", "double_value": 0.8042929292929293}
    assert properties["lm_eval@baseline.arc_easy.acc.stderr"]["double_value"] == pytest.approx(0.00814101540756688)
    assert properties["lm_eval@baseline.lambada_openai.perplexity.lower_is_better"] == {
        "metadataType": "MetadataBoolValue",
        "bool_value": True,
    }
    figures = {
        k: v
        for k, v in properties.items()
        if k.startswith("lm_eval@baseline.") and v["metadataType"] == "MetadataDoubleValue"
    }
    assert len(figures) == 44 and all(type(v["double_value"]) is float for v in figures.values())
    assert properties["lm_eval@baseline.tool_version"]["string_value"].startswith("lm-eval 0.4")
    assert properties["lm_eval@baseline.report_uri"]["string_value"] == f"s3://reports/{model}/lm-eval.json"
    assert properties["lm_eval@baseline.dataset"]["string_value"]
    assert ("doc-artifact", "lm_eval@baseline.report", f"s3://reports/{model}/lm-eval.json") in artifacts


def test_guidellm_figures_per_load_level(env, capsys):
    model = unique("llama")
    register(capsys, model)
    code, summary, err = publish_guidellm(capsys, model)
    assert code == 0, err
    properties, artifacts = state(env, model)
    for level in ("constant-2", "constant-4"):
        for key in (
            "ttft_ms.p50",
            "ttft_ms.p99",
            "itl_ms.p50",
            "itl_ms.p99",
            "request_latency_s.p50",
            "request_latency_s.p99",
            "output_tokens_per_s.mean",
        ):
            assert properties[f"guidellm@baseline.{level}.{key}"]["metadataType"] == "MetadataDoubleValue"
    assert properties["guidellm@baseline.tool_version"]["string_value"] == "guidellm 0.8.0.dev18"
    assert ("doc-artifact", "guidellm@baseline.report", f"s3://reports/{model}/guidellm.json") in artifacts


def test_rerun_writes_nothing_and_creates_no_duplicates(env, capsys):
    model = unique("mistral")
    register(capsys, model)
    assert publish_lm_eval(capsys, model)[0] == 0
    assert publish_guidellm(capsys, model)[0] == 0
    before = state(env, model)
    start = len(env.requests())
    code, summary, _ = publish_lm_eval(capsys, model)
    assert (code, summary["changed"], summary["reportArtifact"]["action"]) == (0, False, "unchanged")
    assert publish_guidellm(capsys, model)[0] == 0
    register(capsys, model)
    assert writes_since(env, start) == []
    assert state(env, model) == before
    assert env.count("/registered_models") == len(
        {m["name"] for m in env.get("/registered_models", pageSize="1000")["items"]}
    )


@pytest.mark.parametrize("nth", [1, 2])
def test_failure_midway_is_completed_by_a_rerun(env, capsys, nth):
    reference = unique("ref")
    register(capsys, reference)
    assert publish_lm_eval(capsys, reference)[0] == 0
    model = unique("midway")
    register(capsys, model)
    before = state(env, model)
    env.fail_write(nth)  # publish writes: 1 the report artifact, 2 the properties PATCH
    code, summary, err = publish_lm_eval(capsys, model)
    assert code == 2 and "HTTP 500" in err and summary == {"ok": False, "error": err.strip()[len("error: ") :]}
    properties, artifacts = state(env, model)
    # the figures are written in one PATCH: all of them or none
    assert not any(k.startswith("lm_eval@") for k in properties)
    assert len(artifacts) == len(before[1]) + (0 if nth == 1 else 1)
    assert publish_lm_eval(capsys, model)[0] == 0

    def normalised(model_name: str):
        properties, artifacts = state(env, model_name)
        text = json.dumps([properties, artifacts], sort_keys=True)
        return json.loads(text.replace(model_name, "MODEL"))

    assert normalised(model) == normalised(reference)


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_register_interrupted_then_rerun(env, capsys, nth):
    model = unique("phi")
    env.fail_write(nth)  # register writes: model, version, model artifact
    assert main(["register", "--model", model, "--version", "v1", "--uri", "s3://m"]) == 2
    capsys.readouterr()
    assert main(["register", "--model", model, "--version", "v1", "--uri", "s3://m"]) == 0
    capsys.readouterr()
    properties, artifacts = state(env, model)
    assert artifacts == [("model-artifact", f"{model}-v1", "s3://m")]
    assert properties["intake.state"]["string_value"] == "pending"


def test_republishing_a_run_replaces_its_figures_only(env, capsys):
    model = unique("gemma")
    register(capsys, model)
    assert publish_lm_eval(capsys, model, LM_EVAL_SAMPLES["0.4.8-mmlu"])[0] == 0
    assert publish_lm_eval(capsys, model, LM_EVAL_SAMPLES["0.4.13"], run_name="custom-tickets")[0] == 0
    code, summary, _ = publish_lm_eval(capsys, model, ARC)
    assert code == 0 and "lm_eval@baseline.mmlu.acc" in summary["removed"]
    properties, _ = state(env, model)
    assert "lm_eval@baseline.mmlu.acc" not in properties
    assert "lm_eval@baseline.arc_easy.acc" in properties
    assert "lm_eval@custom-tickets.negotiationtom.acc" in properties


def test_a_broken_report_sends_nothing(env, capsys, tmp_path):
    model = unique("broken")
    register(capsys, model)
    truncated = tmp_path / "results.json"
    text = sample(ARC).read_text()
    truncated.write_text(text[: len(text) // 3])
    start = len(env.requests())
    code, summary, err = publish_lm_eval(capsys, model, truncated)
    assert code == 2 and "truncated" in err and summary["ok"] is False
    assert env.requests()[start:] == []


def test_unknown_version_is_exit_2_with_a_hint(env, capsys):
    code, _, err = publish_lm_eval(capsys, unique("nobody"))
    assert code == 2 and "run `modelops register` first" in err


def test_bad_run_name_is_refused_before_reading(env, capsys):
    code, _, err = publish_lm_eval(capsys, "m", run_name="Custom_Tickets")
    assert code == 2 and "--run 'Custom_Tickets' is not a run name" in err


def test_token_comes_from_env_and_is_never_printed(env, capsys, monkeypatch):
    if not env.token:
        pytest.skip("the fake registry was started without a token")
    model = unique("secret")
    register(capsys, model)
    start = len(env.requests())
    code, summary, err = publish_lm_eval(capsys, model)
    assert code == 0
    assert {r["authorization"] for r in env.requests()[start:]} == {f"Bearer {env.token}"}
    assert env.token not in json.dumps(summary) + err
    monkeypatch.setenv("MODEL_REGISTRY_TOKEN", "wrong-" + env.token)
    code = main(
        [
            "publish-lm-eval",
            "--model",
            model,
            "--version",
            "v1",
            "--run",
            "baseline",
            "--report",
            str(ARC),
            "--report-uri",
            "s3://r",
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2 and "HTTP 401" in err
    assert env.token not in out + err
    # the token is read from the variable --token-env names, never from a flag value
    monkeypatch.delenv("MODEL_REGISTRY_TOKEN")
    monkeypatch.setenv("MY_REGISTRY_TOKEN", env.token)
    assert (
        main(
            [
                "register",
                "--model",
                model,
                "--version",
                "v1",
                "--uri",
                "s3://models/x",
                "--token-env",
                "MY_REGISTRY_TOKEN",
            ]
        )
        == 0
    )


def test_console_entry_point_with_json_summary(env):
    model = unique("cli")
    python = sys.executable
    cwd = REPO / "tools" / "modelops"
    child_env = env.env(PYTHONPATH=str(cwd))
    base = ["--model", model, "--version", "v1"]
    done = subprocess.run(
        [python, "-m", "modelops.cli", "register", *base, "--uri", "s3://m"],
        cwd=cwd,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [
            python,
            "-m",
            "modelops.cli",
            "publish-guidellm",
            *base,
            "--run",
            "baseline",
            "--report",
            str(sample(GUIDELLM_SAMPLES["v1"])),
            "--report-uri",
            "s3://g",
            "--json",
        ],
        cwd=cwd,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["prefix"] == "guidellm@baseline"
    if env.token:
        assert env.token not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--report-uri", "/tmp/results.json"], "--report-uri must be a URI with a scheme"),
        (["--report-uri", "https://alice:hunter2@minio.example/r.json"], "--report-uri must not carry credentials"),
        (["--registry-url", "https://alice:hunter2@registry.example"], "--registry-url must not carry credentials"),
        (["--registry-url", "registry.example"], "--registry-url must start with http:// or https://"),
    ],
)
def test_uris_without_scheme_or_with_credentials_are_refused(capsys, flags, message):
    base = {"--registry-url": "http://127.0.0.1:9", "--report-uri": "s3://r/x.json"}
    base.update(dict(zip(flags[::2], flags[1::2], strict=True)))
    argv = ["publish-lm-eval", "--model", "m", "--version", "v1", "--run", "baseline", "--report", str(ARC)]
    code = main([*argv, *[item for pair in base.items() for item in pair]])
    out, err = capsys.readouterr()
    assert code == 2 and message in err
    assert "hunter2" not in out + err
