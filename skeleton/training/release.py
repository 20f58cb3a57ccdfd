"""What the release pipeline deploys: the champion version, its artifact and its registry IDs.

    python -m training.release [--results DIR] [--verify-artifact]

Prints the champion as JSON ({"version", "artifact_uri", "registered_model_id",
"model_version_id"}; the IDs are empty for registries without them). With --results, also writes
each field to a file of that name in DIR, which is how a Tekton step hands them on as task
results. Exits 1 when no version has been promoted yet: releasing nothing is a mistake.
With --verify-artifact, the champion's files are also loaded from where the registry says they
are (an s3:// URI is downloaded, which needs the storage variables of common/storage.py), so a
release never points a deployment at files that are not there.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from common import settings, storage
from common.model import Model
from common.registry import Registry, open_registry


def champion_release(registry: Registry) -> dict[str, str] | None:
    champion = registry.get_champion()
    if champion is None:
        return None
    return {
        "version": champion.version,
        "artifact_uri": champion.artifact_uri,
        "registered_model_id": champion.properties.get("registered_model_id", ""),
        "model_version_id": champion.properties.get("model_version_id", ""),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the champion version and its registry IDs.")
    parser.add_argument("--results", type=Path, help="also write each field to a file in this directory (Tekton results)")
    parser.add_argument("--verify-artifact", action="store_true", help="load the champion's model files before handing them on")
    args = parser.parse_args(argv)
    release = champion_release(open_registry())
    if release is None:
        print(f"no champion: {settings.MODEL_NAME} has no promoted version in the {settings.REGISTRY_KIND} registry", file=sys.stderr)
        return 1
    if args.verify_artifact:
        try:
            Model.load(storage.local_dir(release["artifact_uri"], settings.MODEL_CACHE_DIR))
        except (storage.StorageError, OSError, ValueError, KeyError) as error:
            print(f"champion {release['version']}: its model files at {release['artifact_uri']!r} do not load: {error}", file=sys.stderr)
            return 1
    print(json.dumps(release, indent=2))
    if args.results:
        for key, value in release.items():
            (args.results / key.replace("_", "-")).write_text(value, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
