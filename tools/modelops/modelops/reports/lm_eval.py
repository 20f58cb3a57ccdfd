"""Reader of lm-evaluation-harness `results_*.json` (0.4.x; field notes in
`specs/llm-eval/FORMAT-NOTES.md`, section 1).

Every entry of `results` (leaf tasks and groups alike) gives one figure per metric key
`"<metric>,<filter>"`, with its standard error under `"<metric>_stderr,<filter>"`:

- the `none` filter is dropped (`acc,none` -> `acc`), other filters are kept after the comma
  (`exact_match,strict-match`);
- a stderr of `"N/A"` (metrics without bootstrap) is left out, never written as a string;
- task names have `.` replaced by `_`, since `.` separates the parts of a property key.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import ParsedReport, ReportError, is_finite_number, load_json

SUPPORTED_MAJOR_MINOR = "0.4."
# Entries of results.<task> that are not metrics.
NON_METRIC_KEYS = {"alias", "name", "sample_len", "sample_count", "samples"}


def metric_path(metric_key: str) -> tuple[str, bool]:
    """`acc,none` -> (`acc`, False); `acc_stderr,none` -> (`acc`, True);
    `exact_match_stderr,strict-match` -> (`exact_match,strict-match`, True)."""
    name, _, filter_name = metric_key.partition(",")
    is_stderr = name.endswith("_stderr")
    if is_stderr:
        name = name[: -len("_stderr")]
    return (name if filter_name == "none" else f"{name},{filter_name}"), is_stderr


def task_path(task: str) -> str:
    return task.replace(".", "_")


def parse(path: Path, dataset: str | None = None) -> ParsedReport:
    document = load_json(Path(path))
    where = str(path)
    if not isinstance(document, dict):
        raise ReportError(f"{where}: not an lm-eval results file (the top level is not an object)")
    if "benchmarks" in document and "results" not in document:
        raise ReportError(f"{where}: this is a GuideLLM report, not lm-eval results (use publish-guidellm)")
    results = document.get("results")
    if not isinstance(results, dict) or not results:
        raise ReportError(f"{where}: not lm-eval results: 'results' is missing or empty")

    version = document.get("lm_eval_version")
    if version is not None and not str(version).startswith(SUPPORTED_MAJOR_MINOR):
        raise ReportError(f"{where}: lm_eval_version {version!r} is not supported (this tool reads lm-eval 0.4.x)")

    report = ParsedReport(
        tool="lm-eval",
        tool_version=_tool_version(document),
        dataset=dataset or _dataset(document),
        evaluated_at=_evaluated_at(document),
    )
    higher_is_better = document.get("higher_is_better") or {}
    for task, entry in results.items():
        if not isinstance(entry, dict):
            raise ReportError(f"{where}: results[{task!r}] is not an object")
        metric_keys = [k for k in entry if k not in NON_METRIC_KEYS]
        if metric_keys and not any("," in k for k in metric_keys):
            # lm-eval 0.3 wrote bare metric names ("acc", "acc_stderr") without a filter.
            raise ReportError(
                f"{where}: results[{task!r}] has metric keys without a filter ({', '.join(metric_keys)}): "
                "an lm-eval 0.3 file? This tool reads lm-eval 0.4.x"
            )
        scores = 0
        for key in metric_keys:
            if "," not in key:
                continue
            name, is_stderr = metric_path(key)
            value = entry[key]
            figure = f"{task_path(task)}.{name}" + (".stderr" if is_stderr else "")
            if is_stderr and value == "N/A":
                continue
            if isinstance(value, float) and not math.isfinite(value):
                report.skipped.append(f"{figure}: lm-eval wrote {value}, not a number that can be stored")
                scores += 0 if is_stderr else 1  # the metric is there, just not storable
                continue
            if isinstance(value, list) and not is_stderr:
                continue  # per-sample lists of corpus metrics never appear here, but tolerate them
            if not is_finite_number(value):
                raise ReportError(f"{where}: results[{task!r}][{key!r}] is {value!r}, not a number")
            report.numbers[figure] = float(value)
            if not is_stderr:
                scores += 1
                metric_name = key.partition(",")[0]
                if (higher_is_better.get(task) or {}).get(metric_name) is False:
                    report.flags[f"{task_path(task)}.{name}.lower_is_better"] = True
        if scores == 0 and not _is_group_without_aggregate(document, task, entry):
            raise ReportError(f"{where}: results[{task!r}] has no metric value (expected keys like 'acc,none')")
    if not any(not k.endswith(".stderr") for k in report.numbers):
        raise ReportError(f"{where}: no metric value found in 'results'")
    return report


def _is_group_without_aggregate(document: dict[str, Any], task: str, entry: dict[str, Any]) -> bool:
    """A group that does not aggregate its subtasks appears in `results` with only an alias."""
    subtasks = (document.get("group_subtasks") or {}).get(task)
    return bool(subtasks) and set(entry) <= NON_METRIC_KEYS


def _tool_version(document: dict[str, Any]) -> str:
    version = document.get("lm_eval_version")
    if version:
        return f"lm-eval {version}"
    # Before 0.4.9 the harness did not record its version; its commit is the best we have.
    git_hash = document.get("git_hash")
    return f"lm-eval 0.4 (before 0.4.9, commit {git_hash})" if git_hash else "lm-eval 0.4 (before 0.4.9)"


def _dataset(document: dict[str, Any]) -> str:
    """Names the datasets from the task configs: `path/name@revision`, one per distinct path."""
    by_path: dict[str, set[str]] = {}
    for config in (document.get("configs") or {}).values():
        if not isinstance(config, dict):
            continue
        dataset_path = config.get("dataset_path")
        if not isinstance(dataset_path, str) or not dataset_path:
            continue
        kwargs = config.get("dataset_kwargs") if isinstance(config.get("dataset_kwargs"), dict) else {}
        if dataset_path in ("json", "csv", "parquet", "text") and isinstance(kwargs.get("data_files"), dict):
            # A local dataset (custom task): name its files, not the loader.
            files = sorted(str(v).rsplit("/", 1)[-1] for v in kwargs["data_files"].values())
            dataset_path = f"{dataset_path}:{','.join(files)}"
        name = config.get("dataset_name")
        revision = config.get("revision") or kwargs.get("revision")
        label = f"{name}" if isinstance(name, str) and name else ""
        if revision:
            label += f"@{revision}"
        by_path.setdefault(dataset_path, set()).add(label)
    parts = []
    for dataset_path in sorted(by_path):
        labels = sorted(by_path[dataset_path])
        if len(labels) == 1:
            label = labels[0]
            parts.append(f"{dataset_path}/{label}" if label and not label.startswith("@") else dataset_path + label)
        else:
            parts.append(f"{dataset_path} ({len(labels)} subsets)")
    return "; ".join(parts) if parts else "unknown"


def _evaluated_at(document: dict[str, Any]) -> str | None:
    """`date` is the UNIX start time; `end_time` is a monotonic clock, so add the duration."""
    start = document.get("date")
    if not is_finite_number(start):
        return None
    try:
        duration = float(document.get("total_evaluation_time_seconds") or 0)
    except (TypeError, ValueError):
        duration = 0.0
    if not math.isfinite(duration):
        duration = 0.0
    finished = datetime.fromtimestamp(float(start) + duration, tz=UTC)
    return finished.isoformat(timespec="seconds").replace("+00:00", "Z")
