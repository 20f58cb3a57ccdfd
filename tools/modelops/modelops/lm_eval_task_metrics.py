"""Scoring functions for tasks written by `modelops make-lm-eval-task` (token F1, ROUGE).

`make-lm-eval-task` copies this file next to the task YAML as `<task>_metrics.py`, with the
reference field name in `<task>_metrics.json`; lm-eval imports it from there through the task's
`!function` reference, so it must stay self-contained (standard library only; `rouge-score` is
imported lazily, only for ROUGE, since it is installed in the cluster image and not everywhere).
"""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from functools import lru_cache
from pathlib import Path

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = str.maketrans("", "", string.punctuation)


def normalise_answer(text: str) -> str:
    """SQuAD normalisation: lowercase, drop punctuation and articles, squeeze spaces."""
    return " ".join(_ARTICLES.sub(" ", text.lower().translate(_PUNCT)).split())


def token_f1(prediction: str, reference: str) -> float:
    pred = normalise_answer(prediction).split()
    ref = normalise_answer(reference).split()
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def _first(results) -> str:
    # generate_until hands one generation per document (after filters) as results[0].
    return str(results[0]) if results else ""


@lru_cache(maxsize=1)
def _reference_field() -> str:
    # process_results receives only (doc, results), not the task's doc_to_target, so the field
    # name comes from the data file written beside this copy (<task>_metrics.json). Reading it
    # here keeps this module fixed code: nothing from the engineer's input is ever code.
    with open(Path(__file__).with_suffix(".json"), encoding="utf-8") as handle:
        return json.load(handle)["reference_field"]


def process_results_f1(doc, results):
    return {"f1": token_f1(_first(results), str(doc[_reference_field()]))}


def process_results_rouge(doc, results):
    from rouge_score import rouge_scorer  # only in the cluster image

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    scores = scorer.score(str(doc[_reference_field()]), _first(results))
    return {name: score.fmeasure for name, score in scores.items()}
