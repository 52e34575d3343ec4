"""Golden cases for packages/tune/src/distributions (Optuna's distribution rules).

For each distribution built with the real Optuna: the exact `distribution_to_json` text
(our journal storage writes the same bytes), the `high` after Optuna's step adjustment,
`single()`, and `_contains()` for a few internal values. Python's repr of floats (`1e-05`,
`0.0`) and its JSON separators are part of what is checked.

Run from the repository root: .venv/bin/python scripts/python/golden/gen_tune_distributions.py
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from optuna.distributions import (
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
    distribution_to_json,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_tune_distributions.py"
FIXTURE = "packages/tune/src/distributions/__fixtures__/distributions.json"

warnings.simplefilter("ignore")

FLOATS = [
    (0.0, 1.0, False, None),
    (-5.5, 10.25, False, None),
    (1e-05, 1.0, True, None),
    (1e-08, 1e+20, True, None),
    (0.1, 0.1, False, None),
    (0.0, 1.0, False, 0.1),
    (0.0, 1.0, False, 0.3),
    (0.1, 0.95, False, 0.2),
    (-1.0, 1.0, False, 0.25),
    (0.0, 0.05, False, 0.1),
    (0.001, 0.0105, False, 0.001),
    (1.0, 2.0, False, 1e-07),
    (0.0, 1e+16, False, 3e+15),
    (5.0, 5.0, False, 0.5),
]
INTS = [
    (0, 10, False, 1),
    (1, 1000, True, 1),
    (0, 10, False, 3),
    (-7, 7, False, 2),
    (3, 3, False, 1),
    (2, 4, False, 5),
    (-100, 100, False, 7),
]
CHOICES = [
    ["a", "b", "c"],
    [1, 2, 3],
    [0.5, 1.5],
    [True, False, None],
    ["x"],
    ["naïve", "日本", "tab\there", 'quote"'],
    [1, "1", 2.5, None, False],
]
PROBES = [-1.0, 0.0, 0.1, 0.3, 0.5, 0.9, 1.0, 2.0, 3.0, 6.0, 1e-05]


def describe(distribution, spec) -> dict:
    return {
        "spec": spec,
        "json": distribution_to_json(distribution),
        "high": getattr(distribution, "high", None),
        "single": distribution.single(),
        "contains": [[probe, distribution._contains(probe)] for probe in PROBES],
    }


def main() -> None:
    cases = []
    for low, high, log, step in FLOATS:
        cases.append(describe(FloatDistribution(low, high, log=log, step=step),
                              {"kind": "float", "low": low, "high": high, "log": log,
                               "step": step}))
    for low, high, log, step in INTS:
        cases.append(describe(IntDistribution(low, high, log=log, step=step),
                              {"kind": "int", "low": low, "high": high, "log": log,
                               "step": step}))
    for choices in CHOICES:
        cases.append(describe(CategoricalDistribution(choices),
                              {"kind": "categorical", "choices": choices}))
    write_fixture(FIXTURE, GENERATOR, cases)


if __name__ == "__main__":
    main()
