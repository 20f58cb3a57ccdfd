"""`modelops decide`: apply the versioned intake policy to a model version and record the decision.

The policy is a YAML file kept in Git (who changed a threshold and when is in its history); its
`version` is written to `intake.policy` with the decision, so every approval names the rules it
was made under. Format (`format: modelops-intake-policy/v1`):

    format: modelops-intake-policy/v1
    name: intake-policy
    version: 3
    run: baseline                      # whose figures are judged (lm_eval@baseline, guidellm@baseline)
    required_checks: [verify-checksums, check-formats, check-license]
    lm_eval:
      - {task: arc_easy, metric: acc_norm, min: 0.70}
      - {task: mmlu, metric: acc, min: 0.60}
    guidellm:
      - {level: synchronous, measure: ttft_ms, stat: p99, max: 500}
      - {level: concurrent-4, measure: output_tokens_per_s, stat: mean, min: 20}

The figures are read back from the registry (what was published is what is judged); the results
of the intake checks come from their `--json` summaries, passed as `--check NAME=FILE`. A figure or
check that the policy names but that is missing rejects the model: nothing is approved by default.

Written on the version: `intake.state` (approved|rejected), `intake.passed`, `intake.policy`
(`<name>@<version>`), `intake.reasons` (`; `-separated), the label `approved` or `rejected` (the
other one removed), and `<group>@<run>.passed` / `.policy` for each judged run.
"""

from __future__ import annotations

import argparse
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from . import EXIT_FAILED, EXIT_OK, BadInput
from . import properties as props
from .registry.cli import ArgumentParser, add_registry_args, open_client, run_command

POLICY_FORMAT = "modelops-intake-policy/v1"
CHECK_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _Threshold(BaseModel, extra="forbid"):
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _bounded(self) -> _Threshold:
        if self.min is None and self.max is None:
            raise ValueError("give min, max or both")
        for bound in (self.min, self.max):
            if bound is not None and not math.isfinite(bound):
                raise ValueError("bounds must be finite numbers")
        return self

    def judge(self, value: float) -> str | None:
        if self.min is not None and value < self.min:
            return f"{value:.4g} < min {self.min:g}"
        if self.max is not None and value > self.max:
            return f"{value:.4g} > max {self.max:g}"
        return None


class LmEvalRule(_Threshold):
    task: str = Field(min_length=1)
    metric: str = Field(min_length=1)

    @property
    def path(self) -> str:
        return f"{self.task.replace('.', '_')}.{self.metric}"


class GuideLlmRule(_Threshold):
    level: str = Field(min_length=1)
    measure: Literal["ttft_ms", "itl_ms", "request_latency_s", "output_tokens_per_s", "requests_per_s"]
    stat: Literal["p50", "p90", "p99", "mean"]

    @property
    def path(self) -> str:
        return f"{self.level}.{self.measure}.{self.stat}"


class Policy(BaseModel, extra="forbid"):
    format: Literal["modelops-intake-policy/v1"]
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    version: int = Field(ge=1)
    description: str | None = None
    run: str = "baseline"
    required_checks: list[str] = Field(default_factory=list)
    lm_eval: list[LmEvalRule] = Field(default_factory=list)
    guidellm: list[GuideLlmRule] = Field(default_factory=list)

    @field_validator("run")
    @classmethod
    def _run(cls, value: str) -> str:
        if not props.RUN_RE.match(value):
            raise ValueError("a run name is lowercase letters, digits and '-'")
        return value

    @field_validator("required_checks")
    @classmethod
    def _checks(cls, value: list[str]) -> list[str]:
        for name in value:
            if not CHECK_NAME_RE.match(name):
                raise ValueError(f"{name!r} is not a check name (e.g. verify-checksums)")
        return value

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


def load_policy(path: Path) -> Policy:
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"--policy {path}: no such file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise BadInput(f"--policy {path}: cannot be read: {str(err).splitlines()[0]}") from None
    if not isinstance(document, dict):
        raise BadInput(f"--policy {path}: not a policy (expected a mapping with format: {POLICY_FORMAT})")
    if document.get("format") != POLICY_FORMAT:
        raise BadInput(f"--policy {path}: format is {document.get('format')!r}; this tool reads {POLICY_FORMAT!r}")
    try:
        return Policy.model_validate(document)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in err.errors())
        raise BadInput(f"--policy {path}: {problems}") from None


class Decision(BaseModel):
    approved: bool
    reasons: list[str]
    policy: str
    lm_eval_passed: bool | None = None
    guidellm_passed: bool | None = None


def evaluate(policy: Policy, custom_properties: dict[str, Any], checks: dict[str, dict[str, Any]]) -> Decision:
    """The decision from the version's properties and the check summaries (pure, no I/O)."""
    reasons: list[str] = []
    for name in policy.required_checks:
        summary = checks.get(name)
        if summary is None:
            reasons.append(f"required check {name} has no result")
        elif summary.get("passed") is not True:
            reasons.append(f"check {name} failed")

    def judge(group: str, rules: Sequence[Any]) -> bool | None:
        if not rules:
            return None
        numbers = props.numbers_of(custom_properties, group, policy.run)
        head = props.prefix(group, policy.run)
        ok = True
        for rule in rules:
            value = numbers.get(rule.path)
            if value is None:
                reasons.append(f"{head}.{rule.path} is missing (was the benchmark published?)")
                ok = False
                continue
            failure = rule.judge(value)
            if failure:
                reasons.append(f"{head}.{rule.path} = {failure}")
                ok = False
        return ok

    lm_ok = judge("lm_eval", policy.lm_eval)
    gl_ok = judge("guidellm", policy.guidellm)
    return Decision(
        approved=not reasons, reasons=reasons, policy=policy.label, lm_eval_passed=lm_ok, guidellm_passed=gl_ok
    )


def decision_properties(policy: Policy, decision: Decision) -> tuple[dict[str, Any], list[str]]:
    """(properties to set, keys to remove) on the version."""
    state = "approved" if decision.approved else "rejected"
    values: dict[str, Any] = {
        "intake.state": props.string(state),
        "intake.passed": props.boolean(decision.approved),
        "intake.policy": props.string(decision.policy),
        "intake.reasons": props.string("; ".join(decision.reasons)),
        state: props.label(),
    }
    for group, passed in (("lm_eval", decision.lm_eval_passed), ("guidellm", decision.guidellm_passed)):
        if passed is not None:
            head = props.prefix(group, policy.run)
            values[f"{head}.passed"] = props.boolean(passed)
            values[f"{head}.policy"] = props.string(decision.policy)
    other = "rejected" if decision.approved else "approved"
    return values, [other]


def _read_checks(pairs: list[str]) -> dict[str, dict[str, Any]]:
    checks: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        name, sep, file = pair.partition("=")
        if not sep or not CHECK_NAME_RE.match(name) or not file:
            raise BadInput(f"--check {pair!r}: expected NAME=FILE, e.g. verify-checksums=checksums.json")
        try:
            summary = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BadInput(f"--check {name}: {file}: no such file") from None
        except (OSError, ValueError) as err:
            raise BadInput(f"--check {name}: {file} is not a JSON summary: {err}") from None
        if not isinstance(summary, dict) or not isinstance(summary.get("passed"), bool):
            raise BadInput(f"--check {name}: {file} has no boolean 'passed' (write it with the command's --json)")
        checks[name] = summary
    return checks


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="modelops decide", description="Approve or reject a model version under the intake policy."
    )
    add_registry_args(parser)
    parser.add_argument("--policy", required=True, type=Path, help="intake policy YAML")
    parser.add_argument(
        "--check",
        action="append",
        default=[],
        metavar="NAME=FILE",
        help="a check's --json summary, e.g. verify-checksums=checksums.json (repeatable)",
    )
    parser.add_argument("--dry-run", action="store_true", help="decide and print, write nothing")
    return parser


def _decide(args: argparse.Namespace) -> tuple[int, dict[str, Any], list[str]]:
    policy = load_policy(args.policy)
    checks = _read_checks(args.check)
    with open_client(args) as client:
        version = client.resolve_version(args.model, args.version)
        decision = evaluate(policy, version.get("customProperties") or {}, checks)
        changed = False
        if not args.dry_run:
            values, remove = decision_properties(policy, decision)
            _, changed = client.update_version_properties(version["id"], values, remove=remove)
    state = "approved" if decision.approved else "rejected"
    summary = {
        "ok": True,
        "model": args.model,
        "version": args.version,
        "versionId": version["id"],
        "state": state,
        "approved": decision.approved,
        "reasons": decision.reasons,
        "policy": decision.policy,
        "changed": changed,
        "dryRun": args.dry_run,
    }
    lines = [f"{args.model} {args.version}: {state.upper()} under {decision.policy}"]
    lines += [f"  - {reason}" for reason in decision.reasons]
    return (EXIT_OK if decision.approved else EXIT_FAILED), summary, lines


def main(argv: list[str]) -> int:
    return run_command(argv, _parser, _decide)
