"""`modelops check-formats`: only weight formats that cannot run code get in by default.

Loading a pickle runs whatever the pickle says (`torch.load` on a `.bin`/`.pt` is arbitrary code
execution), so pickle-based weights are refused unless a ModelScan report shows each of them was
scanned clean. safetensors and GGUF are plain tensors plus a header and are accepted once the
header is valid. Files are classified by their bytes as well as their name: a pickle renamed to
`.safetensors` is caught by its header, and a zip (PyTorch's own format, `.ot`, `.nemo`, ...)
holding `.pkl` members counts as pickle whatever it is called. Keras/TensorFlow files (`.h5`,
`.keras`, `.pb`) can carry code too (Lambda layers, file ops) and follow the same rule.
"""

from __future__ import annotations

import json
import struct
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._cli import ArgumentParser, BadInput, run
from .checksums import list_model_files
from .modelscan import SEVERITIES, ModelScanReport

PICKLE_EXTENSIONS = {".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib", ".dill", ".mar"}
CODE_CAPABLE_EXTENSIONS = {".h5", ".hdf5", ".keras", ".pb"}
SAFE_WEIGHT_EXTENSIONS = {".safetensors", ".gguf"}
# Safetensors headers are small JSON; a huge declared size means a corrupt or hostile file.
MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
GGUF_MAGIC = b"GGUF"


def _looks_like_pickle(head: bytes) -> bool:
    # Protocol 2+ starts with PROTO (0x80) and the protocol number; protocols 0/1 have no
    # marker but are not used for model weights by any current library.
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def _safetensors_problem(path: Path, size: int) -> str | None:
    with path.open("rb") as handle:
        raw = handle.read(8)
        if len(raw) < 8:
            return "too short for a safetensors header"
        (length,) = struct.unpack("<Q", raw)
        if length > MAX_SAFETENSORS_HEADER or length + 8 > size:
            return f"declares a {length}-byte header in a {size}-byte file"
        header = handle.read(length)
    try:
        meta = json.loads(header.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "header is not JSON"
    if not isinstance(meta, dict):
        return "header is not a JSON object"
    data_size = size - 8 - length
    for name, tensor in meta.items():
        if name == "__metadata__":
            continue
        offsets = tensor.get("data_offsets") if isinstance(tensor, dict) else None
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(o, int) for o in offsets)
            or not 0 <= offsets[0] <= offsets[1] <= data_size
        ):
            return f"tensor {name!r} has data offsets outside the file"
    return None


def _zip_pickle_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = []
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if Path(info.filename).suffix.lower() in PICKLE_EXTENSIONS:
                    members.append(info.filename)
                    continue
                with archive.open(info) as member:
                    if _looks_like_pickle(member.read(2)):
                        members.append(info.filename)
            return members
    except (zipfile.BadZipFile, OSError):
        return []


def classify(path: Path) -> dict[str, Any]:
    """{kind, detail?} with kind one of safetensors, gguf, pickle, code-capable, invalid, other."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(8)
    if zipfile.is_zipfile(path):
        members = _zip_pickle_members(path)
        if members:
            return {"kind": "pickle", "detail": f"zip archive with pickled members: {', '.join(members[:5])}"}
        if suffix in SAFE_WEIGHT_EXTENSIONS:
            return {"kind": "invalid", "detail": f"named {suffix} but is a zip archive"}
    if _looks_like_pickle(head):
        where = "" if suffix in PICKLE_EXTENSIONS else f" in a {suffix or 'extension-less'} file"
        return {"kind": "pickle", "detail": "pickle data" + where}
    if suffix == ".safetensors":
        problem = _safetensors_problem(path, size)
        if problem:
            return {"kind": "invalid", "detail": f"not a valid safetensors file: {problem}"}
        return {"kind": "safetensors"}
    if suffix == ".gguf":
        if head[:4] != GGUF_MAGIC or len(head) < 8:
            return {"kind": "invalid", "detail": "not a GGUF file (no GGUF magic)"}
        (version,) = struct.unpack("<I", head[4:8])
        return {"kind": "gguf", "detail": f"GGUF v{version}"}
    if suffix in PICKLE_EXTENSIONS:
        # Named like a pickle; refuse by name even when the bytes are not recognisable, since the
        # loader chosen for this extension is torch.load / pickle.load.
        return {"kind": "pickle", "detail": f"{suffix} is loaded with pickle"}
    if suffix in CODE_CAPABLE_EXTENSIONS:
        return {"kind": "code-capable", "detail": f"{suffix} can embed executable layers or ops"}
    return {"kind": "other"}


def check_formats(
    model_dir: Path,
    report: ModelScanReport | None = None,
    fail_on: str = "LOW",
) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for rel in list_model_files(model_dir):
        path = model_dir / rel
        if path.is_symlink() or not path.is_file():
            files.append({"file": rel, "kind": "invalid", "detail": "symlink or special file", "accepted": False})
            continue
        entry: dict[str, Any] = {"file": rel, **classify(path)}
        kind = entry["kind"]
        if kind in ("safetensors", "gguf", "other"):
            entry["accepted"] = True
        elif kind in ("pickle", "code-capable"):
            if report is None:
                entry["accepted"] = False
                entry["reason"] = "refused without a passing ModelScan report (--modelscan-report)"
            else:
                ok, reason = report.verdict_for(rel, fail_on)
                entry["accepted"] = ok
                entry["reason"] = reason
        else:
            entry["accepted"] = False
        files.append(entry)
    weights = [f for f in files if f["kind"] in ("safetensors", "gguf", "pickle", "code-capable")]
    problems = [f for f in files if not f["accepted"]]
    if not weights:
        problems.append({"file": str(model_dir), "kind": "none", "accepted": False, "reason": "no model weights found"})
    return {"files": files, "problems": problems}


def _parse(argv: Sequence[str]):
    parser = ArgumentParser(
        prog="modelops check-formats",
        description="Accept safetensors/GGUF weights; refuse pickle-based ones unless ModelScan passed them.",
    )
    parser.add_argument("--model-dir", required=True, help="directory the model was fetched into")
    parser.add_argument(
        "--modelscan-report",
        help="ModelScan JSON report (modelscan -p MODEL -r json -o FILE) covering the pickle-based files",
    )
    parser.add_argument(
        "--modelscan-fail-on",
        default="LOW",
        type=str.upper,
        choices=SEVERITIES,
        help="lowest ModelScan issue severity that refuses a file (default LOW: any issue refuses)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    return parser.parse_args(list(argv))


def _check(args) -> tuple[bool, dict[str, Any], list[str]]:
    model_dir = Path(args.model_dir)
    if not model_dir.is_dir():
        raise BadInput(f"--model-dir {args.model_dir} is not a directory")
    report = ModelScanReport.load(Path(args.modelscan_report)) if args.modelscan_report else None
    result = check_formats(model_dir, report, args.modelscan_fail_on)
    lines = []
    for f in result["files"]:
        if f["kind"] == "other":
            continue
        mark = "ok     " if f["accepted"] else "REFUSED"
        extra = "; ".join(x for x in (f.get("detail"), f.get("reason")) if x)
        lines.append(f"{mark} {f['file']} ({f['kind']}{': ' + extra if extra else ''})")
    lines += [f"REFUSED {p['file']}: {p['reason']}" for p in result["problems"] if p.get("kind") == "none"]
    summary = {
        "check": "formats",
        "modelscan_report": args.modelscan_report,
        "modelscan_version": report.version if report else None,
        **result,
    }
    return not result["problems"], summary, lines


def main(argv: list[str]) -> int:
    return run(_parse, _check, argv)
