"""Small models built by the intake tests themselves: real files in the formats the checks read,
made with the standard library only (the test venv has no torch or safetensors)."""

from __future__ import annotations

import io
import json
import pickle
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def write_safetensors(path: Path, tensors: dict[str, list[float]] | None = None) -> None:
    """A valid safetensors file: u64 header length, JSON header, little-endian f32 data."""
    tensors = tensors or {"wte.weight": [0.5, -1.0, 2.0, 0.25]}
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, values in tensors.items():
        raw = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": [len(values)], "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    blob = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(blob)) + blob + data)


def write_gguf(path: Path) -> None:
    # Magic, version 3, zero tensors, zero metadata entries: the smallest well-formed header.
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 0))


def write_pickle(path: Path) -> None:
    path.write_bytes(pickle.dumps({"wte.weight": [0.5, -1.0]}, protocol=4))


def write_torch_zip(path: Path) -> None:
    """What torch.save writes since 1.6: a zip with archive/data.pkl and raw storages."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps({"w": 1}, protocol=2))
        archive.writestr("archive/data/0", b"\x00" * 16)
        archive.writestr("archive/version", b"3\n")


def make_model(root: Path, weights: Callable[[Path], None] = write_safetensors, name: str = "model.safetensors",
               license_id: str | None = "apache-2.0") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    weights(root / name)
    (root / "config.json").write_text(json.dumps({"model_type": "gpt2", "n_layer": 2}))
    (root / "tokenizer.json").write_text(json.dumps({"version": "1.0", "model": {"type": "BPE"}}))
    card = "# Tiny test model\n"
    if license_id is not None:
        card = f"---\nlicense: {license_id}\nlibrary_name: transformers\n---\n" + card
    (root / "README.md").write_text(card)
    return root


def modelscan_report(scanned: list[str], issues: list[dict[str, Any]] | None = None,
                     errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Shaped like `modelscan -r json` 0.8.x output (see specs/llm-eval/modelscan)."""
    issues = issues or []
    by_severity = {s: sum(1 for i in issues if i["severity"] == s) for s in ("LOW", "MEDIUM", "HIGH", "CRITICAL")}
    return {
        "summary": {
            "total_issues_by_severity": by_severity,
            "total_issues": len(issues),
            "input_path": "model",
            "absolute_path": "/scan/model",
            "modelscan_version": "0.8.5",
            "timestamp": "2026-07-08T18:15:33.115417",
            "scanned": {"total_scanned": len(scanned), "scanned_files": scanned},
        },
        "issues": issues,
        "errors": errors or [],
    }


def run_json(main: Callable[[list[str]], int], argv: list[str], capsys) -> tuple[int, dict[str, Any]]:
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def dumps(data: Any) -> str:
    buffer = io.StringIO()
    json.dump(data, buffer)
    return buffer.getvalue()
