"""Property names and types exactly as docs/registry-properties.md defines them."""

from __future__ import annotations

import math

import pytest

from modelops import BadInput
from modelops import properties as props
from modelops.reports import ParsedReport


def test_report_properties_follow_the_contract():
    report = ParsedReport(
        tool="lm-eval",
        tool_version="lm-eval 0.4.13",
        dataset="allenai/ai2_arc/ARC-Easy",
        evaluated_at="2026-01-01T00:00:00Z",
        numbers={"arc_easy.acc": 0.8, "arc_easy.acc.stderr": 0.01},
        flags={"wikitext.word_perplexity.lower_is_better": True},
    )
    values = props.report_properties("lm_eval", "custom-tickets", report, "s3://b/r.json")
    assert values == {
        "lm_eval@custom-tickets.arc_easy.acc": {"metadataType": "MetadataDoubleValue", "double_value": 0.8},
        "lm_eval@custom-tickets.arc_easy.acc.stderr": {"metadataType": "MetadataDoubleValue", "double_value": 0.01},
        "lm_eval@custom-tickets.wikitext.word_perplexity.lower_is_better": {
            "metadataType": "MetadataBoolValue",
            "bool_value": True,
        },
        "lm_eval@custom-tickets.dataset": {
            "metadataType": "MetadataStringValue",
            "string_value": "allenai/ai2_arc/ARC-Easy",
        },
        "lm_eval@custom-tickets.tool_version": {
            "metadataType": "MetadataStringValue",
            "string_value": "lm-eval 0.4.13",
        },
        "lm_eval@custom-tickets.evaluated_at": {
            "metadataType": "MetadataStringValue",
            "string_value": "2026-01-01T00:00:00Z",
        },
        "lm_eval@custom-tickets.report_uri": {"metadataType": "MetadataStringValue", "string_value": "s3://b/r.json"},
    }


def test_default_run_has_no_suffix_and_bad_runs_are_refused():
    assert props.prefix("eval", "default") == "eval"
    assert props.prefix("guidellm", "baseline") == "guidellm@baseline"
    for bad in ("", "Baseline", "-x", "a.b", "a@b", "a b"):
        with pytest.raises(BadInput, match="is not a run name"):
            props.validate_run(bad)


def test_integers_become_doubles_and_nan_is_refused():
    assert props.double(1) == {"metadataType": "MetadataDoubleValue", "double_value": 1.0}
    assert isinstance(props.double(1)["double_value"], float)
    for bad in (math.nan, math.inf):
        with pytest.raises(ValueError):
            props.double(bad)


def test_labels_are_empty_strings():
    assert props.label() == {"metadataType": "MetadataStringValue", "string_value": ""}
