"""Prints, one per line, the pip arguments that install only from the locations pip is configured
with (read at run time, never written into a file): when those include local indexes (file://
URLs) they become the only indexes, so pip does not wait on an unreachable network index; the
configured find-links are kept. Run it with the venv's own python: venv.sh, lmEvalVenv.sh."""

import subprocess
import sys

listing = subprocess.run(
    [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
).stdout
settings: dict[str, list[str]] = {}
for line in listing.splitlines():
    key, _, value = line.partition("=")
    settings.setdefault(key.split(".")[-1], []).extend(value.strip("'\"").split())
indexes = [u for k in ("index-url", "extra-index-url") for u in settings.get(k, [])]
local = [u for u in indexes if u.startswith("file:")]
if local:
    print("--index-url")
    print(local[0])
    for url in local[1:]:
        print("--extra-index-url")
        print(url)
for location in settings.get("find-links", []):
    print("--find-links")
    print(location)
