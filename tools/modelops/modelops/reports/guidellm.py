"""Reader of GuideLLM benchmark reports, every format era (field notes in
`specs/llm-eval/FORMAT-NOTES.md`, section 2): report v2 (guidellm >= 0.7), report v1 (0.5-0.6),
the 0.4.0 file and the legacy 0.2-0.3 file; JSON or YAML.

One benchmark is one load level. Per level we keep what the console table and the catalog show:
TTFT, ITL and request latency of successful requests (p50, p90, p99, mean) and the output token
and request rates over all requests (mean, as GuideLLM prints them).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from . import ParsedReport, ReportError, is_finite_number, load_json, read_text

SUPPORTED_REPORT_VERSIONS = (1, 2)

# measure name in the registry -> (GuideLLM metric, request status, stats written)
MEASURES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ttft_ms": ("time_to_first_token_ms", "successful", ("p50", "p90", "p99", "mean")),
    "itl_ms": ("inter_token_latency_ms", "successful", ("p50", "p90", "p99", "mean")),
    "request_latency_s": ("request_latency", "successful", ("p50", "p90", "p99", "mean")),
    "output_tokens_per_s": ("output_tokens_per_second", "total", ("mean",)),
    "requests_per_s": ("requests_per_second", "total", ("mean",)),
}


def parse(path: Path, dataset: str | None = None) -> ParsedReport:
    path = Path(path)
    document = _load(path)
    where = str(path)
    if not isinstance(document, dict):
        raise ReportError(f"{where}: not a GuideLLM report (the top level is not an object)")
    if "results" in document and "benchmarks" not in document:
        raise ReportError(f"{where}: this is an lm-eval results file, not a GuideLLM report (use publish-lm-eval)")
    era, version = _era(document, where)
    benchmarks = document["benchmarks"]
    report = ParsedReport(
        tool="guidellm",
        tool_version=f"guidellm {version}",
        dataset=dataset or _dataset(document, era),
        evaluated_at=_evaluated_at(benchmarks),
    )
    seen: dict[str, int] = {}
    for index, benchmark in enumerate(benchmarks):
        at = f"{where}: benchmarks[{index}]"
        if not isinstance(benchmark, dict):
            raise ReportError(f"{at} is not an object")
        level = _level(benchmark, era, at)
        if level in seen:
            raise ReportError(f"{at} measures load level {level!r} again (also benchmarks[{seen[level]}])")
        seen[level] = index
        metrics = benchmark.get("metrics")
        if not isinstance(metrics, dict):
            raise ReportError(f"{at}: 'metrics' is missing")
        totals = benchmark.get("request_totals") if era == "legacy" else metrics.get("request_totals")
        if isinstance(totals, dict) and totals.get("successful") == 0:
            raise ReportError(f"{at} ({level}): no request succeeded, so its latencies mean nothing")
        for measure, (metric, status, stats) in MEASURES.items():
            summary = (metrics.get(metric) or {}).get(status) if isinstance(metrics.get(metric), dict) else None
            if not isinstance(summary, dict):
                raise ReportError(f"{at} ({level}): metrics.{metric}.{status} is missing")
            for stat in stats:
                value = _stat(summary, stat)
                figure = f"{level}.{measure}.{stat}"
                if value is None:
                    raise ReportError(f"{at} ({level}): metrics.{metric}.{status} has no {stat}")
                if isinstance(value, float) and not math.isfinite(value):
                    report.skipped.append(f"{figure}: GuideLLM wrote {value}")
                    continue
                if not is_finite_number(value):
                    raise ReportError(f"{at} ({level}): metrics.{metric}.{status}.{stat} is {value!r}, not a number")
                report.numbers[figure] = float(value)
    if not seen:
        raise ReportError(f"{where}: 'benchmarks' is empty: no load level was measured")
    return report


def _load(path: Path) -> Any:
    if path.suffix.lower() in (".yaml", ".yml"):
        text = read_text(path)
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise ReportError(f"{path}: not valid YAML (truncated?): {err}".splitlines()[0]) from None
    if path.suffix.lower() == ".csv":
        raise ReportError(f"{path}: GuideLLM's CSV output is not read; pass benchmarks.json or .yaml")
    return load_json(path)


def _era(document: dict[str, Any], where: str) -> tuple[str, str]:
    """(era, version label) as FORMAT-NOTES.md detects them, newest first."""
    benchmarks = document.get("benchmarks")
    if not isinstance(benchmarks, list):
        raise ReportError(f"{where}: not a GuideLLM report: 'benchmarks' is missing")
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        report_version = metadata.get("version")
        if report_version not in SUPPORTED_REPORT_VERSIONS:
            raise ReportError(
                f"{where}: GuideLLM report version {report_version!r} is not supported "
                f"(this tool reads versions {', '.join(map(str, SUPPORTED_REPORT_VERSIONS))} and the pre-0.5 formats)"
            )
        return f"v{report_version}", str(metadata.get("guidellm_version") or f"(report v{report_version})")
    first = benchmarks[0] if benchmarks and isinstance(benchmarks[0], dict) else {}
    if "run_stats" in first or "worker" in first:
        return "legacy", "0.2-0.3 (legacy report)"
    if "scheduler_metrics" in first or "args" in document:
        return "v0.4", "0.4.0"
    if not benchmarks:
        raise ReportError(f"{where}: 'benchmarks' is empty: no load level was measured")
    raise ReportError(f"{where}: unknown GuideLLM report format (guidellm 0.1.x?); this tool reads 0.2 and later")


def _level(benchmark: dict[str, Any], era: str, at: str) -> str:
    holder = benchmark.get("args") if era == "legacy" else benchmark.get("config")
    strategy = holder.get("strategy") if isinstance(holder, dict) else None
    if not isinstance(strategy, dict) or not isinstance(strategy.get("type_"), str):
        raise ReportError(f"{at}: the load strategy (type_) is missing")
    kind = strategy["type_"]
    if kind in ("synchronous", "throughput"):
        return kind
    if kind in ("constant", "poisson"):
        return f"{kind}-{_number(strategy.get('rate'), at, 'rate')}"
    if kind == "concurrent":
        return f"concurrent-{_number(strategy.get('streams'), at, 'streams')}"
    raise ReportError(f"{at}: unknown load strategy {kind!r}")


def _number(value: Any, at: str, field: str) -> str:
    """2.0 -> "2", 2.5 -> "2_5" (a `.` would split the property key)."""
    if not is_finite_number(value) or value <= 0:
        raise ReportError(f"{at}: strategy {field} is {value!r}, not a positive number")
    text = f"{float(value):.3f}".rstrip("0").rstrip(".")
    return text.replace(".", "_")


def _stat(summary: dict[str, Any], stat: str) -> Any:
    if stat == "mean":
        return summary.get("mean")
    percentiles = summary.get("percentiles") if isinstance(summary.get("percentiles"), dict) else {}
    if stat == "p50" and "p50" not in percentiles:
        return summary.get("median")  # the legacy format has no p50 key
    return percentiles.get(stat)


def _dataset(document: dict[str, Any], era: str) -> str:
    if era == "v2":
        data = ((document.get("config") or {}).get("spec") or {}).get("data")
        if isinstance(data, list):
            return "; ".join(_describe_data(item) for item in data) or "unknown"
    if era in ("v1", "v0.4"):
        data = (document.get("args") or {}).get("data")
        if isinstance(data, list):
            return "; ".join(str(item) for item in data) or "unknown"
        if isinstance(data, str):
            return data
    if era == "legacy":
        benchmarks = document.get("benchmarks") or []
        loader = benchmarks[0].get("request_loader") if benchmarks and isinstance(benchmarks[0], dict) else None
        if isinstance(loader, dict) and loader.get("data"):
            return str(loader["data"])
    return "unknown"


def _describe_data(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    kind = item.get("kind") or item.get("type_") or "data"
    if kind == "synthetic_text":
        return f"synthetic_text(prompt_tokens={item.get('prompt_tokens')},output_tokens={item.get('output_tokens')})"
    source = item.get("path") or item.get("data") or item.get("source")
    return f"{kind}:{source}" if source else str(kind)


def _evaluated_at(benchmarks: list[Any]) -> str | None:
    ends = [b.get("end_time") for b in benchmarks if isinstance(b, dict) and is_finite_number(b.get("end_time"))]
    if not ends:
        return None
    finished = datetime.fromtimestamp(max(ends), tz=UTC)
    return finished.isoformat(timespec="seconds").replace("+00:00", "Z")
