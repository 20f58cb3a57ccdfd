"""Writes the sample dataset (data/customers.csv) deterministically.

The sample is a made-up customer-churn table: a binary classification task with numeric and
categorical features. Replace it with your own data and adapt common/schema.py; running this
script again reproduces the shipped file byte for byte.

    python data/generate.py [--rows 2000] [--seed 7] [--out data/customers.csv]
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from pathlib import Path

CONTRACTS = ("month-to-month", "one-year", "two-year")


def generate(rows: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    records = []
    for _ in range(rows):
        contract = rng.choices(CONTRACTS, weights=(0.5, 0.3, 0.2))[0]
        tenure = min(120, int(rng.expovariate(1 / 24)))
        monthly = round(min(400.0, max(10.0, rng.gauss(70, 30))), 2)
        calls = min(30, int(rng.expovariate(1 / 1.5)))
        senior = rng.random() < 0.16
        logit = (
            -1.2
            + 1.5 * (contract == "month-to-month")
            - 1.0 * (contract == "two-year")
            - 0.05 * tenure
            + 0.02 * (monthly - 70)
            + 0.55 * calls
            + 0.4 * senior
        )
        label = 1 if rng.random() < 1 / (1 + math.exp(-3 * logit)) else 0
        records.append(
            {
                "tenure_months": tenure,
                "monthly_charges": monthly,
                "support_calls": calls,
                "contract": contract,
                "senior": int(senior),
                "churned": label,
            }
        )
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("customers.csv"))
    args = parser.parse_args()
    records = generate(args.rows, args.seed)
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    print(f"wrote {len(records)} rows to {args.out}")


if __name__ == "__main__":
    main()
