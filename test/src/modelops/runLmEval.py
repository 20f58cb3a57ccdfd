"""Run the real lm-eval CLI (`lm_eval run ...` arguments), as the evaluation pipeline does.

lm-eval prints its results table with `pytablewriter`, which is not installable here (the cluster
image has it); without it the CLI fails *after* writing results_*.json. We replace only that
table printer, so the run exits 0 and everything else (argument parsing, task loading, the run,
the files written) is lm-eval's own code.
"""

import sys

import lm_eval.utils
from lm_eval.__main__ import cli_evaluate

try:
    import pytablewriter  # noqa: F401  (present: nothing to replace)
except ImportError:
    lm_eval.utils.make_table = lambda result_dict, column="results", sort_results=False: f"({column} table skipped)"

if __name__ == "__main__":
    sys.argv[0] = "lm_eval"
    cli_evaluate()
