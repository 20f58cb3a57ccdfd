"""GuideLLM reports of every format era (real samples), and broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelops.reports import ReportError, guidellm
from publish_support import GUIDELLM_SAMPLES, LM_EVAL_SAMPLES, sample

HEADLINE = [f"{m}.{s}" for m in ("ttft_ms", "itl_ms", "request_latency_s") for s in ("p50", "p90", "p99", "mean")] + [
    "output_tokens_per_s.mean",
    "requests_per_s.mean",
]


def test_report_v2_has_one_level_per_constant_rate():
    report = guidellm.parse(sample(GUIDELLM_SAMPLES["v2"]))
    assert report.tool_version == "guidellm 0.8.0.dev18"
    assert {k.split(".")[0] for k in report.numbers} == {"constant-2", "constant-4"}
    for level in ("constant-2", "constant-4"):
        for figure in HEADLINE:
            assert isinstance(report.numbers[f"{level}.{figure}"], float)
    assert report.numbers["constant-2.ttft_ms.p50"] == pytest.approx(11.276006698608398)
    assert report.numbers["constant-2.ttft_ms.p99"] == pytest.approx(11.686325073242188)
    assert report.numbers["constant-2.output_tokens_per_s.mean"] == pytest.approx(3.1950675815128577)
    assert report.dataset.startswith("synthetic_text(prompt_tokens=32")
    assert report.evaluated_at and report.evaluated_at.endswith("Z")


def test_report_v1_concurrent_level():
    report = guidellm.parse(sample(GUIDELLM_SAMPLES["v1"]))
    assert report.tool_version == "guidellm 0.5.0.dev0"
    assert report.numbers["concurrent-4.ttft_ms.p50"] == pytest.approx(171.52166366577148)
    # request latency is in seconds in every era
    assert report.numbers["concurrent-4.request_latency_s.p50"] == pytest.approx(24.90842366218567)
    assert report.dataset == "/root/aime_2024_v2.jsonl"


@pytest.mark.parametrize("key", ["legacy-json", "legacy-yaml"])
def test_legacy_report_uses_the_median_for_p50(key):
    report = guidellm.parse(sample(GUIDELLM_SAMPLES[key]))
    assert report.tool_version == "guidellm 0.2-0.3 (legacy report)"
    assert sorted(report.numbers) == sorted(f"synchronous.{f}" for f in HEADLINE)
    if key == "legacy-json":
        assert report.numbers["synchronous.ttft_ms.p50"] == pytest.approx(16.38054847717285)
        assert report.numbers["synchronous.output_tokens_per_s.mean"] == pytest.approx(198.08514508750469)


def _v2() -> dict:
    return json.loads(sample(GUIDELLM_SAMPLES["v2"]).read_text())


def _write(tmp_path: Path, document: object, name: str = "benchmarks.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return path


def test_fractional_rates_become_level_names_without_dots(tmp_path):
    document = _v2()
    document["benchmarks"][0]["config"]["strategy"] = {"type_": "poisson", "rate": 2.5}
    report = guidellm.parse(_write(tmp_path, document))
    assert "poisson-2_5.ttft_ms.p99" in report.numbers


def test_truncated_report(tmp_path):
    text = sample(GUIDELLM_SAMPLES["v1"]).read_text()
    with pytest.raises(ReportError, match="not valid JSON.*truncated"):
        guidellm.parse(_write(tmp_path, text[:5000]))


def test_truncated_yaml_report(tmp_path):
    text = sample(GUIDELLM_SAMPLES["legacy-yaml"]).read_text()
    cut = text[: len(text) // 2]
    path = _write(tmp_path, cut[: cut.rindex("\n")] + '\n  "unterminated', "benchmarks.yaml")
    with pytest.raises(ReportError, match="not valid YAML"):
        guidellm.parse(path)


def test_unknown_report_version(tmp_path):
    document = _v2()
    document["metadata"]["version"] = 3
    with pytest.raises(ReportError, match=r"report version 3 is not supported"):
        guidellm.parse(_write(tmp_path, document))


def test_missing_metric_names_the_level_and_path(tmp_path):
    document = _v2()
    del document["benchmarks"][1]["metrics"]["time_to_first_token_ms"]
    with pytest.raises(
        ReportError, match=r"benchmarks\[1\] \(constant-4\): metrics.time_to_first_token_ms.successful is missing"
    ):
        guidellm.parse(_write(tmp_path, document))


def test_missing_percentile(tmp_path):
    document = _v2()
    del document["benchmarks"][0]["metrics"]["inter_token_latency_ms"]["successful"]["percentiles"]["p99"]
    with pytest.raises(ReportError, match="inter_token_latency_ms.successful has no p99"):
        guidellm.parse(_write(tmp_path, document))


def test_level_without_successful_requests(tmp_path):
    document = _v2()
    document["benchmarks"][0]["metrics"]["request_totals"]["successful"] = 0
    with pytest.raises(ReportError, match="no request succeeded"):
        guidellm.parse(_write(tmp_path, document))


def test_lm_eval_results_given_as_guidellm_report():
    with pytest.raises(ReportError, match="lm-eval results file"):
        guidellm.parse(sample(LM_EVAL_SAMPLES["0.4.13"]))


def test_same_level_twice(tmp_path):
    document = _v2()
    document["benchmarks"][1]["config"]["strategy"]["rate"] = 2.0
    with pytest.raises(ReportError, match="load level 'constant-2' again"):
        guidellm.parse(_write(tmp_path, document))
