"""`modelops verify-checksums`: the files fetched are exactly the files pinned, byte for byte.

The intake fetches a model at a pinned revision (a full commit SHA, never a branch: a branch can
move between review and deployment). The expected SHA-256 of every file comes from a manifest:
either `sha256sum` output (`<hex>  <path>` per line) or JSON, a `{path: sha256}` mapping or the
Hugging Face model-info answer fetched with file metadata (`siblings[].rfilename` with
`siblings[].lfs.sha256`; files not stored in LFS carry no SHA-256 there and are listed as
unverified). Files present on disk but absent from the manifest fail the check unless allowed:
an extra file is exactly what a tampered copy looks like.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ._cli import ArgumentParser, BadInput, run

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}$")
# Directories a download tool leaves behind that are not part of the model.
IGNORED_DIRS = {".git", ".cache"}
CHUNK = 1 << 20


def validate_revision(revision: str) -> str:
    """A pinned revision is a full 40-hex commit SHA; branch and tag names are refused."""
    if not COMMIT_RE.match(revision):
        raise BadInput(
            f"--revision must be a full 40-character commit SHA (got {revision!r}); "
            "branches and tags can move, so they do not pin a model"
        )
    return revision


def safe_relative_path(raw: str, source: str) -> str:
    """Manifest paths are relative, inside the model directory, written with '/'."""
    path = raw.strip()
    if not path:
        raise BadInput(f"{source}: empty file path")
    if "\\" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        raise BadInput(f"{source}: {raw!r} is not a relative path inside the model directory")
    parts = PurePosixPath(path).parts
    if any(part in ("..", "") for part in parts):
        raise BadInput(f"{source}: {raw!r} leaves the model directory")
    return str(PurePosixPath(*[p for p in parts if p != "."]))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def list_model_files(model_dir: Path) -> list[str]:
    """Every file under the model directory, relative, sorted. Symlinks are entries too, files
    and directories alike (os.walk does not descend into linked directories, so listing them is
    what keeps a linked directory from going unnoticed)."""
    found: list[str] = []
    for root, dirs, files in os.walk(model_dir):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        found.extend(Path(root, d).relative_to(model_dir).as_posix() for d in dirs if Path(root, d).is_symlink())
        for name in files:
            found.append(Path(root, name).relative_to(model_dir).as_posix())
    return sorted(found)


def compute_manifest(model_dir: Path) -> dict[str, str]:
    """What a trusted copy would publish as its manifest (used to pin a model you built)."""
    return {rel: sha256_file(model_dir / rel) for rel in list_model_files(model_dir)}


def parse_manifest(text: str, source: str) -> tuple[dict[str, str], list[str]]:
    """Returns ({path: sha256}, [paths listed without a sha256])."""
    stripped = text.lstrip()
    expected: dict[str, str] = {}
    unverified: list[str] = []
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise BadInput(f"{source}: not valid JSON ({err})") from None
        if isinstance(data, dict) and isinstance(data.get("siblings"), list):
            for i, sibling in enumerate(data["siblings"]):
                if not isinstance(sibling, dict) or not isinstance(sibling.get("rfilename"), str):
                    raise BadInput(f"{source}: siblings[{i}] has no rfilename")
                rel = safe_relative_path(sibling["rfilename"], source)
                lfs = sibling.get("lfs")
                sha = lfs.get("sha256") if isinstance(lfs, dict) else None
                if sha is None:
                    unverified.append(rel)
                else:
                    expected[rel] = _checked_sha(sha, rel, source)
        elif isinstance(data, dict):
            for raw, sha in data.items():
                rel = safe_relative_path(raw, source)
                expected[rel] = _checked_sha(sha, rel, source)
        else:
            raise BadInput(f"{source}: expected a {{path: sha256}} object or a model info with siblings")
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = re.match(r"^([0-9a-fA-F]{64}) [ *](.+)$", line)
            if not match:
                raise BadInput(f"{source}:{number}: expected '<sha256>  <path>' (sha256sum format)")
            rel = safe_relative_path(match.group(2), f"{source}:{number}")
            expected[rel] = match.group(1).lower()
    if not expected and not unverified:
        raise BadInput(f"{source}: the manifest lists no files")
    return expected, unverified


def _checked_sha(value: Any, rel: str, source: str) -> str:
    if not isinstance(value, str) or not SHA256_RE.match(value.lower()):
        raise BadInput(f"{source}: the checksum of {rel} is not a 64-hex SHA-256")
    return value.lower()


def verify(
    model_dir: Path,
    expected: dict[str, str],
    unverified: Sequence[str] = (),
    allow_extra: bool = False,
) -> dict[str, Any]:
    """Compare the directory against the manifest. Pure function of the files; no network."""
    root = model_dir.resolve()
    on_disk = set(list_model_files(model_dir))
    problems: list[dict[str, str]] = []
    verified: list[str] = []
    for rel, sha in sorted(expected.items()):
        path = model_dir / rel
        if not path.exists() and not path.is_symlink():
            problems.append({"file": rel, "problem": "missing"})
            continue
        # A symlink pointing outside the model would make us hash (and later load) another file.
        if root not in path.resolve().parents:
            problems.append({"file": rel, "problem": "points outside the model directory"})
            continue
        if not path.is_file():
            problems.append({"file": rel, "problem": "not a regular file"})
            continue
        actual = sha256_file(path)
        if actual != sha:
            problems.append({"file": rel, "problem": f"sha256 mismatch: expected {sha}, got {actual}"})
        else:
            verified.append(rel)
    listed = set(expected) | set(unverified)
    extra = sorted(on_disk - listed)
    if extra and not allow_extra:
        problems.extend({"file": rel, "problem": "not in the manifest"} for rel in extra)
    missing_unverified = [rel for rel in unverified if rel not in on_disk]
    problems.extend({"file": rel, "problem": "missing"} for rel in missing_unverified)
    return {
        "verified": verified,
        "unverified": sorted(set(unverified) - set(missing_unverified)),
        "extra": extra,
        "problems": problems,
    }


def _parse(argv: Sequence[str]):
    parser = ArgumentParser(
        prog="modelops verify-checksums",
        description="Check every file of a fetched model against a SHA-256 manifest.",
    )
    parser.add_argument("--model-dir", required=True, help="directory the model was fetched into")
    parser.add_argument(
        "--manifest",
        required=True,
        help="sha256sum output, a JSON {path: sha256} mapping, or Hugging Face model info JSON "
        "(fetched with files_metadata=True)",
    )
    parser.add_argument(
        "--revision",
        help="the revision the model was fetched at; must be a full commit SHA (recorded in the summary)",
    )
    parser.add_argument(
        "--allow-extra", action="store_true", help="do not fail on files that the manifest does not list"
    )
    parser.add_argument(
        "--require-all-verified",
        action="store_true",
        help="fail when the manifest lists files without a SHA-256 (non-LFS files in model info)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    return parser.parse_args(list(argv))


def _check(args) -> tuple[bool, dict[str, Any], list[str]]:
    revision: str | None = validate_revision(args.revision) if args.revision else None
    model_dir = Path(args.model_dir)
    if not model_dir.is_dir():
        raise BadInput(f"--model-dir {args.model_dir} is not a directory")
    manifest = Path(args.manifest)
    if not manifest.is_file():
        raise BadInput(f"--manifest {args.manifest} is not a file")
    try:
        text = manifest.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"--manifest {args.manifest} is not UTF-8 text") from None
    expected, unverified = parse_manifest(text, f"--manifest {args.manifest}")
    result = verify(model_dir, expected, unverified, allow_extra=args.allow_extra)
    if args.require_all_verified and result["unverified"]:
        result["problems"].extend(
            {"file": rel, "problem": "no sha256 in the manifest"} for rel in result["unverified"]
        )
    passed = not result["problems"]
    lines = [f"verified {len(result['verified'])} file(s) in {model_dir}" + (f" at {revision}" if revision else "")]
    lines += [f"  {p['file']}: {p['problem']}" for p in result["problems"]]
    if result["unverified"]:
        lines.append(f"  no sha256 for (not verified): {', '.join(result['unverified'])}")
    if result["extra"] and args.allow_extra:
        lines.append(f"  not in the manifest (allowed): {', '.join(result['extra'])}")
    return passed, {"check": "checksums", "revision": revision, **result}, lines


def main(argv: list[str]) -> int:
    return run(_parse, _check, argv)
