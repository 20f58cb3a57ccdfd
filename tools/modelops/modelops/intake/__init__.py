"""Intake checks that need no cluster: checksums, weight formats (with ModelScan reports), license.

Each command module exposes `main(argv) -> int` (0 passed, 1 check failed, 2 bad input), called
by `modelops.cli`.
"""
