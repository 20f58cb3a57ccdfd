"""Builds examples/seed/model-catalog.json from what a real run of a generated project left behind.

    python3 seed-assemble.py --captured FILE.jsonl --registry DIR --model NAME --out FILE

Called by scripts/seed-model-catalog.sh after it trained and evaluated the project twice.

- Evaluation requests: taken verbatim from FILE.jsonl, i.e. exactly what the project's own
  `python -m training.evaluate` posted to the ingest endpoint.
- Version requests: the generated project registers versions in its registry (here the
  local-directory one) but does not post them to the catalog itself; in production the catalog
  reads Kubeflow Model Registry or MLflow directly. For the built-in store they are built from
  the registry's own records (versions/<v>/version.json: the held-out metrics and lineage the
  training wrote, champion.json for the alias), field by field, nothing invented.

Each version comes right before its evaluation, in training order, so ingesting the list in
order replays the two runs. Python standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import UTC, datetime
from pathlib import Path

# Lineage keys that have their own field in the ingest request.
LINEAGE_FIELDS = {"author": "author", "git_commit": "sourceCommit"}


def ingest_id(text: str) -> str:
    # The same normalisation the project's catalog_payload() applies to evaluation ids.
    return re.sub(r"[^A-Za-z0-9._:/-]", "-", text)[:128]


def created_at(version: str) -> str | None:
    """The build part of `<release>+<YYYYmmddHHMMSS>` (training.train.version_name) as ISO time."""
    match = re.search(r"\+(\d{14})$", version)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def version_request(model: str, record: dict, champion: str | None) -> dict:
    lineage = record.get("properties", {})
    version: dict = {"name": record["version"]}
    if record["version"] == champion:
        version["aliases"] = ["champion"]
    when = created_at(record["version"])
    if when:
        version["createdAt"] = when
    for key, field in LINEAGE_FIELDS.items():
        if lineage.get(key):
            version[field] = str(lineage[key])
    version["metrics"] = [
        {"name": name, "value": float(value), "dataset": "holdout", "source": "training"}
        for name, value in sorted(record.get("metrics", {}).items())
    ]
    version["properties"] = {
        **{k: str(v) for k, v in sorted(lineage.items()) if k not in LINEAGE_FIELDS},
        "registry_kind": "local",
    }
    return {"id": ingest_id(f"version:{model}:{record['version']}"), "kind": "version", "model": model, "version": version}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--captured", type=Path, required=True)
    parser.add_argument("--registry", type=Path, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    evaluations = [json.loads(line) for line in args.captured.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not evaluations:
        raise SystemExit("seed-assemble: the project posted no evaluation to the ingest endpoint")
    model_dir = args.registry / args.model
    champion_file = model_dir / "champion.json"
    champion = json.loads(champion_file.read_text(encoding="utf-8"))["version"] if champion_file.exists() else None

    requests: list[dict] = []
    for evaluation in evaluations:
        record_file = model_dir / "versions" / evaluation["version"] / "version.json"
        if not record_file.exists():
            raise SystemExit(f"seed-assemble: evaluated version {evaluation['version']} is not in the registry")
        requests.append(version_request(args.model, json.loads(record_file.read_text(encoding="utf-8")), champion))
        requests.append(evaluation)
    args.out.write_text(json.dumps(requests, indent=2) + "\n", encoding="utf-8")
    print(f"seed-assemble: {len(requests)} ingest requests ({len(evaluations)} versions, champion {champion}) -> {args.out}")


if __name__ == "__main__":
    main()
