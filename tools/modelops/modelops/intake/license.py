"""`modelops check-license`: the model's license is one the organisation allows.

Where a license is declared, in the order a reviewer would look:
- the model card front matter (`README.md` starting with a `---` YAML block): `license:` as a
  Hugging Face id (`apache-2.0`, `mit`, `llama3.1`, ...) or a list of them; `license: other`
  defers to `license_name:` (the custom license's name);
- `config.json` `license` (a few model families set it);
- a `LICENSE` / `LICENSE.md` / `LICENSE.txt` / `COPYING` file, recognised by its text for the
  common licenses.
Every license found must be on the allow-list, and if sources disagree the check fails: a card
saying `apache-2.0` over a `LICENSE` with other terms needs a human. No license at all fails too.
Identifiers compare case-insensitively (`Apache-2.0` is `apache-2.0`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from ._cli import ArgumentParser, BadInput, run

LICENSE_FILES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING", "LICENCE")
# Phrases that identify a license text; the first match wins, most specific first.
LICENSE_TEXT_MARKERS: tuple[tuple[str, str], ...] = (
    ("apache-2.0", r"apache license,?\s+version 2\.0"),
    ("mit", r"\bmit license\b|permission is hereby granted, free of charge"),
    ("bsd-3-clause", r"neither the name of .{1,200}? nor the names of its\s+contributors"),
    ("bsd-2-clause", r"redistributions in binary form must reproduce the above copyright"),
    ("gpl-3.0", r"gnu general public license\s+version 3"),
    ("agpl-3.0", r"gnu affero general public license"),
    ("cc-by-nc-4.0", r"attribution-noncommercial 4\.0 international"),
    ("cc-by-4.0", r"attribution 4\.0 international"),
    ("llama3.1", r"llama 3\.1 community license"),
    ("llama3", r"meta llama 3 community license"),
    ("gemma", r"gemma terms of use"),
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9.+_-]{0,99}$")


def normalise(identifier: str) -> str:
    return identifier.strip().lower()


def read_front_matter(readme: Path) -> dict[str, Any] | None:
    """The model card's YAML metadata, or None when the card has none. Malformed metadata is a
    check failure (ValueError): the license cannot be read, so it cannot be approved."""
    text = readme.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
    if not text.startswith("---"):
        return None
    lines = text.splitlines()
    if lines[0].strip() != "---":
        return None
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(lines[1:end]))
            except yaml.YAMLError as err:
                raise ValueError(f"README.md front matter is not valid YAML ({err.__class__.__name__})") from None
            if data is None:
                return {}
            if not isinstance(data, dict):
                raise ValueError("README.md front matter is not a YAML mapping")
            return data
    raise ValueError("README.md front matter has no closing '---'")


def identify_license_text(text: str) -> str | None:
    sample = re.sub(r"\s+", " ", text[:20000]).lower()
    for identifier, pattern in LICENSE_TEXT_MARKERS:
        if re.search(pattern, sample):
            return identifier
    return None


def find_licenses(model_dir: Path) -> tuple[list[dict[str, str]], list[str], list[str]]:
    """([{source, license}], [problems reading the sources], [notes])."""
    found: list[dict[str, str]] = []
    problems: list[str] = []
    notes: list[str] = []
    readme = model_dir / "README.md"
    if readme.is_file():
        try:
            meta = read_front_matter(readme)
        except ValueError as err:
            meta = None
            problems.append(str(err))
        if meta:
            declared = meta.get("license")
            values = declared if isinstance(declared, list) else [declared] if declared is not None else []
            for value in values:
                if not isinstance(value, str) or not value.strip():
                    problems.append("README.md front matter: license is not a string")
                    continue
                ident = normalise(value)
                if ident == "other":
                    name = meta.get("license_name")
                    if isinstance(name, str) and name.strip():
                        found.append({"source": "README.md license_name", "license": normalise(name)})
                    else:
                        problems.append("README.md says 'license: other' without a license_name")
                else:
                    found.append({"source": "README.md license", "license": ident})
    config = model_dir / "config.json"
    if config.is_file():
        try:
            data = json.loads(config.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            data = None
            problems.append("config.json is not valid JSON")
        if isinstance(data, dict) and isinstance(data.get("license"), str) and data["license"].strip():
            found.append({"source": "config.json license", "license": normalise(data["license"])})
    for name in LICENSE_FILES:
        path = model_dir / name
        if path.is_file():
            ident = identify_license_text(path.read_text(encoding="utf-8", errors="replace"))
            if ident:
                found.append({"source": name, "license": ident})
            else:
                # Custom license texts are common next to a card that names them; the card decides.
                notes.append(f"{name}: license text not recognised")
            break
    return found, problems, notes


def check_license(model_dir: Path, allowed: Sequence[str]) -> dict[str, Any]:
    allow = sorted({normalise(a) for a in allowed})
    found, problems, notes = find_licenses(model_dir)
    distinct = sorted({f["license"] for f in found})
    if not found:
        problems.append("no license declared (README.md front matter, config.json or a LICENSE file)")
    if len(distinct) > 1:
        problems.append(
            "license sources disagree: " + ", ".join(f"{f['source']} says {f['license']}" for f in found)
        )
    for ident in distinct:
        if ident not in allow:
            problems.append(f"license {ident} is not on the allow-list ({', '.join(allow)})")
    return {"licenses": distinct, "sources": found, "allowed": allow, "problems": problems, "notes": notes}


def load_allow_list(path: Path) -> list[str]:
    """A YAML/JSON file that is a list of license ids, or a mapping with `allowed_licenses:`
    (so the intake policy file can carry it)."""
    if not path.is_file():
        raise BadInput(f"--allow-list {path} is not a file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        raise BadInput(f"--allow-list {path} is not valid YAML/JSON") from None
    if isinstance(data, dict):
        data = data.get("allowed_licenses")
    if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
        raise BadInput(f"--allow-list {path}: expected a list of license ids or a mapping with allowed_licenses")
    return data


def _parse(argv: Sequence[str]):
    parser = ArgumentParser(
        prog="modelops check-license",
        description="Check the model's declared license against an allow-list.",
    )
    parser.add_argument("--model-dir", required=True, help="directory the model was fetched into")
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        help="an allowed license id (Hugging Face / SPDX style, e.g. apache-2.0); repeat or comma-separate",
    )
    parser.add_argument("--allow-list", help="YAML/JSON list of allowed ids, or a mapping with allowed_licenses")
    parser.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    return parser.parse_args(list(argv))


def _check(args) -> tuple[bool, dict[str, Any], list[str]]:
    model_dir = Path(args.model_dir)
    if not model_dir.is_dir():
        raise BadInput(f"--model-dir {args.model_dir} is not a directory")
    allowed = [part for value in args.allow for part in value.split(",") if part.strip()]
    if args.allow_list:
        allowed += load_allow_list(Path(args.allow_list))
    if not allowed:
        raise BadInput("give the allowed licenses with --allow or --allow-list")
    for ident in allowed:
        if not ID_RE.match(normalise(ident)):
            raise BadInput(f"allowed license {ident!r} is not a license id (letters, digits, . + _ -)")
    result = check_license(model_dir, allowed)
    lines = [f"license: {', '.join(result['licenses']) or 'none found'}"]
    lines += [f"  {s['source']}: {s['license']}" for s in result["sources"]]
    lines += [f"  note: {n}" for n in result["notes"]]
    lines += [f"  problem: {p}" for p in result["problems"]]
    return not result["problems"], {"check": "license", **result}, lines


def main(argv: list[str]) -> int:
    return run(_parse, _check, argv)
