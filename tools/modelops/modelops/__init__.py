"""ModelOps steps of the AI golden path's LLM intake and evaluation pipelines.

Exit codes are the tool-wide contract the pipelines branch on: 0 the step passed, 1 it ran and
the model failed (a check or the intake policy; the report says why), 2 the step could not run on
what it was given (a missing or malformed file, a bad flag, an unreachable or refusing registry),
so a pipeline can tell "this model is refused" apart from "this step is misconfigured".
"""

__version__ = "0.1.0"

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """The command cannot run on what it was given; the message names the flag, file or field."""
