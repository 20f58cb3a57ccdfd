"""Reading a ModelScan JSON report (`modelscan -p MODEL -r json -o report.json`).

ModelScan itself runs in the intake pipeline's image; here the report is an input. A report
*passes for a file* when ModelScan scanned that file (or members of it, `archive:member`), found no
issue at or above the chosen severity in it, and reported no error for it (an error means the
file was not really scanned). Paths in the report are relative to where ModelScan was pointed,
which may be the model directory or a parent of it, so a report path matches a model file when
it is that path or ends with `/<that path>`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._cli import BadInput

SEVERITIES = ("LOW", "MEDIUM", "HIGH", "CRITICAL")


class ModelScanReport:
    def __init__(self, data: dict[str, Any], source: str):
        self.source = source
        summary = data.get("summary")
        if not isinstance(summary, dict) or not isinstance(data.get("issues"), list):
            raise BadInput(f"{source}: not a ModelScan JSON report (no summary/issues)")
        scanned = summary.get("scanned") or {}
        if not isinstance(scanned, dict):
            raise BadInput(f"{source}: summary.scanned is not an object")
        self.version: str | None = summary.get("modelscan_version")
        self.scanned_files: list[str] = [str(f) for f in scanned.get("scanned_files") or []]
        self.issues: list[dict[str, Any]] = []
        for i, issue in enumerate(data["issues"]):
            if not isinstance(issue, dict) or str(issue.get("severity", "")).upper() not in SEVERITIES:
                raise BadInput(f"{source}: issues[{i}] has no severity LOW/MEDIUM/HIGH/CRITICAL")
            self.issues.append(issue)
        errors = data.get("errors") or []
        if not isinstance(errors, list):
            raise BadInput(f"{source}: errors is not a list")
        self.errors: list[dict[str, Any]] = [e for e in errors if isinstance(e, dict)]
        # A summary that disagrees with the issue list means the file was edited or truncated.
        total = summary.get("total_issues")
        self.consistent = total is None or total == len(self.issues)

    @classmethod
    def load(cls, path: Path) -> ModelScanReport:
        if not path.is_file():
            raise BadInput(f"--modelscan-report {path} is not a file")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise BadInput(f"--modelscan-report {path}: not valid JSON ({err})") from None
        if not isinstance(data, dict):
            raise BadInput(f"--modelscan-report {path}: not a ModelScan JSON report")
        return cls(data, f"--modelscan-report {path}")

    def verdict_for(self, rel: str, fail_on: str = "LOW") -> tuple[bool, str]:
        """(passes, reason) for one model file."""
        threshold = SEVERITIES.index(fail_on)
        if not self.consistent:
            return False, "ModelScan report summary does not match its issue list"
        # An error names the cause (e.g. a missing scanner extra), so it is reported first.
        for error in self.errors:
            if _matches(str(error.get("source", "")), rel):
                return False, f"ModelScan could not scan it ({error.get('category', 'error')})"
        if not any(_matches(entry, rel) for entry in self.scanned_files):
            return False, "not in the ModelScan report's scanned files"
        bad = [
            issue
            for issue in self.issues
            if _matches(str(issue.get("source", "")), rel)
            and SEVERITIES.index(str(issue["severity"]).upper()) >= threshold
        ]
        if bad:
            worst = max(bad, key=lambda i: SEVERITIES.index(str(i["severity"]).upper()))
            return False, (
                f"ModelScan found {len(bad)} issue(s), worst {str(worst['severity']).upper()}: "
                f"{worst.get('operator', '?')} from {worst.get('module', '?')}"
            )
        return True, "ModelScan scanned it and found no issue"


def _matches(report_path: str, rel: str) -> bool:
    """Report path `a/b.bin` or `a/b.zip:member.pkl` matches model file `b.bin` / `b.zip`."""
    path = report_path.replace("\\", "/")
    # Archive members are reported as 'archive:member'; the archive is the model file.
    candidates = {path}
    if ":" in path:
        candidates.add(path.split(":", 1)[0])
    return any(c == rel or c.endswith("/" + rel) for c in candidates)
