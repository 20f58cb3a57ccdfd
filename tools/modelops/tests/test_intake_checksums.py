import hashlib
import json
import os

import pytest

from intake_fixtures import make_model, run_json
from modelops.intake import checksums
from modelops.intake.checksums import compute_manifest, main

REVISION = "0123456789abcdef0123456789abcdef01234567"


def sha256sum_manifest(model_dir, path):
    lines = [f"{sha}  {rel}" for rel, sha in compute_manifest(model_dir).items()]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def model(tmp_path):
    return make_model(tmp_path / "model")


def test_untouched_model_passes_with_sha256sum_manifest(model, tmp_path, capsys):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    argv = ["--model-dir", str(model), "--manifest", str(manifest), "--revision", REVISION]
    code, summary = run_json(main, argv, capsys)
    assert code == 0
    assert summary["ok"] is True and summary["revision"] == REVISION
    assert sorted(summary["verified"]) == ["README.md", "config.json", "model.safetensors", "tokenizer.json"]


def test_one_changed_byte_fails_and_names_the_file(model, tmp_path, capsys):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    data = bytearray((model / "model.safetensors").read_bytes())
    data[-1] ^= 0x01
    (model / "model.safetensors").write_bytes(bytes(data))
    code = main(["--model-dir", str(model), "--manifest", str(manifest)])
    out = capsys.readouterr().out
    assert code == 1
    assert "model.safetensors: sha256 mismatch" in out and out.strip().endswith("FAILED")


def test_extra_file_fails_unless_allowed(model, tmp_path, capsys):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    (model / "extra.py").write_text("print('not pinned')\n")
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest)], capsys)
    assert code == 1 and {"file": "extra.py", "problem": "not in the manifest"} in summary["problems"]
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest), "--allow-extra"], capsys)
    assert code == 0 and summary["extra"] == ["extra.py"]


def test_missing_file_fails(model, tmp_path, capsys):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    (model / "tokenizer.json").unlink()
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest)], capsys)
    assert code == 1 and summary["problems"] == [{"file": "tokenizer.json", "problem": "missing"}]


def test_symlink_out_of_the_model_fails(model, tmp_path, capsys):
    outside = tmp_path / "outside.json"
    outside.write_text("{}")
    (model / "config.json").unlink()
    os.symlink(outside, model / "config.json")
    digest = hashlib.sha256(b"{}").hexdigest()
    manifest = tmp_path / "m.json"
    manifest.write_text(json.dumps({"config.json": digest}))
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest), "--allow-extra"], capsys)
    assert code == 1
    assert summary["problems"] == [{"file": "config.json", "problem": "points outside the model directory"}]


def test_linked_directory_is_not_overlooked(model, tmp_path, capsys):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "payload.py").write_text("import os\n")
    os.symlink(tmp_path / "elsewhere", model / "extras")
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest)], capsys)
    assert code == 1 and summary["problems"] == [{"file": "extras", "problem": "not in the manifest"}]


def test_hugging_face_model_info_manifest(model, tmp_path, capsys):
    # Model info fetched with files_metadata=True: LFS files carry a sha256, small git files do not.
    info = {
        "sha": REVISION,
        "siblings": [
            {"rfilename": "model.safetensors", "lfs": {"sha256": checksums.sha256_file(model / "model.safetensors")}},
            {"rfilename": "config.json"},
            {"rfilename": "tokenizer.json"},
            {"rfilename": "README.md"},
        ],
    }
    manifest = tmp_path / "info.json"
    manifest.write_text(json.dumps(info))
    code, summary = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest)], capsys)
    assert code == 0
    assert summary["verified"] == ["model.safetensors"]
    assert summary["unverified"] == ["README.md", "config.json", "tokenizer.json"]
    code, _ = run_json(main, ["--model-dir", str(model), "--manifest", str(manifest), "--require-all-verified"], capsys)
    assert code == 1


@pytest.mark.parametrize(
    "manifest_text, expected",
    [
        ('{"../etc/passwd": "' + "0" * 64 + '"}', "leaves the model directory"),
        ('{"/etc/passwd": "' + "0" * 64 + '"}', "not a relative path"),
        ('{"model.safetensors": "abc"}', "not a 64-hex SHA-256"),
        ("not a checksum line\n", "sha256sum format"),
        ("{broken", "not valid JSON"),
    ],
)
def test_bad_manifest_is_bad_input(model, tmp_path, capsys, manifest_text, expected):
    manifest = tmp_path / "manifest"
    manifest.write_text(manifest_text)
    assert main(["--model-dir", str(model), "--manifest", str(manifest)]) == 2
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["--revision", "main"], "full 40-character commit SHA"),
        (["--revision", "v1.0"], "full 40-character commit SHA"),
        (["--model-dir-typo", "x"], "unrecognized arguments"),
    ],
)
def test_bad_flags_exit_2(model, tmp_path, capsys, argv, expected):
    manifest = sha256sum_manifest(model, tmp_path / "SHA256SUMS")
    assert main(["--model-dir", str(model), "--manifest", str(manifest), *argv]) == 2
    assert expected in capsys.readouterr().err


def test_missing_model_dir_exit_2_with_json_error(tmp_path, capsys):
    manifest = tmp_path / "SHA256SUMS"
    manifest.write_text("0" * 64 + "  a\n")
    code, summary = run_json(main, ["--model-dir", str(tmp_path / "nope"), "--manifest", str(manifest)], capsys)
    assert code == 2 and summary["ok"] is False and "--model-dir" in summary["error"]
