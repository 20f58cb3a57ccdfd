"""`modelops register`, `modelops publish-lm-eval`, `modelops publish-guidellm`.

register         RegisteredModel + ModelVersion (intake.state pending) + ModelArtifact, get-or-create.
publish-*        reads the whole report first (a broken report publishes nothing), then stores the
                 report as a DocArtifact on the version (its URI is where the pipeline put the file)
                 and writes every figure as a typed custom property in one PATCH, replacing that
                 run's previous figures. Re-running with the same inputs writes nothing new.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from .. import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, BadInput
from .. import properties as props
from .client import RegistryClient, RegistryError

TOKEN_ENV = "MODEL_REGISTRY_TOKEN"


class ArgumentParser(argparse.ArgumentParser):
    """argparse exits the process on a bad flag; raise instead so `main` returns 2 in-process."""

    def error(self, message: str) -> NoReturn:
        raise BadInput(f"{self.prog}: {message}")


def add_registry_args(parser: argparse.ArgumentParser, version_required: bool = True) -> None:
    group = parser.add_argument_group("model registry")
    group.add_argument(
        "--registry-url",
        default=os.environ.get("MODEL_REGISTRY_URL"),
        help="REST base URL of the model registry, e.g. https://<name>-rest.<apps domain> (env MODEL_REGISTRY_URL)",
    )
    group.add_argument(
        "--token-env",
        default=TOKEN_ENV,
        help=f"name of the environment variable holding the bearer token (default {TOKEN_ENV}; "
        "mount it from a Secret). The token is never printed",
    )
    group.add_argument(
        "--ca-bundle",
        default=os.environ.get("MODEL_REGISTRY_CA_BUNDLE"),
        help="CA bundle to verify the registry's certificate (env MODEL_REGISTRY_CA_BUNDLE)",
    )
    group.add_argument("--model", required=True, help="registered model name")
    group.add_argument("--version", required=version_required, help="model version name")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary on stdout")


URI_RE = re.compile(r"^[a-z][a-z0-9+.-]*://[^\s]+$")


def check_uri(flag: str, value: str) -> str:
    """A storage URI with a scheme (s3://, oci://, pvc://, hf://, https://) and no credentials in it:
    URIs are stored in the registry and printed, so a password in one would leak."""
    if not URI_RE.match(value or ""):
        raise BadInput(f"{flag} must be a URI with a scheme, e.g. s3://bucket/path (got {value!r})")
    if "@" in urlsplit(value).netloc and not value.startswith("hf://"):
        raise BadInput(f"{flag} must not carry credentials (user:password@); use a Secret instead")
    return value


def open_client(args: argparse.Namespace) -> RegistryClient:
    if not args.registry_url:
        raise BadInput("--registry-url (or MODEL_REGISTRY_URL) is required")
    if not args.registry_url.startswith(("http://", "https://")):
        raise BadInput("--registry-url must start with http:// or https://")
    check_uri("--registry-url", args.registry_url)
    token = os.environ.get(args.token_env) or None
    if args.ca_bundle and not Path(args.ca_bundle).is_file():
        raise BadInput(f"--ca-bundle {args.ca_bundle}: no such file")
    verify: Any = args.ca_bundle if args.ca_bundle else True
    if args.registry_url.startswith("http://"):
        # No TLS on plain HTTP (an in-cluster service URL): skip loading the CA bundle, which
        # costs a fifth of a second per command. Redirects are not followed, so this cannot
        # weaken an https:// connection.
        verify = False
    return RegistryClient(args.registry_url, token=token, verify=verify)


def run_command(
    argv: Sequence[str],
    build: Callable[[], ArgumentParser],
    action: Callable[[argparse.Namespace], tuple[int, dict[str, Any], list[str]]],
) -> int:
    """Parses, runs, prints the summary; BadInput and registry failures are exit 2 with one line
    on stderr (messages never carry the token: it only lives in a request header)."""
    args: argparse.Namespace | None = None
    try:
        args = build().parse_args(list(argv))
        code, summary, lines = action(args)
    except (BadInput, RegistryError) as err:
        print(f"error: {err}", file=sys.stderr)
        if args is not None and getattr(args, "json", False):
            json.dump({"ok": False, "error": str(err)}, sys.stdout, indent=2, sort_keys=True)
            sys.stdout.write("\n")
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(summary, sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        for line in lines:
            print(line)
    return code


# -- register --------------------------------------------------------------------------------


def _register_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="modelops register", description="Register a model version awaiting intake (get-or-create)."
    )
    add_registry_args(parser)
    parser.add_argument("--uri", required=True, help="where the model files are stored (s3://, oci://, pvc://, hf://)")
    parser.add_argument("--source-uri", help="where the model came from, e.g. hf://org/name")
    parser.add_argument("--source-revision", help="the pinned commit or digest of the source")
    parser.add_argument("--license", help="SPDX identifier of the model's license")
    parser.add_argument("--description", help="description of the registered model (on creation)")
    parser.add_argument("--owner", help="owner of the registered model (on creation)")
    parser.add_argument("--author", help="author of the version (on creation)")
    parser.add_argument("--model-format-name", help="e.g. safetensors, gguf, vLLM")
    parser.add_argument("--model-format-version")
    parser.add_argument("--storage-key", help="name of the data connection Secret for --uri")
    parser.add_argument("--storage-path")
    return parser


def _register(args: argparse.Namespace) -> tuple[int, dict[str, Any], list[str]]:
    check_uri("--uri", args.uri)
    if args.source_uri:
        check_uri("--source-uri", args.source_uri)
    provenance: dict[str, Any] = {}
    if args.source_uri:
        provenance["source_uri"] = props.string(args.source_uri)
    if args.source_revision:
        provenance["source_revision"] = props.string(args.source_revision)
    if args.license:
        provenance["license"] = props.string(args.license)
    with open_client(args) as client:
        model, model_created = client.get_or_create_registered_model(
            args.model, description=args.description, owner=args.owner
        )
        version, version_created = client.get_or_create_model_version(
            model["id"],
            args.version,
            author=args.author,
            customProperties={**provenance, "intake.state": props.string("pending")},
        )
        # A re-run keeps an intake decision already taken; provenance is brought up to date.
        wanted = dict(provenance)
        if "intake.state" not in (version.get("customProperties") or {}):
            wanted["intake.state"] = props.string("pending")
        version, _ = client.update_version_properties(version["id"], wanted)
        artifact = {"artifactType": "model-artifact", "name": f"{args.model}-{args.version}", "uri": args.uri}
        for field, value in (
            ("modelFormatName", args.model_format_name),
            ("modelFormatVersion", args.model_format_version),
            ("storageKey", args.storage_key),
            ("storagePath", args.storage_path),
        ):
            if value:
                artifact[field] = value
        stored, action = client.upsert_version_artifact(version["id"], artifact)
    state = (version.get("customProperties") or {}).get("intake.state", {}).get("string_value")
    summary = {
        "ok": True,
        "model": args.model,
        "registeredModelId": model["id"],
        "modelCreated": model_created,
        "version": args.version,
        "versionId": version["id"],
        "versionCreated": version_created,
        "intakeState": state,
        "modelArtifact": {"id": stored.get("id"), "uri": stored.get("uri"), "action": action},
    }
    lines = [
        f"registered model {args.model} (id {model['id']}, {'created' if model_created else 'existing'})",
        f"version {args.version} (id {version['id']}, {'created' if version_created else 'existing'}), "
        f"intake state {state}",
        f"model artifact {stored.get('uri')} ({action})",
    ]
    return EXIT_OK, summary, lines


# -- publish-lm-eval / publish-guidellm -------------------------------------------------------


def _publish_parser(command: str, report_help: str) -> ArgumentParser:
    parser = ArgumentParser(
        prog=f"modelops {command}", description="Publish a report's figures as typed properties of a model version."
    )
    add_registry_args(parser)
    parser.add_argument("--report", required=True, type=Path, help=report_help)
    parser.add_argument(
        "--report-uri",
        required=True,
        help="where the pipeline stored this report (s3://..., https://...); stored as a DocArtifact",
    )
    parser.add_argument(
        "--run", required=True, help="run name: baseline for the intake, custom-<dataset> for an engineer's evaluation"
    )
    parser.add_argument("--dataset", help="dataset name and revision (default: read from the report)")
    return parser


def _publish(
    group: str, parse: Callable[..., Any]
) -> Callable[[argparse.Namespace], tuple[int, dict[str, Any], list[str]]]:
    def action(args: argparse.Namespace) -> tuple[int, dict[str, Any], list[str]]:
        props.validate_run(args.run)
        check_uri("--report-uri", args.report_uri)
        report = parse(args.report, dataset=args.dataset)  # all of it, before any request
        head = props.prefix(group, args.run)
        properties = props.report_properties(group, args.run, report, args.report_uri)
        with open_client(args) as client:
            version = client.resolve_version(args.model, args.version)
            artifact, action_taken = client.upsert_version_artifact(
                version["id"],
                {
                    "artifactType": "doc-artifact",
                    "name": f"{head}.report",
                    "uri": args.report_uri,
                    "description": f"{report.tool_version} report, run {args.run}",
                },
            )
            stale = [
                k for k in props.run_keys(version.get("customProperties") or {}, group, args.run) if k not in properties
            ]
            version, changed = client.update_version_properties(version["id"], properties, remove=stale)
        figures = sum(1 for v in properties.values() if v["metadataType"] == "MetadataDoubleValue")
        summary = {
            "ok": True,
            "model": args.model,
            "version": args.version,
            "versionId": version["id"],
            "run": args.run,
            "prefix": head,
            "toolVersion": report.tool_version,
            "dataset": report.dataset,
            "figures": figures,
            "properties": len(properties),
            "removed": stale,
            "changed": changed,
            "skipped": report.skipped,
            "reportArtifact": {"id": artifact.get("id"), "uri": artifact.get("uri"), "action": action_taken},
        }
        lines = [
            f"{report.tool_version}: {figures} figures published under {head}.* on "
            f"{args.model} {args.version}" + ("" if changed else " (already up to date)")
        ]
        lines += [f"not published: {s}" for s in report.skipped]
        lines.append(f"report artifact {args.report_uri} ({action_taken})")
        return EXIT_OK, summary, lines

    return action


# -- require-approved ------------------------------------------------------------------------


def _require_approved_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="modelops require-approved",
        description="Stop unless the ModelOps intake approved the model version (intake.state = approved).",
    )
    add_registry_args(parser)
    return parser


def _string_property(properties: dict[str, Any], key: str) -> str | None:
    value = properties.get(key) or {}
    return value.get("string_value") if value.get("metadataType") == "MetadataStringValue" else None


def _require_approved(args: argparse.Namespace) -> tuple[int, dict[str, Any], list[str]]:
    with open_client(args) as client:
        version = client.resolve_version(args.model, args.version)
    properties = version.get("customProperties") or {}
    state = _string_property(properties, "intake.state")
    policy = _string_property(properties, "intake.policy")
    approved = state == "approved"
    summary = {
        "ok": approved,
        "model": args.model,
        "version": args.version,
        "intake_state": state,
        "intake_policy": policy,
    }
    if approved:
        return EXIT_OK, summary, [f"{args.model} {args.version}: approved by the intake under {policy}"]
    # Only models the ModelOps team let in may be served and evaluated in a team's namespace.
    reasons = _string_property(properties, "intake.reasons")
    line = f"{args.model} {args.version}: not approved by the intake (state: {state or 'no decision'})"
    return EXIT_FAILED, summary, [line + (f"; {reasons}" if reasons else "")]


def main_require_approved(argv: Sequence[str]) -> int:
    return run_command(argv, _require_approved_parser, _require_approved)


def main_register(argv: Sequence[str]) -> int:
    return run_command(argv, _register_parser, _register)


def main_publish_lm_eval(argv: Sequence[str]) -> int:
    from ..reports import lm_eval

    return run_command(
        argv, lambda: _publish_parser("publish-lm-eval", "lm-eval results_*.json"), _publish("lm_eval", lm_eval.parse)
    )


def main_publish_guidellm(argv: Sequence[str]) -> int:
    from ..reports import guidellm

    return run_command(
        argv,
        lambda: _publish_parser("publish-guidellm", "GuideLLM benchmarks.json or .yaml"),
        _publish("guidellm", guidellm.parse),
    )


COMMANDS = {
    "register": main_register,
    "publish-lm-eval": main_publish_lm_eval,
    "publish-guidellm": main_publish_guidellm,
    "require-approved": main_require_approved,
}


def main(argv: list[str]) -> int:
    """`main([command, *flags])` for the dispatcher; see COMMANDS."""
    if not argv or argv[0] not in COMMANDS:
        print(f"error: expected one of {', '.join(COMMANDS)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return COMMANDS[argv[0]](argv[1:])
