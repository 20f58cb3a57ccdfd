import json
import os
import struct
from pathlib import Path

import pytest

from intake_fixtures import (
    make_model,
    modelscan_report,
    run_json,
    write_gguf,
    write_pickle,
    write_safetensors,
    write_torch_zip,
)
from modelops.intake.formats import main


def by_file(summary):
    return {f["file"]: f for f in summary["files"]}


def write_report(tmp_path, report):
    path = tmp_path / "modelscan.json"
    path.write_text(json.dumps(report))
    return str(path)


def test_safetensors_model_passes(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    code, summary = run_json(main, ["--model-dir", str(model)], capsys)
    assert code == 0
    assert by_file(summary)["model.safetensors"] == {
        "file": "model.safetensors", "kind": "safetensors", "accepted": True}


def test_gguf_model_passes(tmp_path, capsys):
    model = make_model(tmp_path / "m", write_gguf, "model-q4.gguf")
    code, summary = run_json(main, ["--model-dir", str(model)], capsys)
    assert code == 0 and by_file(summary)["model-q4.gguf"]["kind"] == "gguf"


@pytest.mark.parametrize(
    "writer, name, detail",
    [
        (write_pickle, "pytorch_model.bin", "pickle data"),
        (write_pickle, "weights.pt", "pickle data"),
        (write_torch_zip, "model.pth", "archive/data.pkl"),
        # libtorch (rust_model.ot) and other zip-based formats hide pickles behind any name.
        (write_torch_zip, "rust_model.ot", "archive/data.pkl"),
        # A pickle renamed to look safe is caught by its bytes.
        (write_pickle, "model.safetensors", "in a .safetensors file"),
        # By name alone: .ckpt is handed to torch.load whatever its bytes are.
        (lambda p: p.write_bytes(b"\x00" * 32), "last.ckpt", ".ckpt is loaded with pickle"),
    ],
)
def test_pickle_based_weights_are_refused_without_modelscan(tmp_path, capsys, writer, name, detail):
    model = make_model(tmp_path / "m", writer, name)
    code = main(["--model-dir", str(model)])
    out = capsys.readouterr().out
    assert code == 1
    line = next(text for text in out.splitlines() if name in text)
    assert line.startswith("REFUSED") and detail in line and "ModelScan" in line


def test_passing_modelscan_report_lets_pickle_in(tmp_path, capsys):
    model = make_model(tmp_path / "m", write_pickle, "pytorch_model.bin")
    write_torch_zip(model / "rust_model.ot")
    # ModelScan pointed at the parent: paths carry the model folder; archives list members.
    report = write_report(tmp_path, modelscan_report(["m/pytorch_model.bin", "m/rust_model.ot:archive/data.pkl"]))
    code, summary = run_json(main, ["--model-dir", str(model), "--modelscan-report", report], capsys)
    assert code == 0, summary
    assert summary["modelscan_version"] == "0.8.5"
    assert by_file(summary)["pytorch_model.bin"]["reason"] == "ModelScan scanned it and found no issue"


def test_modelscan_issue_refuses_and_names_the_operator(tmp_path, capsys):
    model = make_model(tmp_path / "m", write_pickle, "pytorch_model.bin")
    issue = {"description": "Use of unsafe operator 'system' from module 'os'", "operator": "system",
             "module": "os", "source": "pytorch_model.bin", "scanner": "modelscan.scanners.PickleUnsafeOpScan",
             "severity": "CRITICAL"}
    report = write_report(tmp_path, modelscan_report(["pytorch_model.bin"], [issue]))
    code = main(["--model-dir", str(model), "--modelscan-report", report])
    out = capsys.readouterr().out
    assert code == 1
    assert "worst CRITICAL: system from os" in out


def test_fail_on_threshold(tmp_path, capsys):
    model = make_model(tmp_path / "m", write_pickle, "pytorch_model.bin")
    issue = {"description": "unknown global", "operator": "Foo", "module": "custom", "source": "pytorch_model.bin",
             "scanner": "x", "severity": "MEDIUM"}
    report = write_report(tmp_path, modelscan_report(["pytorch_model.bin"], [issue]))
    assert main(["--model-dir", str(model), "--modelscan-report", report]) == 1
    assert main(["--model-dir", str(model), "--modelscan-report", report, "--modelscan-fail-on", "high"]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    "report, reason",
    [
        (modelscan_report(["other_model.bin"]), "not in the ModelScan report's scanned files"),
        (modelscan_report(["pytorch_model.bin"], errors=[{"category": "PICKLE_GENOPS", "description": "x",
                                                          "source": "pytorch_model.bin"}]),
         "ModelScan could not scan it (PICKLE_GENOPS)"),
        ({**modelscan_report(["pytorch_model.bin"]),
          "summary": {**modelscan_report(["pytorch_model.bin"])["summary"], "total_issues": 3}},
         "summary does not match"),
    ],
)
def test_report_that_does_not_cover_the_file_refuses(tmp_path, capsys, report, reason):
    model = make_model(tmp_path / "m", write_pickle, "pytorch_model.bin")
    argv = ["--model-dir", str(model), "--modelscan-report", write_report(tmp_path, report)]
    code, summary = run_json(main, argv, capsys)
    assert code == 1 and reason in by_file(summary)["pytorch_model.bin"]["reason"]


def test_broken_safetensors_and_gguf_are_refused(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    blob = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 4096]}}).encode()
    (model / "model-00002.safetensors").write_bytes(struct.pack("<Q", len(blob)) + blob + b"\x00" * 16)
    (model / "q.gguf").write_bytes(b"NOPE" + b"\x00" * 20)
    code, summary = run_json(main, ["--model-dir", str(model)], capsys)
    files = by_file(summary)
    assert code == 1
    assert "data offsets outside the file" in files["model-00002.safetensors"]["detail"]
    assert files["q.gguf"]["detail"] == "not a GGUF file (no GGUF magic)"
    assert files["model.safetensors"]["accepted"] is True


def test_symlinks_are_refused(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    write_pickle(tmp_path / "outside.bin")
    (model / "model-2.safetensors").symlink_to(tmp_path / "outside.bin")
    code, summary = run_json(main, ["--model-dir", str(model)], capsys)
    assert code == 1 and by_file(summary)["model-2.safetensors"]["detail"] == "symlink or special file"


def test_model_without_weights_fails(tmp_path, capsys):
    model = make_model(tmp_path / "m")
    (model / "model.safetensors").unlink()
    code = main(["--model-dir", str(model)])
    assert code == 1 and "no model weights found" in capsys.readouterr().out


def test_keras_h5_needs_modelscan_too(tmp_path, capsys):
    model = make_model(tmp_path / "m", lambda p: p.write_bytes(b"\x89HDF\r\n\x1a\n" + b"\x00" * 8), "tf_model.h5")
    code, summary = run_json(main, ["--model-dir", str(model)], capsys)
    assert code == 1 and by_file(summary)["tf_model.h5"]["kind"] == "code-capable"


@pytest.mark.parametrize(
    "content, expected",
    [("{not json", "not valid JSON"), ('{"summary": 1}', "not a ModelScan JSON report"),
     ('{"summary": {}, "issues": [{"severity": "BAD"}]}', "issues[0] has no severity")],
)
def test_malformed_modelscan_report_is_bad_input(tmp_path, capsys, content, expected):
    model = make_model(tmp_path / "m", write_pickle, "pytorch_model.bin")
    report = tmp_path / "r.json"
    report.write_text(content)
    assert main(["--model-dir", str(model), "--modelscan-report", str(report)]) == 2
    assert expected in capsys.readouterr().err


def test_safetensors_helper_really_is_safetensors(tmp_path):
    # Guard the fixture itself: the header length and offsets must describe the file exactly.
    path = tmp_path / "x.safetensors"
    write_safetensors(path, {"a": [1.0, 2.0]})
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    assert header["a"]["data_offsets"] == [0, 8] and len(raw) == 8 + length + 8


def test_real_modelscan_sample(tmp_path, capsys):
    # The one real ModelScan 0.8.5 report in the specs collection: it scanned pytorch_model.bin and
    # the pickles inside rust_model.ot, found no issue, and could not scan tf_model.h5 (h5py missing).
    repo = Path(__file__).resolve().parents[3]
    specs = Path(os.environ.get("MODELOPS_SPECS_DIR") or repo.parent / "shared" / "specs")
    sample = specs / "llm-eval/modelscan/samples/modelscan-0.8.5/raw_scan_file.json"
    model = make_model(tmp_path / "model", write_pickle, "pytorch_model.bin")
    write_torch_zip(model / "rust_model.ot")
    (model / "tf_model.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\x00" * 8)
    code, summary = run_json(main, ["--model-dir", str(model), "--modelscan-report", str(sample)], capsys)
    files = by_file(summary)
    assert code == 1
    assert files["pytorch_model.bin"]["accepted"] and files["rust_model.ot"]["accepted"]
    assert files["tf_model.h5"]["reason"] == "ModelScan could not scan it (DEPENDENCY)"
