"""`modelops <command> [flags]`: one entry point for every pipeline step of the LLM intake and
evaluation templates. Commands live in their owning modules and are imported only when called, so
a module that is missing or broken makes its own command fail with a clear message and leaves
the others working."""

from __future__ import annotations

import importlib
import sys

from . import EXIT_BAD_INPUT, __version__

# command -> (module, whether the module's main() expects the command name as argv[0], summary)
COMMANDS: dict[str, tuple[str, bool, str]] = {
    "verify-checksums": ("modelops.intake.checksums", False, "the fetched files match the pinned checksums"),
    "check-formats": ("modelops.intake.formats", False, "weights are safetensors/gguf, or scanned pickles"),
    "check-license": ("modelops.intake.license", False, "the model's license is allowed"),
    "make-lm-eval-task": ("modelops.lm_eval_task", False, "an lm-eval task from an engineer's dataset"),
    "register": ("modelops.registry.cli", True, "register a model version awaiting intake"),
    "publish-lm-eval": ("modelops.registry.cli", True, "publish lm-eval results on a model version"),
    "publish-guidellm": ("modelops.registry.cli", True, "publish GuideLLM benchmarks on a model version"),
    "decide": ("modelops.policy", False, "apply the intake policy and record the decision"),
    "require-approved": ("modelops.registry.cli", True, "stop unless the intake approved the version"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"usage: modelops <command> [flags]   (modelops {__version__})", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {summary}" for name, (_, _, summary) in COMMANDS.items()]
    lines += [
        "",
        "`modelops <command> --help` lists a command's flags.",
        "Exit codes: 0 ok, 1 check or policy failed, 2 bad input or the step could not run.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if args else EXIT_BAD_INPUT
    if args[0] == "--version":
        print(f"modelops {__version__}")
        return 0
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        print(f"error: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    module_name, wants_command, _ = COMMANDS[command]
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        print(f"error: command {command} is not available in this build ({module_name}: {err})", file=sys.stderr)
        return EXIT_BAD_INPUT
    entry = getattr(module, "main", None)
    if not callable(entry):
        print(f"error: command {command} is not available in this build ({module_name} has no main)", file=sys.stderr)
        return EXIT_BAD_INPUT
    return int(entry([command, *rest] if wants_command else rest))


if __name__ == "__main__":
    sys.exit(main())
