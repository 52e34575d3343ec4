"""Golden cases for packages/monitor/src/performance (metrics, chunking, thresholds, CBPE).

Expected values come from the real peers: scikit-learn 1.9.1 for the classification and
regression metrics, calibration curves, isotonic regression and StratifiedShuffleSplit;
numpy's legacy RandomState for the random stream that split draws from; NannyML 0.13.1 for
chunking, thresholds, the calibration check and CBPE. Inputs are seeded and cover binary
and multiclass targets, string labels (including non-ASCII ones), class imbalance, tied
scores, perfect and constant predictions and every zero-division path.

The expected calibration error has no scikit-learn function; it is formed here from
`calibration_curve`'s per-bin values and counts as Σ (n_b / n)·|prob_true_b − prob_pred_b|,
the definition the TypeScript documents.

Run from the repository root:
    bash scripts/test-env/ensure-venv.sh golden
    .venv-golden/bin/python scripts/python/golden/gen_monitor_performance.py
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")

import nannyml  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from nannyml.calibration import (  # noqa: E402
    IsotonicCalibrator,
    _calculate_expected_calibration_error,
    _get_bin_index_edges,
    needs_calibration,
)
from nannyml.chunk import (  # noqa: E402
    CountBasedChunker,
    DefaultChunker,
    PeriodBasedChunker,
    SizeBasedChunker,
)
from nannyml.thresholds import StandardDeviationThreshold, calculate_threshold_values  # noqa: E402
from sklearn import metrics as skm  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402
from sklearn.model_selection import StratifiedShuffleSplit  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_monitor_performance.py"
FIXTURE = "packages/monitor/src/performance/__fixtures__/performance.json"

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20240917)


def f(value) -> float:
    return float(value)


def floats(values) -> list[float]:
    return [float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def plain(values) -> list:
    """Labels as JSON values (numpy ints and strings to Python ones)."""
    return [v.item() if isinstance(v, np.generic) else v for v in values]


def zero_division_value(name: str):
    return {"0": 0.0, "1": 1.0, "nan": np.nan}[name]


# --------------------------------------------------------------------------------------
# Classification datasets
# --------------------------------------------------------------------------------------


def noisy_predictions(y_true, classes, accuracy):
    keep = rng.uniform(size=len(y_true)) < accuracy
    other = rng.choice(classes, size=len(y_true))
    return np.where(keep, y_true, other)


def classification_datasets() -> list[dict]:
    sets = []
    y = rng.binomial(1, 0.35, 200)
    sets.append({"name": "binary-01", "yTrue": y, "yPred": noisy_predictions(y, [0, 1], 0.7),
                 "positiveLabel": 1})
    y = (rng.uniform(size=300) < 0.05).astype(int)
    sets.append({"name": "binary-imbalanced", "yTrue": y,
                 "yPred": noisy_predictions(y, [0, 1], 0.9), "positiveLabel": 1})
    y = rng.choice(["no", "yes"], size=150, p=[0.6, 0.4])
    sets.append({"name": "binary-strings", "yTrue": y, "yPred": noisy_predictions(y, ["no", "yes"], 0.6),
                 "positiveLabel": "yes"})
    labels = ["cat", "dog", "emu", "ant"]
    y = rng.choice(labels, size=250, p=[0.5, 0.3, 0.15, 0.05])
    sets.append({"name": "multiclass-strings-imbalanced", "yTrue": y,
                 "yPred": noisy_predictions(y, labels, 0.6)})
    y = rng.choice([0, 1, 2, 3, 4], size=180)
    pred = noisy_predictions(y, [0, 1, 2], 0.5)  # classes 3 and 4 are never predicted
    sets.append({"name": "multiclass-unpredicted-classes", "yTrue": y, "yPred": pred})
    y = rng.choice([3, 7, 11], size=120)
    sets.append({"name": "multiclass-perfect", "yTrue": y, "yPred": y.copy()})
    y = rng.binomial(1, 0.4, 90)
    sets.append({"name": "binary-constant-prediction", "yTrue": y, "yPred": np.zeros(90, dtype=int),
                 "positiveLabel": 1})
    sets.append({"name": "binary-all-negative", "yTrue": np.zeros(40, dtype=int),
                 "yPred": np.zeros(40, dtype=int), "positiveLabel": 1})
    labels = ["é", "z", "Z", "😀", "ab"]
    y = rng.choice(labels, size=100)
    sets.append({"name": "multiclass-unicode", "yTrue": y, "yPred": noisy_predictions(y, labels, 0.5)})
    y = rng.choice([-1, 1], size=60)
    sets.append({"name": "binary-minus-one", "yTrue": y, "yPred": noisy_predictions(y, [-1, 1], 0.7),
                 "positiveLabel": 1})
    y = rng.choice(list(range(12)), size=400)  # more classes than a pairwise block of 8
    sets.append({"name": "multiclass-twelve", "yTrue": y, "yPred": noisy_predictions(y, list(range(12)), 0.4)})
    return sets


def classification_cases() -> list[dict]:
    cases = []
    for data in classification_datasets():
        y_true, y_pred = data["yTrue"], data["yPred"]
        present = np.unique(np.concatenate([y_true, y_pred]))
        case = {"name": data["name"], "yTrue": plain(y_true), "yPred": plain(y_pred)}
        case["accuracy"] = f(skm.accuracy_score(y_true, y_pred))
        case["labels"] = plain(present)
        case["confusionMatrix"] = skm.confusion_matrix(y_true, y_pred).tolist()
        reversed_labels = present[::-1]
        if data["name"] == "multiclass-strings-imbalanced":
            reversed_labels = np.array(["emu", "dog", "cat", "ant", "owl"])  # "owl" never occurs
        case["reorderedLabels"] = plain(reversed_labels)
        case["confusionMatrixReordered"] = skm.confusion_matrix(
            y_true, y_pred, labels=reversed_labels).tolist()
        case["confusionMatrixNormalized"] = {
            mode: skm.confusion_matrix(y_true, y_pred, normalize=mode).tolist()
            for mode in ["true", "pred", "all"]
        }
        per_class = {}
        averaged = []
        for zero_division in ["0", "1", "nan"]:
            zd = zero_division_value(zero_division)
            p, r, fs, s = skm.precision_recall_fscore_support(y_true, y_pred, zero_division=zd)
            per_class[zero_division] = {"precision": floats(p), "recall": floats(r),
                                        "fScore": floats(fs), "support": [int(v) for v in s]}
            averages = ["micro", "macro", "weighted"]
            if len(present) <= 2:
                averages.append("binary")
            for average in averages:
                for beta in [1.0, 2.0, 0.5]:
                    kwargs = {"average": average, "beta": beta, "zero_division": zd}
                    if average == "binary":
                        kwargs["pos_label"] = data["positiveLabel"]
                    p, r, fs, _ = skm.precision_recall_fscore_support(y_true, y_pred, **kwargs)
                    averaged.append({"average": average, "beta": beta, "zeroDivision": zero_division,
                                     "precision": f(p), "recall": f(r), "fScore": f(fs)})
            subset = list(reversed_labels[:2])
            p, r, fs, _ = skm.precision_recall_fscore_support(
                y_true, y_pred, average="macro", labels=subset, zero_division=zd)
            averaged.append({"average": "macro", "beta": 1.0, "zeroDivision": zero_division,
                             "labels": plain(subset), "precision": f(p), "recall": f(r), "fScore": f(fs)})
        case["perClass"] = per_class
        case["averaged"] = averaged
        if "positiveLabel" in data:
            case["positiveLabel"] = plain([data["positiveLabel"]])[0]
            case["f1Binary"] = f(skm.f1_score(y_true, y_pred, pos_label=data["positiveLabel"]))
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------
# ROC, log loss, calibration curve
# --------------------------------------------------------------------------------------


def softmax(logits):
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def roc_cases() -> dict:
    binary = []

    def add_binary(name, y_true, y_score, pos_label=None):
        case = {"name": name, "yTrue": plain(y_true), "yScore": floats(y_score)}
        case["auc"] = f(skm.roc_auc_score(y_true, y_score))
        if len(np.unique(y_true)) == 2:
            curves = {}
            for drop in [True, False]:
                fpr, tpr, thr = skm.roc_curve(y_true, y_score, pos_label=pos_label,
                                              drop_intermediate=drop)
                curves["drop" if drop else "keep"] = {
                    "falsePositiveRate": floats(fpr), "truePositiveRate": floats(tpr),
                    "thresholds": floats(thr)}
            case["curves"] = curves
            case["positiveLabel"] = plain([pos_label])[0] if pos_label is not None else None
        binary.append(case)

    y = rng.binomial(1, 0.4, 300)
    score = y * 0.8 + rng.normal(size=300)
    add_binary("continuous", y, score)
    add_binary("ties-one-decimal", y, np.round(score, 1))
    y = (rng.uniform(size=500) < 0.03).astype(int)
    add_binary("imbalanced", y, rng.uniform(size=500) + 0.3 * y)
    y = rng.binomial(1, 0.5, 50)
    add_binary("perfect", y, y + rng.uniform(size=50) * 0.5)
    add_binary("inverted", y, -(y + rng.uniform(size=50) * 0.5))
    add_binary("constant-score", y, np.full(50, 0.5))
    add_binary("single-class", np.ones(30, dtype=int), rng.uniform(size=30))
    y = rng.choice(["neg", "pos"], size=120)
    add_binary("strings", y, (y == "pos") * 0.5 + rng.uniform(size=120), pos_label="pos")
    y = rng.choice([-1, 1], size=80)
    add_binary("minus-one", y, (y == 1) * 0.4 + rng.uniform(size=80))

    multiclass = []

    def add_multiclass(name, y_true, y_score, labels=None):
        auc = {average: f(skm.roc_auc_score(y_true, y_score, multi_class="ovr", average=average,
                                            labels=labels))
               for average in ["macro", "weighted", "micro"]}
        multiclass.append({"name": name, "yTrue": plain(y_true),
                           "yScore": [floats(row) for row in y_score],
                           "labels": plain(labels) if labels is not None else None, "auc": auc})

    classes = np.array(["ant", "bee", "cat", "dog"])
    y = rng.choice(classes, size=200, p=[0.4, 0.3, 0.2, 0.1])
    logits = rng.normal(size=(200, 4)) + 1.5 * (y[:, None] == classes[None, :])
    add_multiclass("strings-imbalanced", y, softmax(logits))
    palette = softmax(rng.normal(size=(5, 3)))
    y = rng.choice([0, 1, 2], size=150)
    add_multiclass("tied-rows", y, palette[rng.choice(5, size=150)])
    y = rng.choice([1, 2, 4], size=90)  # class 3 of `labels` never occurs
    add_multiclass("absent-class", y, softmax(rng.normal(size=(90, 4))), labels=[1, 2, 3, 4])
    return {"binary": binary, "multiclass": multiclass}


def log_loss_cases() -> list[dict]:
    cases = []
    y = rng.binomial(1, 0.3, 200)
    p = np.clip(rng.beta(2, 3, 200) + 0.2 * y, 0, 1)
    p[:5] = [0.0, 1.0, 0.0, 1.0, 0.5]
    cases.append({"name": "binary-with-extremes", "yTrue": plain(y), "yProba": floats(p),
                  "expected": f(skm.log_loss(y, p))})
    y = rng.choice(["high", "low"], size=100)
    p = rng.uniform(size=100)
    cases.append({"name": "binary-strings", "yTrue": plain(y), "yProba": floats(p),
                  "expected": f(skm.log_loss(y, p))})
    classes = np.array(["a", "b", "c"])
    y = rng.choice(classes, size=150)
    proba = softmax(rng.normal(size=(150, 3)) * 2)
    proba[0] = [1.0, 0.0, 0.0]
    cases.append({"name": "multiclass", "yTrue": plain(y), "yProba": [floats(r) for r in proba],
                  "expected": f(skm.log_loss(y, proba))})
    y = rng.choice([0, 2], size=80)
    proba = softmax(rng.normal(size=(80, 3)))
    cases.append({"name": "multiclass-labels", "yTrue": plain(y), "yProba": [floats(r) for r in proba],
                  "labels": [0, 1, 2], "expected": f(skm.log_loss(y, proba, labels=[0, 1, 2]))})
    y = rng.binomial(1, 0.5, 1000)
    p = rng.uniform(size=1000)
    cases.append({"name": "binary-large", "yTrue": plain(y), "yProba": floats(p),
                  "expected": f(skm.log_loss(y, p))})
    return cases


def calibration_cases() -> list[dict]:
    cases = []

    def add(name, y, p, pos_label=None):
        variants = []
        for strategy, bins in [("uniform", 5), ("uniform", 10), ("uniform", 3), ("quantile", 5),
                               ("quantile", 10)]:
            prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy=strategy,
                                                     pos_label=pos_label)
            if strategy == "uniform":
                edges = np.linspace(0.0, 1.0, bins + 1)
            else:
                edges = np.percentile(p, np.linspace(0, 1, bins + 1) * 100)
            ids = np.searchsorted(edges[1:-1], p)
            totals = np.bincount(ids, minlength=bins)
            counts = totals[totals != 0]
            ece = np.sum(counts / counts.sum() * np.abs(prob_true - prob_pred))
            variants.append({"strategy": strategy, "bins": bins,
                             "fractionOfPositives": floats(prob_true),
                             "meanPredictedProbability": floats(prob_pred),
                             "binCounts": [int(c) for c in counts], "ece": f(ece)})
        cases.append({"name": name, "yTrue": plain(y), "yProb": floats(p), "positiveLabel": pos_label,
                      "variants": variants})

    y = rng.binomial(1, 0.4, 300)
    p = np.clip(0.4 + 0.3 * (y - 0.4) + rng.normal(scale=0.2, size=300), 0, 1)
    add("noisy", y, p)
    p = np.concatenate([[0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 0.1, 0.3], rng.uniform(size=42)])
    y = rng.binomial(1, p)
    add("edges", y, p)
    p = rng.uniform(size=200)
    y = np.where(rng.uniform(size=200) < p, "spam", "ham")
    add("strings", y, p, pos_label="spam")
    p = rng.uniform(0.3, 0.5, size=60)  # bins 0, 3 and 4 of five stay empty
    y = rng.binomial(1, p)
    add("empty-bins", y, p)
    return cases


# --------------------------------------------------------------------------------------
# Regression
# --------------------------------------------------------------------------------------


def regression_cases() -> list[dict]:
    cases = []

    def add(name, y_true, y_pred):
        y_true = np.asarray(y_true, dtype=np.float64)
        y_pred = np.asarray(y_pred, dtype=np.float64)
        cases.append({
            "name": name, "yTrue": floats(y_true), "yPred": floats(y_pred),
            "meanAbsoluteError": f(skm.mean_absolute_error(y_true, y_pred)),
            "rootMeanSquaredError": f(skm.root_mean_squared_error(y_true, y_pred)),
            "meanAbsolutePercentageError": f(skm.mean_absolute_percentage_error(y_true, y_pred)),
            "r2": f(skm.r2_score(y_true, y_pred)),
            "r2NotForced": f(skm.r2_score(y_true, y_pred, force_finite=False)),
        })

    y = rng.normal(10, 3, 200)
    add("normal", y, y + rng.normal(0, 1, 200))
    y = rng.lognormal(0, 2, 1000)
    add("heavy-tailed-large", y, y * rng.uniform(0.5, 1.5, 1000))
    y = rng.normal(size=50)
    add("worse-than-mean", y, rng.normal(size=50) * 3)
    add("perfect", y, y)
    add("constant-true-perfect", np.full(20, 4.5), np.full(20, 4.5))
    add("constant-true-imperfect", np.full(20, 4.5), np.full(20, 4.5) + rng.normal(size=20))
    add("single-sample", [3.0], [2.5])
    y = rng.integers(-3, 4, 100).astype(float)  # includes zeros, for the MAPE epsilon
    add("with-zeros", y, y + rng.normal(size=100))
    add("large-offset", 1e8 + rng.normal(size=300), 1e8 + rng.normal(size=300))
    return cases


# --------------------------------------------------------------------------------------
# Chunking and thresholds (NannyML)
# --------------------------------------------------------------------------------------


def describe_chunks(chunks, y_true=None, y_pred=None) -> list[dict]:
    described = []
    for chunk in chunks:
        rows = [int(r) for r in chunk.data["row"]]
        item = {"key": chunk.key, "index": int(chunk.chunk_index),
                "startIndex": int(chunk.start_index), "endIndex": int(chunk.end_index)}
        if rows != list(range(item["startIndex"], item["endIndex"] + 1)):
            item["rows"] = rows
        if chunk.start_datetime is not None:
            item["startTimeMs"] = int(pd.Timestamp(chunk.start_datetime).value // 1_000_000)
            item["endTimeMs"] = int(pd.Timestamp(chunk.end_datetime).value // 1_000_000)
        if y_true is not None:
            item["accuracy"] = f(skm.accuracy_score(y_true[rows], y_pred[rows]))
        described.append(item)
    return described


def chunking_cases() -> dict:
    size_cases = []
    y_true = rng.binomial(1, 0.5, 1050)
    y_pred = noisy_predictions(y_true, [0, 1], 0.8)
    for n, size in [(1050, 100), (99, 100), (1000, 100), (7, 3)]:
        for incomplete in ["keep", "append", "drop"]:
            if incomplete == "append" and n < size:
                continue
            data = pd.DataFrame({"row": np.arange(n)})
            chunks = SizeBasedChunker(chunk_size=size, incomplete=incomplete).split(data)
            size_cases.append({"length": n, "size": size, "incomplete": incomplete,
                               "chunks": describe_chunks(chunks, y_true, y_pred)})
    times = (np.datetime64("2024-01-01T00:00:00", "ms").astype(np.int64)
             + rng.permutation(500).astype(np.int64) * 3_600_000)
    data = pd.DataFrame({"row": np.arange(500), "timestamp": pd.to_datetime(times, unit="ms")})
    chunks = SizeBasedChunker(chunk_size=120, timestamp_column_name="timestamp").split(data)
    timed_size = {"timestamps": [int(t) for t in times], "size": 120,
                  "chunks": describe_chunks(chunks)}

    count_cases = []
    for n, count in [(1050, 10), (1050, 7), (25, 10)]:
        data = pd.DataFrame({"row": np.arange(n)})
        chunker = DefaultChunker() if count == 10 else CountBasedChunker(chunk_number=count)
        count_cases.append({"length": n, "count": count,
                            "chunks": describe_chunks(chunker.split(data), y_true, y_pred)})

    period_cases = []
    start = np.datetime64("2023-11-20T00:00:00", "ms").astype(np.int64)
    offsets = np.sort(rng.uniform(0, 200 * 86_400_000, size=400)).astype(np.int64)
    times = (start + rng.permutation(offsets)).astype(np.int64)
    hourly = (start + rng.permutation(np.sort(rng.uniform(0, 30 * 3_600_000, size=120)))).astype(np.int64)
    for period, offset, stamps in [("day", "D", times), ("week", "W", times), ("month", "M", times),
                                   ("quarter", "Q", times), ("year", "Y", times), ("hour", "h", hourly)]:
        data = pd.DataFrame({"row": np.arange(len(stamps)),
                             "timestamp": pd.to_datetime(stamps, unit="ms")})
        chunks = PeriodBasedChunker(offset=offset, timestamp_column_name="timestamp").split(data)
        period_cases.append({"period": period, "timestamps": [int(t) for t in stamps],
                             "chunks": describe_chunks(chunks)})
    return {"size": size_cases, "timedSize": timed_size, "count": count_cases, "period": period_cases,
            "yTrue": plain(y_true), "yPred": plain(y_pred)}


def threshold_cases() -> list[dict]:
    cases = []
    sets = {
        "accuracy-like": rng.normal(0.9, 0.02, 10),
        "with-nan": np.concatenate([rng.normal(0.5, 0.1, 7), [np.nan, np.nan]]),
        "near-one": np.clip(rng.normal(0.995, 0.01, 12), 0, 1),
        "near-zero": np.abs(rng.normal(0.01, 0.02, 12)),
        "many": rng.normal(3, 1, 300),
        "all-nan": np.array([np.nan, np.nan]),
    }
    for name, values in sets.items():
        variants = []
        for lower, upper in [(3, 3), (None, 3), (3, None), (2.5, 1)]:
            for limits in [(None, None), (0, 1)]:
                for override in [False, True]:
                    if limits == (None, None) and override:
                        continue
                    threshold = StandardDeviationThreshold(std_lower_multiplier=lower,
                                                           std_upper_multiplier=upper)
                    low, high = calculate_threshold_values(
                        threshold, values, lower_threshold_value_limit=limits[0],
                        upper_threshold_value_limit=limits[1], override_using_none=override)
                    variants.append({"lowerMultiplier": lower, "upperMultiplier": upper,
                                     "lowerLimit": limits[0], "upperLimit": limits[1],
                                     "overrideUsingNone": override,
                                     "lower": None if low is None else f(low),
                                     "upper": None if high is None else f(high)})
        cases.append({"name": name, "values": floats(values), "variants": variants})
    return cases


# --------------------------------------------------------------------------------------
# Isotonic regression, the random stream, the calibration check
# --------------------------------------------------------------------------------------


def isotonic_cases() -> list[dict]:
    cases = []

    def add(name, x, y, increasing=True):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        grid = np.concatenate([[x.min() - 1, x.min(), x.max(), x.max() + 1],
                               np.linspace(x.min(), x.max(), 37), x[:10]])
        result = {"name": name, "x": floats(x), "y": floats(y), "increasing": increasing,
                  "grid": floats(grid)}
        for bounds in ["nan", "clip"]:
            model = IsotonicRegression(increasing=increasing, out_of_bounds=bounds).fit(x, y)
            result[bounds] = {"xThresholds": floats(model.X_thresholds_),
                              "yThresholds": floats(model.y_thresholds_),
                              "predictions": floats(model.predict(grid))}
        cases.append(result)

    x = rng.uniform(size=300)
    add("binary-targets", x, rng.binomial(1, x ** 2))
    x = np.round(rng.uniform(size=200), 1)
    add("tied-x", x, rng.binomial(1, x))
    x = rng.normal(size=100)
    add("decreasing", x, -x + rng.normal(size=100), increasing=False)
    add("continuous", x, np.sin(x) + rng.normal(scale=0.3, size=100))
    add("single-x", np.full(10, 0.3), rng.binomial(1, 0.5, 10))
    add("near-duplicate-x", [0.1, 0.1 + 1e-16, 0.2, 0.2 + 5e-16, 0.5], [1, 0, 0, 1, 1])
    return cases


def random_state_cases() -> dict:
    state = np.random.RandomState(42)
    permutations = [[int(v) for v in state.permutation(n)] for n in [1, 2, 10, 100, 1000, 70000]]
    permutations[-1] = permutations[-1][:50]  # only the head of the long one
    y = np.concatenate([np.zeros(61, dtype=int), np.ones(36, dtype=int)])
    y = y[rng.permutation(len(y))]
    splits = []
    for train, test in StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42).split(y, y):
        splits.append({"train": [int(v) for v in train], "test": [int(v) for v in test]})
    y3 = rng.choice([0, 1, 2], size=53, p=[0.5, 0.3, 0.2])
    splits3 = []
    for train, test in StratifiedShuffleSplit(n_splits=3, test_size=0.1, random_state=42).split(y3, y3):
        splits3.append({"train": [int(v) for v in train], "test": [int(v) for v in test]})
    return {"permutationsSeed42": permutations, "splitClasses": plain(y), "splits": splits,
            "splitClassesThree": plain(y3), "splitsThree": splits3}


def stable_sort_calibration_error(y_true, y_proba, edges):
    """NannyML's equal-count ECE, but sorting with a stable sort.

    NannyML sorts with numpy's default (unstable, SIMD-dependent) argsort. Isotonic
    calibration makes many scores tie, and when a run of tied scores of both classes straddles
    a bin edge, which rows fall on each side depends on that sort. The TypeScript keeps ties in
    input order; this value, formed like `_calculate_expected_calibration_error` from NannyML's
    own bin edges and calibrated scores, pins that deterministic variant to 1e-12.
    """
    order = np.argsort(y_proba, kind="stable")
    y_proba, y_true = y_proba[order], y_true[order]
    terms = [(right - left) / len(y_proba)
             * abs(np.mean(y_proba[left:right]) - np.mean(y_true[left:right]))
             for left, right in edges]
    return f(np.sum(terms))


def calibration_error_parts(y_true, y_pred_proba):
    """The two pooled ECEs NannyML's needs_calibration compares, from its own helpers."""
    sss = StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)
    truth, raw, calibrated = [], [], []
    for train, test in sss.split(y_pred_proba, y_true):
        calibrator = IsotonicCalibrator()
        calibrator.fit(y_pred_proba[train], y_true[train])
        truth.append(y_true[test])
        raw.append(y_pred_proba[test])
        calibrated.append(calibrator.calibrate(y_pred_proba[test]))
    truth, raw, calibrated = map(np.concatenate, (truth, raw, calibrated))
    edges = _get_bin_index_edges(len(raw), 10)
    return (f(_calculate_expected_calibration_error(truth, raw, edges)),
            f(_calculate_expected_calibration_error(truth, calibrated, edges)),
            stable_sort_calibration_error(truth, calibrated, edges))


def calibration_check_cases() -> list[dict]:
    cases = []
    scenarios = {}
    p = rng.uniform(size=1500)
    scenarios["calibrated"] = (rng.binomial(1, p), p)
    p = rng.uniform(size=1500)
    scenarios["overconfident"] = (rng.binomial(1, p ** 2), p)
    p = rng.uniform(size=800)
    scenarios["squeezed"] = (rng.binomial(1, p), 0.4 + 0.2 * p)
    y = rng.binomial(1, 0.5, 300)
    scenarios["near-perfect"] = (y, np.clip(0.5 * y + rng.uniform(0, 0.5, 300), 0, 1))
    scenarios["single-class"] = (np.ones(200, dtype=int), rng.uniform(size=200))
    p = rng.uniform(size=450)
    scenarios["small-imbalanced"] = (rng.binomial(1, p ** 4), p)
    for name, (y, p) in scenarios.items():
        y = np.asarray(y)
        p = np.asarray(p, dtype=np.float64)
        case = {"name": name, "yTrue": plain(y), "yPredProba": floats(p),
                "needsCalibration": bool(needs_calibration(y, p, IsotonicCalibrator()))}
        if len(np.unique(y)) > 1 and skm.roc_auc_score(y, p) <= 0.999:
            (case["errorBefore"], case["errorAfter"],
             case["errorAfterStableSort"]) = calibration_error_parts(y, p)
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------
# CBPE (NannyML)
# --------------------------------------------------------------------------------------

CBPE_METRICS = ["roc_auc", "f1", "precision", "recall", "specificity", "accuracy"]
RESULT_FIELDS = {"value": "value", "sampling_error": "samplingError", "realized": "realized",
                 "upper_confidence_boundary": "upperConfidenceBound",
                 "lower_confidence_boundary": "lowerConfidenceBound",
                 "upper_threshold": "upperThreshold", "lower_threshold": "lowerThreshold",
                 "alert": "alert"}


def cbpe_rows(frame) -> list[dict]:
    rows = []
    for _, record in frame.iterrows():
        item = {"key": record[("chunk", "key")], "period": record[("chunk", "period")],
                "startIndex": int(record[("chunk", "start_index")]),
                "endIndex": int(record[("chunk", "end_index")]), "metrics": {}}
        for metric in CBPE_METRICS:
            values = {}
            for column, name in RESULT_FIELDS.items():
                value = record[(metric, column)]
                if name == "alert":
                    values[name] = bool(value)
                elif value is None:
                    values[name] = None
                else:
                    values[name] = f(value)
            item["metrics"][metric] = values
        rows.append(item)
    return rows


def cbpe_scenario(name, reference, analysis, chunking, timestamps=None) -> dict:
    kwargs = {"metrics": CBPE_METRICS, "y_pred_proba": "p", "y_pred": "yp", "y_true": "y",
              "problem_type": "classification_binary"}
    if "size" in chunking:
        kwargs["chunk_size"] = chunking["size"]
    elif "count" in chunking:
        kwargs["chunk_number"] = chunking["count"]
    else:
        kwargs["chunk_period"] = {"week": "W", "month": "M", "day": "D"}[chunking["period"]]
        kwargs["timestamp_column_name"] = "t"
    estimator = nannyml.CBPE(**kwargs)
    estimator.fit(reference)
    results = estimator.estimate(analysis).to_df()

    def columns(frame):
        out = {"yTrue": plain(frame["y"]), "yPred": plain(frame["yp"]), "yPredProba": floats(frame["p"])}
        if "t" in frame:
            out["timestamps"] = [int(pd.Timestamp(t).value // 1_000_000) for t in frame["t"]]
        return out

    return {"name": name, "chunking": chunking, "reference": columns(reference),
            "analysis": columns(analysis), "needsCalibration": bool(estimator.needs_calibration),
            "results": cbpe_rows(results)}


def cbpe_cases() -> list[dict]:
    scenarios = []

    def frame(p, y, threshold=0.5, times=None):
        data = {"p": p, "y": y, "yp": (p >= threshold).astype(int)}
        if times is not None:
            data["t"] = pd.to_datetime(times, unit="ms")
        return pd.DataFrame(data)

    # Over-confident scores: the calibration check asks for isotonic calibration.
    p = rng.uniform(size=1500)
    reference = frame(p, rng.binomial(1, p ** 2))
    p = rng.beta(2, 1, size=1500)  # covariate shift towards high scores
    analysis = frame(p, rng.binomial(1, p ** 2))
    scenarios.append(cbpe_scenario("overconfident-size-500", reference, analysis, {"size": 500}))

    # Calibrated scores, default chunking (10 chunks with a remainder kept).
    p = rng.beta(1.5, 3, size=1503)
    reference = frame(p, rng.binomial(1, p), threshold=0.3)
    p = rng.beta(1.5, 2, size=1207)
    analysis = frame(p, rng.binomial(1, p), threshold=0.3)
    scenarios.append(cbpe_scenario("calibrated-count-10", reference, analysis, {"count": 10}))

    # Weekly chunks; scores rounded to 3 decimals, so tied scores of one class.
    start = np.datetime64("2024-02-05T00:00:00", "ms").astype(np.int64)
    times = start + np.sort(rng.uniform(0, 70 * 86_400_000, size=1500)).astype(np.int64)
    p = np.round(rng.uniform(size=1500), 3)
    labels = rng.binomial(1, np.clip(0.1 + 0.8 * p, 0, 1))
    reference = frame(p, labels, times=times)
    times = times[-1] + np.sort(rng.uniform(0, 35 * 86_400_000, size=900)).astype(np.int64)
    p = np.round(rng.uniform(size=900), 3)
    analysis = frame(p, rng.binomial(1, np.clip(0.3 + 0.4 * p, 0, 1)), times=times)
    scenarios.append(cbpe_scenario("ties-weekly", reference, analysis, {"period": "week"}))
    return scenarios


def cbpe_unit_cases() -> list[dict]:
    """The estimation functions on fixed predictions and calibrated probabilities."""
    from nannyml.performance_estimation.confidence_based import metrics as cm

    cases = []
    for name, n, decimals in [("continuous", 400, None), ("tied", 300, 2), ("small", 7, None)]:
        p = rng.uniform(size=n)
        if decimals is not None:
            p = np.round(p, decimals)
        y_pred = (rng.uniform(size=n) < p).astype(int)
        cases.append({"name": name, "yPred": plain(y_pred), "probabilities": floats(p),
                      "roc_auc": f(cm.estimate_roc_auc(p, p)), "f1": f(cm.estimate_f1(y_pred, p)),
                      "precision": f(cm.estimate_precision(y_pred, p)),
                      "recall": f(cm.estimate_recall(y_pred, p)),
                      "specificity": f(cm.estimate_specificity(y_pred, p)),
                      "accuracy": f(cm.estimate_accuracy(y_pred, p))})
    p = np.zeros(20)
    y_pred = np.zeros(20, dtype=int)
    cases.append({"name": "all-zero", "yPred": plain(y_pred), "probabilities": floats(p),
                  "roc_auc": f(cm.estimate_roc_auc(p, p)), "f1": f(cm.estimate_f1(y_pred, p)),
                  "precision": f(cm.estimate_precision(y_pred, p)),
                  "recall": f(cm.estimate_recall(y_pred, p)),
                  "specificity": f(cm.estimate_specificity(y_pred, p)),
                  "accuracy": f(cm.estimate_accuracy(y_pred, p))})
    return cases


def main() -> None:
    versions = {"scikit-learn": sklearn.__version__, "nannyml": nannyml.__version__,
                "numpy": np.__version__, "pandas": pd.__version__}
    print(versions)
    cases = {
        "versions": versions,
        "classification": classification_cases(),
        "roc": roc_cases(),
        "logLoss": log_loss_cases(),
        "calibrationCurve": calibration_cases(),
        "regression": regression_cases(),
        "chunking": chunking_cases(),
        "thresholds": threshold_cases(),
        "isotonic": isotonic_cases(),
        "randomState": random_state_cases(),
        "calibrationCheck": calibration_check_cases(),
        "cbpeEstimates": cbpe_unit_cases(),
        "cbpe": cbpe_cases(),
    }
    write_fixture(FIXTURE, GENERATOR, cases)
    size = (Path(__file__).resolve().parents[3] / FIXTURE).stat().st_size
    print(f"  {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
