"""Golden cases for packages/registry/src/gates (McNemar, bootstrap intervals, metrics, latency quantiles).

Expected values come from the real peers: statsmodels `mcnemar` (exact=True, and
exact=False with correction=True) and scipy `binomtest` for McNemar's test; scipy
`stats.bootstrap(paired=True)` for the paired bootstrap of challenger − champion, driven by
`np.random.Generator(np.random.SFC64(seed))`, the generator core's `createRng(seed)`
reproduces, so the TypeScript resamples the very same rows; scikit-learn for accuracy,
macro F1 and log-loss; numpy `quantile` (linear) for latency budgets.

Run from the repository root:
    bash scripts/test-env/ensure-venv.sh golden
    .venv-golden/bin/python scripts/python/golden/gen_registry_gates.py
"""

from __future__ import annotations

import sys
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np
from scipy import stats
from sklearn.metrics import accuracy_score, f1_score, log_loss
from statsmodels.stats.contingency_tables import mcnemar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

FIXTURE = "packages/registry/src/gates/__fixtures__/gates.json"

DISCORDANT = [
    (0, 0), (0, 1), (1, 0), (3, 3), (2, 9), (9, 2), (0, 12), (5, 19), (12, 12),
    (10, 14), (13, 30), (30, 13), (25, 25), (100, 130), (400, 470), (1, 60), (3000, 3100),
]


def mcnemar_cases() -> list[dict]:
    cases = []
    for b, c in DISCORDANT:
        table = [[50, b], [c, 40]]
        exact = mcnemar(table, exact=True)
        case = {
            "b": b,
            "c": c,
            "exactStatistic": float(exact.statistic),
            "exactPValue": float(exact.pvalue),
        }
        if b + c > 0:
            chi = mcnemar(table, exact=False, correction=True)
            case["chiSquareStatistic"] = float(chi.statistic)
            case["chiSquarePValue"] = float(chi.pvalue)
            case["binomtestPValue"] = float(stats.binomtest(b, b + c, 0.5).pvalue)
        cases.append(case)
    return cases


def model_data(seed: int, n: int, classes: int, champion_skill: float, challenger_skill: float):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, classes, n)

    def predict(skill: float) -> np.ndarray:
        right = rng.random(n) < skill
        return np.where(right, labels, rng.integers(0, classes, n))

    return labels, predict(champion_skill), predict(challenger_skill)


def probabilities(seed: int, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, n)
    signal = labels * 2.0 - 1.0
    champion = 1 / (1 + np.exp(-(0.8 * signal + rng.normal(0, 1.2, n))))
    challenger = 1 / (1 + np.exp(-(1.2 * signal + rng.normal(0, 1.2, n))))
    champion[0] = 0.0  # exercises the clipping at eps
    challenger[1] = 1.0
    return labels, champion, challenger


def accuracy(predictions, labels):
    return accuracy_score(labels, predictions)


def f1_macro(predictions, labels):
    return f1_score(labels, predictions, average="macro")


def binary_log_loss(predictions, labels):
    return log_loss(labels, predictions, labels=[0, 1])


METRICS = {"accuracy": accuracy, "f1-macro": f1_macro, "log-loss": binary_log_loss}


def bootstrap_case(name, metric, labels, champion, challenger, iterations, seed, confidence,
                   keep_distribution):
    function = METRICS[metric]

    def difference(champion_sample, challenger_sample, label_sample):
        return function(challenger_sample, label_sample) - function(champion_sample, label_sample)

    case = {
        "name": name,
        "metric": metric,
        "labels": labels,
        "champion": champion,
        "challenger": challenger,
        "iterations": iterations,
        "seed": seed,
        "confidence": confidence,
        "estimate": difference(champion, challenger, labels),
        "champion_metric": function(champion, labels),
        "challenger_metric": function(challenger, labels),
    }
    for method in ("percentile", "BCa"):
        result = stats.bootstrap(
            (champion, challenger, labels),
            difference,
            paired=True,
            vectorized=False,
            n_resamples=iterations,
            confidence_level=confidence,
            method=method,
            rng=np.random.Generator(np.random.SFC64(seed)),
        )
        key = method.lower()
        case[key] = [float(result.confidence_interval.low), float(result.confidence_interval.high)]
        case["standardError"] = float(result.standard_error)
        if keep_distribution:
            case["distribution"] = result.bootstrap_distribution
        else:
            case["distributionHead"] = result.bootstrap_distribution[:10]
    return case


def bootstrap_cases() -> list[dict]:
    cases = []
    labels, champion, challenger = model_data(11, 60, 3, 0.7, 0.8)
    cases.append(bootstrap_case("accuracy n=60", "accuracy", labels, champion, challenger,
                                300, 7, 0.95, True))
    labels, champion, challenger = model_data(12, 150, 4, 0.75, 0.72)
    cases.append(bootstrap_case("f1-macro n=150", "f1-macro", labels, champion, challenger,
                                2000, 2024, 0.9, False))
    labels, champion, challenger = probabilities(13, 80)
    cases.append(bootstrap_case("log-loss n=80", "log-loss", labels, champion, challenger,
                                500, 3, 0.95, False))
    return cases


def metric_cases() -> list[dict]:
    cases = []
    labels, champion, _ = model_data(21, 40, 5, 0.5, 0.5)
    cases.append({"metric": "accuracy", "labels": labels, "predictions": champion,
                  "expected": accuracy_score(labels, champion)})
    cases.append({"metric": "f1-macro", "labels": labels, "predictions": champion,
                  "expected": f1_score(labels, champion, average="macro")})
    # A class that is only predicted, never a label: it counts in the macro average with F1 = 0.
    cases.append({"metric": "f1-macro", "labels": [0, 0, 1, 1, 1], "predictions": [0, 2, 1, 1, 0],
                  "expected": f1_score([0, 0, 1, 1, 1], [0, 2, 1, 1, 0], average="macro")})
    labels, probability, _ = probabilities(22, 30)
    cases.append({"metric": "log-loss", "labels": labels, "predictions": probability,
                  "expected": log_loss(labels, probability, labels=[0, 1])})
    rng = np.random.default_rng(23)
    rows = rng.dirichlet([1, 1, 1], 25)
    rows[0] = [1.0, 0.0, 0.0]
    multi_labels = rng.integers(0, 3, 25)
    multi_labels[0] = 1
    cases.append({"metric": "log-loss", "labels": multi_labels, "predictions": rows,
                  "expected": log_loss(multi_labels, rows, labels=[0, 1, 2])})
    return cases


def latency_cases() -> list[dict]:
    rng = np.random.default_rng(31)
    cases = []
    for size in (1, 2, 7, 100, 1001):
        latencies = rng.lognormal(3, 0.6, size)
        cases.append({
            "latenciesMs": latencies,
            "p50": np.quantile(latencies, 0.5),
            "p95": np.quantile(latencies, 0.95),
            "p99": np.quantile(latencies, 0.99),
        })
    return cases


def main() -> None:
    warnings.simplefilter("ignore")
    write_fixture(
        FIXTURE,
        "scripts/python/golden/gen_registry_gates.py",
        {
            "statsmodels": metadata.version("statsmodels"),
            "mcnemar": mcnemar_cases(),
            "bootstrap": bootstrap_cases(),
            "metrics": metric_cases(),
            "latency": latency_cases(),
        },
    )


if __name__ == "__main__":
    main()
