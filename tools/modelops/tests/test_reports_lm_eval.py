"""lm-eval results files: the real samples of three harness versions, and broken ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modelops.reports import ReportError, lm_eval
from publish_support import LM_EVAL_SAMPLES, sample


def test_reads_arc_hellaswag_glue_from_lm_eval_0_4_8():
    report = lm_eval.parse(sample(LM_EVAL_SAMPLES["0.4.8-arc"]))
    assert report.numbers["arc_easy.acc"] == pytest.approx(0.8042929292929293)
    assert report.numbers["arc_easy.acc.stderr"] == pytest.approx(0.00814101540756688)
    assert report.numbers["arc_easy.acc_norm"] == pytest.approx(0.773989898989899)
    assert report.numbers["hellaswag.acc_norm"] > 0
    assert report.numbers["cola.mcc"] == pytest.approx(0.2610560070016465)
    # perplexity: lm-eval says lower is better, and that is recorded next to the score
    assert report.flags == {"lambada_openai.perplexity.lower_is_better": True}
    assert all(isinstance(v, float) for v in report.numbers.values())
    # no version field before 0.4.9: the harness commit stands in
    assert report.tool_version == "lm-eval 0.4 (before 0.4.9, commit ab90eba)"
    assert "allenai/ai2_arc (2 subsets)" in report.dataset
    assert report.evaluated_at == "2025-03-18T00:03:29Z"


def test_reads_mmlu_groups_and_leaf_tasks():
    report = lm_eval.parse(sample(LM_EVAL_SAMPLES["0.4.8-mmlu"]))
    assert report.numbers["mmlu.acc"] == pytest.approx(0.653681811707734)
    assert "mmlu_humanities.acc" in report.numbers
    assert "mmlu_formal_logic.acc.stderr" in report.numbers
    # 57 subjects + 4 subgroups + mmlu, each a score and a stderr
    assert len(report.numbers) == 62 * 2
    assert report.dataset == "hails/mmlu_no_train (57 subsets)"


def test_reads_lm_eval_0_4_13_with_na_stderr_left_out():
    report = lm_eval.parse(sample(LM_EVAL_SAMPLES["0.4.13"]), dataset="negotiationtom@rev1")
    assert report.tool_version == "lm-eval 0.4.13.dev0"
    assert report.dataset == "negotiationtom@rev1"
    assert report.numbers["negotiationtom_intention.micro_f1"] == pytest.approx(0.2857142857142857)
    # "N/A" stderr is absent, never a string
    assert "negotiationtom_intention.micro_f1.stderr" not in report.numbers
    assert report.numbers["negotiationtom_intention.exact_match.stderr"] == pytest.approx(0.0917662935482247)
    assert report.numbers["negotiationtom.acc"] > 0


def _write(tmp_path: Path, document: object, name: str = "results.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def _base() -> dict:
    return json.loads(sample(LM_EVAL_SAMPLES["0.4.13"]).read_text())


def test_filters_other_than_none_are_kept_and_dots_in_task_names_replaced(tmp_path):
    document = _base()
    document["results"] = {
        "gsm8k.cot": {
            "alias": "gsm8k",
            "exact_match,strict-match": 0.5,
            "exact_match_stderr,strict-match": 0.01,
            "exact_match,flexible-extract": 0.6,
            "exact_match_stderr,flexible-extract": "N/A",
        }
    }
    report = lm_eval.parse(_write(tmp_path, document))
    assert report.numbers == {
        "gsm8k_cot.exact_match,strict-match": 0.5,
        "gsm8k_cot.exact_match,strict-match.stderr": 0.01,
        "gsm8k_cot.exact_match,flexible-extract": 0.6,
    }


def test_nan_score_is_not_published_and_is_reported(tmp_path):
    document = _base()
    text = json.dumps(document).replace('"acc,none": 0.45', '"acc,none": NaN')
    report = lm_eval.parse(_write(tmp_path, text))
    assert "negotiationtom_belief.acc" not in report.numbers
    assert any("negotiationtom_belief.acc" in s and "nan" in s.lower() for s in report.skipped)


def test_truncated_file_is_a_clear_error(tmp_path):
    text = sample(LM_EVAL_SAMPLES["0.4.8-arc"]).read_text()
    path = _write(tmp_path, text[: len(text) // 2])
    with pytest.raises(ReportError, match=r"not valid JSON .*truncated"):
        lm_eval.parse(path)


def test_unsupported_harness_version_is_refused(tmp_path):
    document = _base()
    document["lm_eval_version"] = "0.5.0"
    with pytest.raises(ReportError, match=r"0\.5\.0.*not supported.*0\.4\.x"):
        lm_eval.parse(_write(tmp_path, document))


def test_lm_eval_0_3_layout_is_refused(tmp_path):
    document = {"results": {"arc_easy": {"acc": 0.8, "acc_stderr": 0.01}}, "versions": {"arc_easy": 0}}
    with pytest.raises(ReportError, match=r"without a filter.*0\.3"):
        lm_eval.parse(_write(tmp_path, document))


def test_guidellm_report_given_as_lm_eval_results_is_refused():
    from publish_support import GUIDELLM_SAMPLES

    with pytest.raises(ReportError, match="GuideLLM report"):
        lm_eval.parse(sample(GUIDELLM_SAMPLES["v2"]))


def test_missing_metrics_are_a_clear_error(tmp_path):
    document = _base()
    document["results"]["negotiationtom_belief"] = {"alias": "negotiationtom_belief", "sample_len": 20}
    with pytest.raises(ReportError, match=r"results\['negotiationtom_belief'\] has no metric value"):
        lm_eval.parse(_write(tmp_path, document))
    document["results"] = {}
    with pytest.raises(ReportError, match="'results' is missing or empty"):
        lm_eval.parse(_write(tmp_path, document))


def test_a_score_that_is_not_a_number_is_refused(tmp_path):
    document = _base()
    document["results"]["negotiationtom_belief"]["acc,none"] = "0.45"
    with pytest.raises(ReportError, match=r"'acc,none'\] is '0.45', not a number"):
        lm_eval.parse(_write(tmp_path, document))


def test_missing_file(tmp_path):
    with pytest.raises(ReportError, match="no such file"):
        lm_eval.parse(tmp_path / "nope.json")
