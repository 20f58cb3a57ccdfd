"""What every intake command shares: bad-input errors, exit codes, the report on stdout.

Exit codes and `BadInput` are the package's (`modelops/__init__.py`): 0 the check passed, 1 the
check ran and failed (the report says why), 2 the input was unusable (a missing file, a malformed
flag). With --json the summary carries `ok` (like every modelops command) and `passed`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .. import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, BadInput

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_OK", "ArgumentParser", "BadInput", "run"]


class ArgumentParser(argparse.ArgumentParser):
    """argparse exits the process on a bad flag; we raise so `main` returns 2 instead (the CLI
    dispatcher and the tests call `main` in-process)."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        # Only reached for --help; keep argparse's behaviour there.
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)


def run(
    parse: Callable[[Sequence[str]], argparse.Namespace],
    check: Callable[[argparse.Namespace], tuple[bool, dict[str, Any], list[str]]],
    argv: Sequence[str],
) -> int:
    """Parse, run the check, print the summary (JSON with --json, else readable lines)."""
    args: argparse.Namespace | None = None
    try:
        args = parse(argv)
        passed, summary, lines = check(args)
    except BadInput as err:
        print(f"error: {err}", file=sys.stderr)
        if args is not None and getattr(args, "json", False):
            json.dump({"ok": False, "error": str(err)}, sys.stdout, indent=2, sort_keys=True)
            sys.stdout.write("\n")
        return EXIT_BAD_INPUT
    summary = {"ok": passed, "passed": passed, **summary}
    if getattr(args, "json", False):
        json.dump(summary, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        for line in lines:
            print(line)
        print("PASSED" if passed else "FAILED")
    return EXIT_OK if passed else EXIT_FAILED
