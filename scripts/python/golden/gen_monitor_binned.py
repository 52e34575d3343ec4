"""Golden cases for packages/monitor/src/drift/binned (binned and categorical drift tests).

Every expected value comes from the real anchors:
- Evidently's registered stattests (`psi`, `kl_div`, `jensenshannon`, `hellinger`, `TVD`,
  `chisquare`, `z`, `fisher_exact`, `g_test`) called through their `StatTest` objects, and
  Evidently's own `get_binned_data` for the binned percents;
- NannyML's univariate Jensen-Shannon methods (continuous and categorical);
- scipy (`chisquare`, `power_divergence`, `entropy`, `jensenshannon`, `fisher_exact`,
  `hypergeom`) for the raw functions.

TFDV's Jensen-Shannon divergence is not installed anywhere here; its categorical formula
(min(1, JS divergence in bits) over the value frequencies) is evaluated with scipy's
`jensenshannon(base=2) ** 2`.

Inputs are seeded numpy samples of several sizes: normal, shifted, skewed and heavy-tailed
numeric data, rounded so that values tie; integer data; numeric columns with at most 20
distinct reference values (Evidently then bins by value); constant columns; low- and
high-cardinality categoricals with categories that only one sample has; binary columns.

Evidently iterates over Python sets of category keys, whose order for strings depends on
PYTHONHASHSEED; the script re-executes itself with PYTHONHASHSEED=0 so that its output is
reproducible to the last bit. Evidently is imported without running its package
`__init__` (which loads the whole report and UI stack and, with pandas 3, fails on an
import unrelated to these stattests).

Run from the repository root: .venv-golden/bin/python scripts/python/golden/gen_monitor_binned.py
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
import warnings
from pathlib import Path

if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable, *sys.argv])

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import scipy  # noqa: E402
import scipy.stats as st  # noqa: E402
from scipy.spatial import distance  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402


def import_evidently_stattests() -> types.SimpleNamespace:
    """Imports Evidently's legacy stattests without executing `evidently/__init__.py`."""
    spec = importlib.util.find_spec("evidently")
    package = types.ModuleType("evidently")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules["evidently"] = package
    from evidently._version import __version__
    from evidently.legacy.calculations.stattests import (
        chisquare_stattest,
        fisher_exact_stattest,
        g_stattest,
        hellinger_distance,
        jensenshannon,
        kl_div,
        psi,
        tvd_stattest,
        utils,
        z_stattest,
    )
    from evidently.legacy.core import ColumnType

    return types.SimpleNamespace(
        version=__version__,
        ColumnType=ColumnType,
        utils=utils,
        z_module=z_stattest,
        tvd_module=tvd_stattest,
        tests={
            "psi": psi.psi_stat_test,
            "kl_div": kl_div.kl_div_stat_test,
            "jensenshannon": jensenshannon.jensenshannon_stat_test,
            "hellinger": hellinger_distance.hellinger_stat_test,
            "TVD": tvd_stattest.tvd_test,
            "chisquare": chisquare_stattest.chi_stat_test,
            "z": z_stattest.z_stat_test,
            "fisher_exact": fisher_exact_stattest.fisher_exact_test,
            "g_test": g_stattest.g_test,
        },
    )


evidently = import_evidently_stattests()

import nannyml  # noqa: E402
from nannyml.chunk import SizeBasedChunker  # noqa: E402
from nannyml.drift.univariate.methods import (  # noqa: E402
    CategoricalJensenShannonDistance,
    ContinuousJensenShannonDistance,
)
from nannyml.thresholds import StandardDeviationThreshold  # noqa: E402

# scipy warns on the divisions by zero that unseen categories cause; the results are the point.
warnings.filterwarnings("ignore", category=RuntimeWarning)

GENERATOR = "scripts/python/golden/gen_monitor_binned.py"
FIXTURE = "packages/monitor/src/drift/__fixtures__/binned.json"

rng = np.random.default_rng(20260705)

# Tests Evidently registers for categorical columns only; the others also take numerical ones.
CATEGORICAL_ONLY = {"TVD", "chisquare", "z", "fisher_exact", "g_test"}


def rounded(values, decimals: int) -> list[float]:
    return [float(v) for v in np.round(values, decimals)]


# --------------------------------------------------------------------------------------
# Samples
# --------------------------------------------------------------------------------------


def numeric_samples() -> list[dict]:
    """(name, dtype, reference, current): values are rounded so that they tie."""
    a = [((37 * k) % 101) / 10 for k in range(1, 201)]
    b = [((53 * k) % 97) / 8 + 0.5 for k in range(1, 151)]
    samples = [
        ("reference doc a/b (section 4.6)", "float64", a, b),
        ("normal, same distribution, 60/45", "float64",
         rounded(rng.normal(0, 1, 60), 2), rounded(rng.normal(0, 1, 45), 2)),
        ("normal, same distribution, 400/300", "float64",
         rounded(rng.normal(10, 2, 400), 2), rounded(rng.normal(10, 2, 300), 2)),
        ("normal, shifted by 0.5 sd, 1000/800", "float64",
         rounded(rng.normal(0, 1, 1000), 3), rounded(rng.normal(0.5, 1, 800), 3)),
        ("normal, wider current, 1500/1500", "float64",
         rounded(rng.normal(0, 1, 1500), 3), rounded(rng.normal(0, 1.6, 1500), 3)),
        ("lognormal skewed, 2500/2000", "float64",
         rounded(rng.lognormal(0, 1, 2500), 3), rounded(rng.lognormal(0.3, 1.2, 2000), 3)),
        ("heavy tails (student t3), 800/900", "float64",
         rounded(rng.standard_t(3, 800), 2), rounded(rng.standard_t(3, 900), 2)),
        ("current far outside the reference range, 300/200", "float64",
         rounded(rng.normal(0, 1, 300), 2), rounded(rng.normal(4, 1, 200), 2)),
        ("tiny current (5 values), 500/5", "float64",
         rounded(rng.normal(0, 1, 500), 2), rounded(rng.normal(0, 1, 5), 2)),
        ("heavy ties: 25 distinct values, 700/600", "float64",
         [float(v) for v in rng.integers(0, 25, 700) / 4],
         [float(v) for v in rng.integers(3, 28, 600) / 4]),
        ("int64 with many values, 900/700", "int64",
         [int(v) for v in rng.integers(0, 60, 900)], [int(v) for v in rng.integers(5, 70, 700)]),
        ("int64 narrow range (width below 1), 400/400", "int64",
         [int(v) for v in rng.integers(0, 30, 400)], [int(v) for v in rng.integers(0, 31, 400)]),
        ("poisson: at most 20 reference values, 600/500", "float64",
         [float(v) for v in rng.poisson(3, 600)], [float(v) for v in rng.poisson(4, 500)]),
        ("low cardinality with an unseen value, 300/250", "float64",
         [float(v) for v in rng.choice([0.5, 1.5, 2.5], 300, p=[0.5, 0.3, 0.2])],
         [float(v) for v in rng.choice([0.5, 1.5, 2.5, 9.0], 250, p=[0.4, 0.3, 0.2, 0.1])]),
        ("binary 0/1, 200/200", "float64",
         [float(v) for v in rng.binomial(1, 0.3, 200)], [float(v) for v in rng.binomial(1, 0.45, 200)]),
        ("constant, same value in both, 50/40", "float64", [5.0] * 50, [5.0] * 40),
        ("constant reference, varied current, 50/60", "float64",
         [5.0] * 50, rounded(rng.normal(5, 1, 60), 1)),
        ("with missing and infinite values, 120/100", "float64",
         [*rounded(rng.normal(0, 1, 115), 2), float("nan"), float("inf"), float("nan"), -float("inf"), 0.25],
         [*rounded(rng.normal(0.3, 1, 98), 2), float("nan"), 1.5]),
    ]
    return [{"name": n, "columnType": "num", "dtype": d, "reference": r, "current": c}
            for n, d, r, c in samples]


def categorical_samples() -> list[dict]:
    def strings(values) -> list[str]:
        return [str(v) for v in values]

    ref_doc = ["a"] * 50 + ["b"] * 30 + ["c"] * 20
    cur_doc = ["a"] * 30 + ["b"] * 30 + ["c"] * 30 + ["d"] * 10
    zipf_reference = [f"c{v}" for v in np.minimum(rng.zipf(1.3, 3000), 250)]
    zipf_current = [f"c{v}" for v in np.minimum(rng.zipf(1.25, 2000) + rng.integers(0, 2, 2000), 260)]
    samples = [
        ("reference doc: unseen category d (section 4.6)", "str", ref_doc, cur_doc),
        ("reference doc: 50/30/20 vs 35/35/30", "str", ref_doc,
         ["a"] * 35 + ["b"] * 35 + ["c"] * 30),
        ("three categories, same distribution, 400/300", "str",
         strings(rng.choice(["red", "green", "blue"], 400, p=[0.5, 0.3, 0.2])),
         strings(rng.choice(["red", "green", "blue"], 300, p=[0.5, 0.3, 0.2]))),
        ("five categories, one only in reference, 500/500", "str",
         strings(rng.choice(list("vwxyz"), 500, p=[0.3, 0.25, 0.2, 0.15, 0.1])),
         strings(rng.choice(list("vwxy"), 500, p=[0.35, 0.25, 0.25, 0.15]))),
        ("unseen categories in current, 800/600", "str",
         strings(rng.choice(list("abcdef"), 800)),
         strings(rng.choice(list("abcdefgh"), 600, p=[0.1] * 6 + [0.2, 0.2]))),
        ("high cardinality zipf, 3000/2000", "str", zipf_reference, zipf_current),
        ("integer categories, 700/500", "int64",
         [int(v) for v in rng.integers(0, 12, 700)], [int(v) for v in rng.integers(0, 14, 500)]),
        ("four categories, small samples 40/35", "str",
         strings(rng.choice(list("abcd"), 40, p=[0.4, 0.3, 0.2, 0.1])),
         strings(rng.choice(list("abcd"), 35, p=[0.35, 0.3, 0.2, 0.15]))),
        ("two categories, mild shift 120/100", "str",
         strings(rng.choice(["on", "off"], 120, p=[0.5, 0.5])),
         strings(rng.choice(["on", "off"], 100, p=[0.42, 0.58]))),
        ("binary strings, equal sizes 150/150", "str",
         strings(rng.choice(["yes", "no"], 150, p=[0.6, 0.4])),
         strings(rng.choice(["yes", "no"], 150, p=[0.45, 0.55]))),
        ("binary strings, unequal sizes 200/120", "str",
         strings(rng.choice(["yes", "no"], 200, p=[0.6, 0.4])),
         strings(rng.choice(["yes", "no"], 120, p=[0.6, 0.4]))),
        ("booleans, equal sizes 100/100", "bool",
         [bool(v) for v in rng.binomial(1, 0.5, 100)], [bool(v) for v in rng.binomial(1, 0.8, 100)]),
        ("disjoint single categories, 80/80", "str", ["a"] * 80, ["b"] * 80),
        ("constant, same category, 60/60", "str", ["only"] * 60, ["only"] * 60),
        ("reference constant, current binary, 90/90", "str", ["p"] * 90,
         strings(rng.choice(["p", "q"], 90, p=[0.7, 0.3]))),
        ("with missing values, 200/180", "str",
         [*strings(rng.choice(list("abc"), 196)), None, None, "a", None],
         [*strings(rng.choice(list("abcd"), 178)), None, "d"]),
    ]
    return [{"name": n, "columnType": "cat", "dtype": d, "reference": r, "current": c}
            for n, d, r, c in samples]


def series(values: list, dtype: str) -> pd.Series:
    if dtype == "float64":
        return pd.Series(values, dtype="float64")
    if dtype == "int64":
        return pd.Series(values, dtype="int64")
    if dtype == "bool":
        return pd.Series(values, dtype="bool")
    return pd.Series(values, dtype="object")


def cleaned(values: pd.Series) -> pd.Series:
    """What Evidently's get_one_column_drift does before a stattest: ±inf → NaN, dropna."""
    return values.replace([-np.inf, np.inf], np.nan).dropna().reset_index(drop=True)


def run_stattest(name: str, reference: pd.Series, current: pd.Series, column_type) -> dict:
    try:
        result = evidently.tests[name](reference.copy(), current.copy(), column_type, None)
    except ValueError as error:
        return {"error": str(error).splitlines()[0]}
    return {"score": float(result.drift_score), "drift": bool(result.drifted),
            "threshold": float(result.actual_threshold)}


def evidently_statistics(reference: pd.Series, current: pd.Series) -> dict:
    """Test statistics Evidently computes but does not return, on Evidently's own inputs."""
    keys = evidently.utils.get_unique_not_nan_values_list_from_series(current, reference)
    reference_counts = {**dict.fromkeys(keys, 0), **dict(reference.value_counts())}
    current_counts = {**dict.fromkeys(keys, 0), **dict(current.value_counts())}
    scale = current.shape[0] / reference.shape[0]
    chi = st.chisquare([current_counts[k] for k in keys], [reference_counts[k] * scale for k in keys])
    statistics = {"chisquare": float(chi.statistic),
                  "TVD": float(evidently.tvd_module._total_variation_distance(reference, current))}
    ordered = sorted(keys)
    encode = lambda x: 0 if x == ordered[0] else 1  # noqa: E731
    if not (reference.nunique() == 1 and current.nunique() == 1
            and reference.unique()[0] == current.unique()[0]):
        statistics["z"] = float(evidently.z_module.proportions_diff_z_stat_ind(
            reference.apply(encode), current.apply(encode)))
    if len(reference) == len(current):
        g = st.power_divergence([current_counts[k] for k in keys],
                                [reference_counts[k] for k in keys], lambda_="log-likelihood")
        statistics["g_test"] = float(g.statistic)
        if len(keys) <= 2:
            # Categories in sorted order: the first is 0, the second (or none) is 1.
            one = ordered[1] if len(ordered) == 2 else None
            table = [[int((current == one).sum()), int((current != one).sum())],
                     [int((reference == one).sum()), int((reference != one).sum())]]
            statistics["fisher_exact"] = float(st.fisher_exact(table).statistic)
    return statistics


def nannyml_jensen_shannon(reference: pd.Series, current: pd.Series, column_type: str) -> float:
    method_class = ContinuousJensenShannonDistance if column_type == "num" else CategoricalJensenShannonDistance
    method = method_class(chunker=SizeBasedChunker(chunk_size=max(len(reference), 1)),
                          threshold=StandardDeviationThreshold())
    method.fit(reference.rename("x"))
    return float(method.calculate(current.rename("x")))


def tfdv_jensen_shannon_divergence(reference: pd.Series, current: pd.Series) -> float:
    keys = sorted(set(reference) | set(current), key=lambda k: (isinstance(k, str), k))
    p = np.array([(reference == k).sum() for k in keys], dtype=np.float64)
    q = np.array([(current == k).sum() for k in keys], dtype=np.float64)
    return float(min(1.0, distance.jensenshannon(p, q, base=2) ** 2))


def sample_cases() -> list[dict]:
    cases = []
    for case in numeric_samples() + categorical_samples():
        column_type = (evidently.ColumnType.Numerical if case["columnType"] == "num"
                       else evidently.ColumnType.Categorical)
        reference = cleaned(series(case["reference"], case["dtype"]))
        current = cleaned(series(case["current"], case["dtype"]))
        binned = evidently.utils.get_binned_data(reference, current, column_type, 30, False)
        filled = evidently.utils.get_binned_data(reference, current, column_type, 30)
        # The order of categorical bins is Python's set order; the union of keys in that
        # order lets a test line its own bins up with Evidently's.
        keys = (None if case["columnType"] == "num" and reference.nunique() > 20 else
                evidently.utils.get_unique_not_nan_values_list_from_series(current, reference))
        results = {}
        for name in evidently.tests:
            if name in CATEGORICAL_ONLY and case["columnType"] == "num" and name not in ("chisquare", "z"):
                continue
            if name == "TVD" and len(reference) + len(current) > 2000:
                continue  # Evidently's 1000 pure-Python permutations are slow on large samples.
            results[name] = run_stattest(name, reference, current, column_type)
        cases.append({
            **case,
            "binKeys": None if keys is None else [k.item() if hasattr(k, "item") else k for k in keys],
            "binned": {"reference": binned[0], "current": binned[1]},
            "binnedZeroFilled": {"reference": filled[0], "current": filled[1]},
            "evidently": results,
            "statistics": evidently_statistics(reference, current),
            "nannymlJensenShannon": nannyml_jensen_shannon(reference, current, case["columnType"]),
            "tfdvJensenShannonDivergence": (tfdv_jensen_shannon_divergence(reference, current)
                                            if case["columnType"] == "cat" else None),
        })
    return cases


# --------------------------------------------------------------------------------------
# Raw scipy functions
# --------------------------------------------------------------------------------------


def distribution_pairs() -> list[tuple[str, list[float], list[float]]]:
    pairs = [
        ("reference doc p/q", [0.1, 0.4, 0.5], [0.3, 0.3, 0.4]),
        ("disjoint", [1.0, 0.0], [0.0, 1.0]),
        ("identical", [0.2, 0.3, 0.5], [0.2, 0.3, 0.5]),
        ("unnormalised counts", [10.0, 20.0, 30.0, 0.0], [12.0, 18.0, 25.0, 5.0]),
        ("zero in p only", [0.0, 0.5, 0.5], [0.2, 0.4, 0.4]),
        ("tiny masses", [1e-12, 0.5, 0.5 - 1e-12], [0.3, 0.3, 0.4]),
    ]
    for size in (8, 9, 17, 130, 300):
        p = rng.dirichlet(np.ones(size))
        q = rng.dirichlet(np.ones(size) * 2)
        pairs.append((f"dirichlet, {size} bins", [float(x) for x in p], [float(x) for x in q]))
    return pairs


def vector_cases() -> dict:
    entropy, jensen_shannon, psi, tvd = [], [], [], []
    for name, p, q in distribution_pairs():
        pa, qa = np.array(p), np.array(q)
        for base in (None, 2.0, 10.0):
            entropy.append({"name": name, "p": p, "q": q, "base": base,
                            "expected": float(st.entropy(pa, qa, base=base))})
            jensen_shannon.append({"name": name, "p": p, "q": q, "base": base,
                                   "expected": float(distance.jensenshannon(pa, qa, base=base))})
        if (pa > 0).all() and (qa > 0).all():
            psi.append({"name": name, "p": p, "q": q, "expected": float(np.sum((pa - qa) * np.log(pa / qa)))})
        tvd.append({"name": name, "p": p, "q": q,
                    "expected": float(0.5 * np.sum(np.abs(pa / sum(pa) - qa / sum(qa))))})
    return {"entropy": entropy, "jensenshannon": jensen_shannon, "psi": psi, "tvd": tvd}


def power_divergence_cases() -> list[dict]:
    inputs = [
        ([16, 18, 16, 14, 12, 12], None),
        ([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]),
        ([30, 30, 30, 10], [50.0, 30.0, 20.0, 0.0]),
        ([0, 35, 65], [20.0, 40.0, 40.0]),
        ([5], [5.0]),
        ([43, 52, 54, 40], [47.25, 47.25, 47.25, 47.25]),
        ([1000, 1200, 1100, 1300, 900], [1100.0] * 5),
        ([3, 1], [1.0, 3.0]),
    ]
    large = rng.multinomial(20000, np.ones(40) / 40)
    inputs.append(([int(v) for v in large], [500.0] * 40))
    inputs.append(([2000, 0, 0], [1.0, 1.0, 1998.0]))
    cases = []
    for f_obs, f_exp in inputs:
        for lambda_ in ("pearson", "log-likelihood"):
            result = st.power_divergence(f_obs, f_exp, lambda_=lambda_)
            cases.append({"fObs": f_obs, "fExp": f_exp, "lambda": lambda_,
                          "statistic": float(result.statistic), "pvalue": float(result.pvalue)})
    for f_obs, f_exp in ([10, 20, 30], [10.0, 20.0, 31.0]), ([60, 40], [45.0, 55.0]):
        try:
            st.chisquare(f_obs, f_exp)
            error = None
        except ValueError as exc:
            error = str(exc).splitlines()[0]
        cases.append({"fObs": f_obs, "fExp": f_exp, "lambda": "pearson", "error": error})
    return cases


def fisher_cases() -> list[dict]:
    tables = [
        [[55, 45], [40, 60]], [[8, 2], [1, 5]], [[1, 9], [11, 3]], [[0, 5], [5, 0]],
        [[3, 3], [3, 3]], [[10, 10], [10, 11]], [[0, 0], [4, 5]], [[7, 0], [0, 0]],
        [[100, 2], [3, 120]], [[2, 7], [8, 2]], [[1, 0], [0, 1]], [[50, 50], [50, 50]],
        [[12, 3], [17, 16]], [[200, 180], [150, 230]], [[5, 0], [2, 3]], [[0, 12], [7, 5]],
        [[1500, 1400], [1380, 1520]], [[4000, 9000], [3000, 8000]], [[30, 1], [1, 30]],
        [[250, 0], [0, 250]],
    ]
    for _ in range(12):
        tables.append([[int(v) for v in rng.integers(0, 60, 2)], [int(v) for v in rng.integers(0, 60, 2)]])
    cases = []
    for table in tables:
        for alternative in ("two-sided", "less", "greater"):
            result = st.fisher_exact(table, alternative=alternative)
            cases.append({"table": table, "alternative": alternative,
                          "statistic": float(result.statistic), "pvalue": float(result.pvalue)})
    return cases


def hypergeometric_cases() -> list[dict]:
    cases = []
    for population, successes, draws in [(20, 7, 12), (100, 40, 50), (500, 250, 250),
                                         (2000, 30, 700), (10000, 6000, 9000), (60, 60, 10),
                                         (60, 0, 10), (1, 1, 1), (5800, 2880, 2900)]:
        low = max(0, draws - (population - successes))
        high = min(successes, draws)
        ks = sorted({low, high, (low + high) // 2, low + (high - low) // 5, high - (high - low) // 7,
                     low - 1, high + 1})
        for k in ks:
            cases.append({"k": k, "population": population, "successes": successes, "draws": draws,
                          "pmf": float(st.hypergeom.pmf(k, population, successes, draws)),
                          "cdf": float(st.hypergeom.cdf(k, population, successes, draws)),
                          "sf": float(st.hypergeom.sf(k, population, successes, draws))})
    return cases


def main() -> None:
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, pandas {pd.__version__}, "
          f"evidently {evidently.version}, nannyml {nannyml.__version__}")
    write_fixture(FIXTURE, GENERATOR, {
        "anchors": {"evidently": evidently.version, "nannyml": nannyml.__version__,
                    "pandas": pd.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "samples": sample_cases(),
        "vectors": vector_cases(),
        "powerDivergence": power_divergence_cases(),
        "fisherExact": fisher_cases(),
        "hypergeometric": hypergeometric_cases(),
    })


if __name__ == "__main__":
    main()
