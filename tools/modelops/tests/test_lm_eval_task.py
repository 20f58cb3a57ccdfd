import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from intake_fixtures import run_json
from modelops.lm_eval_task import main


class TaskLoader(yaml.SafeLoader):
    """Reads `!function x.y` the way lm-eval's loader sees it, as a reference (not importing)."""


TaskLoader.add_constructor("!function", lambda loader, node: {"!function": loader.construct_scalar(node)})


def load_task(path):
    return yaml.load(Path(path).read_text(), Loader=TaskLoader)


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


ROWS = [
    {"question": "What is 2+2?", "answer": "4"},
    {"question": "Capital of France?", "answer": "Paris"},
]


def make(tmp_path, capsys, *extra, rows=ROWS, name="data.jsonl", metric="exact_match"):
    dataset = write_jsonl(tmp_path / name, rows) if isinstance(rows, list) else rows
    argv = ["--dataset", str(dataset), "--prompt-field", "question", "--reference-field", "answer",
            "--metric", metric, "--task-name", "support_qa", "--output-dir", str(tmp_path / "tasks"), *extra]
    return run_json(main, argv, capsys)


def test_exact_match_task_from_jsonl(tmp_path, capsys):
    code, summary = make(tmp_path, capsys)
    assert code == 0 and summary["rows"] == 2
    task = load_task(summary["task_file"])
    assert task["task"] == "support_qa"
    assert task["dataset_path"] == "json"
    assert task["dataset_kwargs"] == {"data_files": {"test": str((tmp_path / "data.jsonl").resolve())}}
    assert task["output_type"] == "generate_until"
    assert (task["doc_to_text"], task["doc_to_target"]) == ("question", "answer")
    assert task["metric_list"][0]["metric"] == "exact_match" and task["metric_list"][0]["ignore_case"] is True
    assert task["generation_kwargs"]["until"] == ["\n"]
    assert task["metadata"]["dataset_sha256"] == summary["dataset_sha256"]


def test_csv_and_json_datasets(tmp_path, capsys):
    csv_path = tmp_path / "data.csv"
    csv_path.write_text('question,answer\n"What is 2+2, really?",04\nHi,NA\n')
    code, summary = make(tmp_path, capsys, rows=csv_path)
    assert code == 0 and summary["rows"] == 2
    # lm-eval gets a JSON lines copy, so `04` and `NA` stay the text the engineer wrote.
    copy = tmp_path / "tasks" / "support_qa_data.jsonl"
    task = load_task(summary["task_file"])
    assert (task["dataset_path"], task["dataset_kwargs"]["data_files"]["test"]) == ("json", str(copy.resolve()))
    assert [json.loads(line) for line in copy.read_text().splitlines()] == [
        {"question": "What is 2+2, really?", "answer": "04"}, {"question": "Hi", "answer": "NA"}]
    json_path = tmp_path / "data.json"
    json_path.write_text(json.dumps(ROWS))
    code, summary = make(tmp_path, capsys, rows=json_path)
    assert code == 0 and load_task(summary["task_file"])["dataset_path"] == "json"


def test_user_text_stays_data(tmp_path, capsys):
    # A location and a regex full of YAML and Jinja syntax come back out of the YAML unchanged.
    location = "/data/evil: {{ config }} # comment\n- x"
    regex = r"answer: '([^\"]+)' {{x}} #"
    code, _ = make(tmp_path, capsys, "--dataset-location", location)
    assert code == 2  # multi-line location refused
    location = location.replace("\n", " ")
    dataset = write_jsonl(tmp_path / "d.jsonl", ROWS)
    code, summary = run_json(main, ["--dataset", str(dataset), "--prompt-field", "question",
                                    "--reference-field", "answer", "--metric", "regex", "--regex", regex,
                                    "--dataset-location", location, "--task-name", "t1",
                                    "--output-dir", str(tmp_path / "tasks")], capsys)
    assert code == 0
    task = load_task(summary["task_file"])
    assert task["dataset_kwargs"]["data_files"]["test"] == location
    assert task["filter_list"][0]["filter"][0] == {
        "function": "regex", "regex_pattern": regex, "group_select": 0, "fallback": "[no match]"}
    assert set(task) == {"task", "dataset_path", "dataset_kwargs", "test_split", "output_type", "doc_to_text",
                         "doc_to_target", "target_delimiter", "num_fewshot", "generation_kwargs", "metric_list",
                         "filter_list", "metadata"}


@pytest.mark.parametrize(
    "extra, rows, expected",
    [
        (["--prompt-field", "q}}{{ 7*7 }}"], ROWS, "--prompt-field 'q}}{{ 7*7 }}' must be a column name"),
        ([], [ROWS[0], {"question": "x"}], "data.jsonl:2: no field 'answer' (named by --reference-field)"),
        ([], [ROWS[0], {"question": "x", "answer": 4}], "field 'answer' must be a string, got int"),
        ([], [ROWS[0], {"question": "x", "answer": "  "}], "the reference answer 'answer' is empty"),
        (["--task-name", "Bad-Name"], ROWS, "--task-name 'Bad-Name'"),
        (["--regex", "("], ROWS, "--regex only applies to --metric regex"),
        (["--max-gen-toks", "0"], ROWS, "--max-gen-toks must be between"),
        (["--num-fewshot", "2"], ROWS, "--num-fewshot 2 needs more than 2 rows"),
        (["--reference-field", "question"], ROWS, "must be different fields"),
        (["--format", "parquet"], ROWS, "invalid choice"),
    ],
)
def test_bad_input_names_the_problem(tmp_path, capsys, extra, rows, expected):
    dataset = write_jsonl(tmp_path / "data.jsonl", rows)
    argv = ["--dataset", str(dataset), "--prompt-field", "question", "--reference-field", "answer",
            "--metric", "exact_match", "--task-name", "support_qa", "--output-dir", str(tmp_path / "tasks")]
    # later flags win in argparse, so extra overrides the defaults above
    assert main([*argv, *extra]) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "tasks" / "support_qa.yaml").exists()


@pytest.mark.parametrize(
    "content, name, expected",
    [
        ('{"question": "a", "answer": "b"}\nnot json\n', "d.jsonl", "d.jsonl:2: not valid JSON"),
        ('{"rows": []}', "d.json", "must be an array of objects"),
        ("", "d.jsonl", "has no rows"),
        ("question,answer\na,b,c\n", "d.csv", "more values than header columns"),
        ("a", "d.txt", "--format is needed"),
    ],
)
def test_malformed_datasets(tmp_path, capsys, content, name, expected):
    path = tmp_path / name
    path.write_text(content)
    code, summary = make(tmp_path, capsys, rows=path)
    assert code == 2
    assert expected in summary["error"]


def test_regex_metric_validation(tmp_path, capsys):
    assert make(tmp_path, capsys, metric="regex")[0] == 2
    assert make(tmp_path, capsys, "--regex", "([0-9]+", metric="regex")[1]["error"].startswith("--regex '([0-9]+'")
    assert "at most one capture group" in make(tmp_path, capsys, "--regex", "(a)(b)", metric="regex")[1]["error"]


def test_f1_task_scores_with_the_copied_helper(tmp_path, capsys):
    code, summary = make(tmp_path, capsys, metric="f1")
    assert code == 0
    task = load_task(summary["task_file"])
    assert task["process_results"] == {"!function": "support_qa_metrics.process_results_f1"}
    assert task["metric_list"] == [{"metric": "f1", "aggregation": "mean", "higher_is_better": True}]
    helper = tmp_path / "tasks" / "support_qa_metrics.py"
    assert json.loads(helper.with_suffix(".json").read_text()) == {"reference_field": "answer"}
    # Load the copy the way lm-eval does (by file path, next to the YAML) and score with it.
    spec = importlib.util.spec_from_file_location("support_qa_metrics", helper)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = {"question": "Capital of France?", "answer": "The city of Paris"}
    assert module.process_results_f1(doc, ["city of Paris"]) == {"f1": 1.0}  # articles dropped
    assert module.process_results_f1(doc, ["Paris, France"])["f1"] == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert module.process_results_f1(doc, ["London"]) == {"f1": 0.0}


def test_rouge_task_is_generated_for_the_cluster_image(tmp_path, capsys):
    code, summary = make(tmp_path, capsys, metric="rouge")
    assert code == 0 and summary["needs"] == ["rouge-score"]
    task = load_task(summary["task_file"])
    assert [m["metric"] for m in task["metric_list"]] == ["rouge1", "rouge2", "rougeL"]
    assert task["process_results"] == {"!function": "support_qa_metrics.process_results_rouge"}
