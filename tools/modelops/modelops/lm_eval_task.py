"""`modelops make-lm-eval-task`: an lm-eval custom task from an AI engineer's own dataset.

The engineer names a dataset file (jsonl, csv or json array of objects), which field is the
prompt and which the reference answer, and a metric. We read the dataset once to check those
fields exist in every row (so the run fails here, with a line number, not forty minutes into the
pipeline) and write `<task>.yaml` for `lm_eval --include_path <dir> --tasks <task>`.

Safe by construction: the task is a Python dict serialised with a YAML dumper, so no dataset
field, regex or path can become YAML syntax. lm-eval treats `doc_to_text` either as a dataset
column name (used as is) or as a Jinja template; we give the column name, and restrict field
names to identifiers, so even lm-eval's template fallback sees no template syntax. A csv dataset
is handed to lm-eval as a JSON lines copy (`<task>_data.jsonl`), since lm-eval's csv loader would
retype the cells (`04` -> `4`) before comparing them.

Metrics (all `generate_until`, greedy decoding):
- `exact_match`: lm-eval's own metric (case-insensitive by default, `--case-sensitive` to keep case);
- `regex`: lm-eval's regex filter extracts the answer from the generation (first match of the
  pattern; its first capture group when it has one), then exact match against the reference;
- `f1`: SQuAD-style token F1 between generation and reference;
- `rouge`: ROUGE-1/2/L F-measure. Needs `rouge-score` (in the cluster image, not installed here).
`f1` and `rouge` use a fixed helper module written next to the task (`<task>_metrics.py`, a copy
of `modelops/lm_eval_task_metrics.py`, plus `<task>_metrics.json` naming the reference field),
referenced with lm-eval's `!function` tag.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from .intake._cli import ArgumentParser, BadInput, run

FORMATS = ("jsonl", "csv", "json")
METRICS = ("exact_match", "f1", "rouge", "regex")
TASK_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
FIELD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_REGEX = 500


class FunctionRef(str):
    """A `!function module.name` reference for lm-eval's YAML loader. Only this module creates
    them, with fixed names; user input never reaches the tag."""


class TaskDumper(yaml.SafeDumper):
    """SafeDumper plus lm-eval's `!function` tag; everything else is plain safe YAML."""


TaskDumper.add_representer(
    FunctionRef, lambda dumper, value: dumper.represent_scalar("!function", str(value))
)


def load_rows(path: Path, fmt: str) -> list[dict[str, Any]]:
    """Read the dataset as lm-eval's `datasets` loader will; errors name the row."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"--dataset {path} is not UTF-8 text") from None
    rows: list[dict[str, Any]] = []
    if fmt == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise BadInput(f"--dataset {path}:{number}: not valid JSON ({err.msg})") from None
            if not isinstance(row, dict):
                raise BadInput(f"--dataset {path}:{number}: each line must be a JSON object")
            rows.append(row)
    elif fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise BadInput(f"--dataset {path}: not valid JSON ({err.msg} at line {err.lineno})") from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise BadInput(
                f"--dataset {path}: a json dataset must be an array of objects (use jsonl for one object a line)"
            )
        rows = data
    else:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames:
            raise BadInput(f"--dataset {path}: the csv has no header row")
        for row in reader:
            if None in row:
                raise BadInput(f"--dataset {path}:{reader.line_num}: more values than header columns")
            rows.append(row)
    if not rows:
        raise BadInput(f"--dataset {path} has no rows")
    return rows


def check_fields(rows: list[dict[str, Any]], path: Path, fmt: str, fields: dict[str, str]) -> None:
    for flag, field in fields.items():
        if not FIELD_RE.match(field):
            raise BadInput(
                f"{flag} {field!r} must be a column name of letters, digits and _ (not starting with a digit)"
            )
    for index, row in enumerate(rows):
        where = f"{path}:{index + 1}" if fmt == "jsonl" else f"{path} row {index + 1}"
        for flag, field in fields.items():
            if field not in row:
                raise BadInput(f"--dataset {where}: no field {field!r} (named by {flag})")
            value = row[field]
            if not isinstance(value, str):
                raise BadInput(f"--dataset {where}: field {field!r} must be a string, got {type(value).__name__}")
            if flag == "--reference-field" and not value.strip():
                raise BadInput(f"--dataset {where}: the reference answer {field!r} is empty")


def build_task(
    *,
    task_name: str,
    data_location: str,
    prompt_field: str,
    reference_field: str,
    metric: str,
    regex: str | None = None,
    case_sensitive: bool = False,
    until: Sequence[str] = ("\n",),
    max_gen_toks: int = 64,
    num_fewshot: int = 0,
    dataset_sha256: str | None = None,
) -> dict[str, Any]:
    """The task config as data. Inputs are assumed validated (see `_check`)."""
    task: dict[str, Any] = {
        "task": task_name,
        # jsonl and json arrays both load with the json builder; csv arrives here as a jsonl copy.
        "dataset_path": "json",
        "dataset_kwargs": {"data_files": {"test": data_location}},
        "test_split": "test",
        "output_type": "generate_until",
        "doc_to_text": prompt_field,
        "doc_to_target": reference_field,
        "target_delimiter": " ",
        "num_fewshot": num_fewshot,
        "generation_kwargs": {
            "until": list(until),
            "max_gen_toks": max_gen_toks,
            "do_sample": False,
            "temperature": 0.0,
        },
    }
    exact = {
        "metric": "exact_match",
        "aggregation": "mean",
        "higher_is_better": True,
        "ignore_case": not case_sensitive,
        "ignore_punctuation": False,
    }
    if metric == "exact_match":
        # Generations usually start with the space after the prompt: compare trimmed answers.
        # Trimming via the metric (not a filter) keeps the result key `exact_match,none`.
        task["metric_list"] = [{**exact, "regexes_to_ignore": [r"^\s+", r"\s+$"]}]
    elif metric == "regex":
        task["metric_list"] = [exact]
        task["filter_list"] = [
            {
                "name": "regex",
                "filter": [
                    {"function": "regex", "regex_pattern": regex, "group_select": 0, "fallback": "[no match]"},
                    {"function": "take_first"},
                ],
            }
        ]
    elif metric == "f1":
        task["process_results"] = FunctionRef(f"{task_name}_metrics.process_results_f1")
        task["metric_list"] = [{"metric": "f1", "aggregation": "mean", "higher_is_better": True}]
    else:  # rouge
        task["process_results"] = FunctionRef(f"{task_name}_metrics.process_results_rouge")
        task["metric_list"] = [
            {"metric": name, "aggregation": "mean", "higher_is_better": True}
            for name in ("rouge1", "rouge2", "rougeL")
        ]
    task["metadata"] = {
        "version": 1.0,
        "generated_by": "modelops make-lm-eval-task",
        "metric": metric,
        **({"dataset_sha256": dataset_sha256} if dataset_sha256 else {}),
    }
    return task


def dump_task(task: dict[str, Any]) -> str:
    return yaml.dump(task, Dumper=TaskDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)


def _parse(argv: Sequence[str]):
    parser = ArgumentParser(
        prog="modelops make-lm-eval-task",
        description="Write an lm-eval custom task (YAML) that scores generations against your dataset.",
    )
    parser.add_argument("--dataset", required=True, help="local dataset file, read to check the fields")
    parser.add_argument("--format", choices=FORMATS, help="dataset format (default: from the file extension)")
    parser.add_argument("--prompt-field", required=True, help="field holding the prompt")
    parser.add_argument("--reference-field", required=True, help="field holding the reference answer")
    parser.add_argument("--metric", required=True, choices=METRICS, help="how generations are scored")
    parser.add_argument("--regex", help="with --metric regex: pattern extracting the answer from the generation")
    parser.add_argument("--case-sensitive", action="store_true", help="exact match/regex: compare case too")
    parser.add_argument("--task-name", required=True, help="lm-eval task name: lowercase letters, digits, _")
    parser.add_argument("--output-dir", required=True, help="directory for <task>.yaml (the --include_path)")
    parser.add_argument(
        "--dataset-location",
        help="path or URL the evaluation job reads the dataset from (default: the absolute --dataset path; "
        "for csv, the absolute path of the <task>_data.jsonl copy written to --output-dir)",
    )
    parser.add_argument("--until", action="append", help="stop sequence for generation (repeatable; default newline)")
    parser.add_argument("--max-gen-toks", type=int, default=64, help="maximum generated tokens (default 64)")
    parser.add_argument("--num-fewshot", type=int, default=0, help="few-shot examples from the same file (default 0)")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    return parser.parse_args(list(argv))


def _check(args) -> tuple[bool, dict[str, Any], list[str]]:
    if not TASK_NAME_RE.match(args.task_name):
        raise BadInput(
            f"--task-name {args.task_name!r} must be lowercase letters, digits and _, starting with a letter"
        )
    dataset = Path(args.dataset)
    if not dataset.is_file():
        raise BadInput(f"--dataset {args.dataset} is not a file")
    fmt = args.format or dataset.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise BadInput(f"--format is needed: cannot tell jsonl/csv/json from {dataset.name!r}")
    if args.metric == "regex":
        if not args.regex:
            raise BadInput("--metric regex needs --regex PATTERN")
        if len(args.regex) > MAX_REGEX:
            raise BadInput(f"--regex is longer than {MAX_REGEX} characters")
        try:
            compiled = re.compile(args.regex)
        except re.error as err:
            raise BadInput(f"--regex {args.regex!r} is not a valid regular expression ({err})") from None
        if compiled.groups > 1:
            raise BadInput("--regex may have at most one capture group (the answer)")
    elif args.regex:
        raise BadInput("--regex only applies to --metric regex")
    if not 1 <= args.max_gen_toks <= 4096:
        raise BadInput("--max-gen-toks must be between 1 and 4096")
    if not 0 <= args.num_fewshot <= 32:
        raise BadInput("--num-fewshot must be between 0 and 32")
    until = args.until or ["\n"]
    if any(not u for u in until):
        raise BadInput("--until must not be empty")
    if args.prompt_field == args.reference_field:
        raise BadInput("--prompt-field and --reference-field must be different fields")

    rows = load_rows(dataset, fmt)
    check_fields(rows, dataset, fmt, {"--prompt-field": args.prompt_field, "--reference-field": args.reference_field})
    if args.num_fewshot >= len(rows):
        raise BadInput(f"--num-fewshot {args.num_fewshot} needs more than {len(rows)} rows")
    digest = hashlib.sha256(dataset.read_bytes()).hexdigest()
    if args.dataset_location is not None and (not args.dataset_location.strip() or "\n" in args.dataset_location):
        raise BadInput("--dataset-location must be a single-line path or URL")
    out = Path(args.output_dir)
    if out.exists() and not out.is_dir():
        raise BadInput(f"--output-dir {args.output_dir} is not a directory")
    files: list[str] = []
    if fmt == "csv":
        # The csv loader lm-eval uses retypes cells (`04` -> 4, `1.50` -> 1.5, `NA` -> NaN), and
        # the reference is then compared as that retyped text. A JSON lines copy of the rows as
        # read here (all text) keeps the reference exactly as written.
        out.mkdir(parents=True, exist_ok=True)
        copy = out / f"{args.task_name}_data.jsonl"
        copy.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
        files.append(str(copy))
        default_location = str(copy.resolve())
    else:
        default_location = str(dataset.resolve())
    location = args.dataset_location or default_location

    task = build_task(
        task_name=args.task_name,
        data_location=location,
        prompt_field=args.prompt_field,
        reference_field=args.reference_field,
        metric=args.metric,
        regex=args.regex,
        case_sensitive=args.case_sensitive,
        until=until,
        max_gen_toks=args.max_gen_toks,
        num_fewshot=args.num_fewshot,
        dataset_sha256=digest,
    )
    out.mkdir(parents=True, exist_ok=True)
    task_file = out / f"{args.task_name}.yaml"
    task_file.write_text(dump_task(task), encoding="utf-8")
    files.insert(0, str(task_file))
    if args.metric in ("f1", "rouge"):
        helper = out / f"{args.task_name}_metrics.py"
        shutil.copyfile(Path(__file__).with_name("lm_eval_task_metrics.py"), helper)
        settings = helper.with_suffix(".json")
        settings.write_text(json.dumps({"reference_field": args.reference_field}), encoding="utf-8")
        files += [str(helper), str(settings)]
    summary = {
        "command": "make-lm-eval-task",
        "task": args.task_name,
        "task_file": str(task_file),
        "files": files,
        "include_path": str(out),
        "rows": len(rows),
        "metric": args.metric,
        "dataset_location": location,
        "dataset_sha256": digest,
        "needs": ["rouge-score"] if args.metric == "rouge" else [],
    }
    lines = [
        f"wrote {task_file} ({len(rows)} rows, metric {args.metric})",
        f"run: lm_eval --include_path {out} --tasks {args.task_name} ...",
    ]
    return True, summary, lines


def main(argv: list[str]) -> int:
    return run(_parse, _check, argv)
