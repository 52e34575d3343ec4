"""Golden cases for packages/monitor/src/drift/samples (sample-based drift tests).

Every expected value comes from the real peers: scipy.stats (ks_2samp, wasserstein_distance,
energy_distance, anderson_ksamp, cramervonmises_2samp, mannwhitneyu, ttest_ind,
epps_singleton_2samp) and Evidently's legacy stattest functions (the `ks`, `wasserstein`,
`ed`, `anderson`, `cramer_von_mises`, `mannw`, `t_test`, `empirical_mmd`, `es` drift tests
with their default thresholds). Inputs are seeded numpy data chosen to reach each branch:
sizes from 1 to a few thousand, exact and asymptotic p-values (and scipy's fallbacks),
ties, constant samples, shifts, heavy tails, and NaN/±Infinity (which Evidently drops
before testing, so the scipy values for those inputs are computed on the cleaned samples).

Large inputs are stored as a formula instead of a list, to keep the JSON small:
{"modular": {"count", "multiplier", "modulus", "scale"}} means
x_k = ((multiplier * k) mod modulus) / scale for k = 1..count, exact in float64 in both
Python and JavaScript.

Evidently's `empirical_mmd` permutes with numpy's unseeded global generator. To compare
p-values exactly, the generator patches `numpy.random.permutation` with
`numpy.random.Generator(numpy.random.SFC64(seed)).permutation`, which `createRng(seed)`
reproduces bit for bit in @dagnostics/core.

Evidently 0.7.23's top-level `import evidently` fails with pandas 3 (it imports a helper
pandas removed), so the stattest modules are loaded without running the package's
__init__; they themselves import fine.

Run from the repository root:
  bash scripts/test-env/ensure-venv.sh golden
  .venv-golden/bin/python scripts/python/golden/gen_monitor_samples.py
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
import types
import warnings
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import scipy
import scipy.stats as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_monitor_samples.py"
FIXTURE = "packages/monitor/src/drift/__fixtures__/samples.json"
INF = math.inf
NAN = math.nan

rng = np.random.default_rng(20250611)


def load_evidently_stattests() -> dict[str, types.ModuleType]:
    spec = importlib.util.find_spec("evidently")
    if spec is None or spec.submodule_search_locations is None:
        raise SystemExit("evidently is not installed; run scripts/test-env/ensure-venv.sh golden")
    package = types.ModuleType("evidently")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault("evidently", package)
    base = "evidently.legacy.calculations.stattests."
    names = [
        "ks_stattest", "wasserstein_distance_norm", "energy_distance", "anderson_darling_stattest",
        "cramer_von_mises_stattest", "mann_whitney_urank_stattest", "t_test", "mmd_stattest",
        "epps_singleton_stattest",
    ]
    return {name: importlib.import_module(base + name) for name in names}


# --------------------------------------------------------------------------------------
# Data sets
# --------------------------------------------------------------------------------------


def modular(count: int, multiplier: int, modulus: int, scale: float) -> dict:
    spec = {"count": count, "multiplier": multiplier, "modulus": modulus, "scale": scale}
    return {"modular": spec}


def materialize(spec: dict) -> np.ndarray:
    if "values" in spec:
        return np.array(spec["values"], dtype=np.float64)
    m = spec["modular"]
    k = np.arange(1, m["count"] + 1, dtype=np.int64)
    return ((m["multiplier"] * k) % m["modulus"]).astype(np.float64) / m["scale"]


def clean(x: np.ndarray) -> np.ndarray:
    return x[np.isfinite(x)]


def values(array) -> dict:
    return {"values": [float(v) for v in array]}


def datasets() -> dict[str, dict]:
    normal = rng.normal
    sets: dict[str, dict] = {
        "single-a": values([0.7]),
        "single-b": values([2.5]),
        "two": values([1.0, 3.0]),
        "three": values([0.5, 2.0, 4.0]),
        "small-a": values(normal(0, 1, 5)),
        "small-b": values(normal(0.5, 1, 7)),
        "eight-a": values(normal(0, 1, 8)),
        "eight-b": values(normal(1, 1, 8)),
        "three-b": values(normal(0.2, 1, 3)),
        "twenty-a": values(normal(0, 1, 20)),
        "nineteen-b": values(normal(0.4, 1.5, 19)),
        "normal-200": values(normal(0, 1, 200)),
        "normal-150-shifted": values(normal(0.3, 1, 150)),
        "normal-230": values(normal(0, 1, 230)),
        "ties-300": values(np.round(normal(0, 1, 300) * 2) / 2),
        "ties-250": values(np.round(normal(0.2, 1, 250) * 2) / 2),
        "int-small-a": values(rng.integers(0, 5, 40).astype(float)),
        "int-small-b": values(rng.integers(1, 5, 35).astype(float)),
        "int-ties-6": values([1.0, 2.0, 2.0, 3.0, 5.0, 5.0]),
        "int-ties-7": values([2.0, 2.0, 3.0, 4.0, 4.0, 4.0, 6.0]),
        "constant-10": values([3.0] * 10),
        "constant-12": values([3.0] * 12),
        "constant-other-7": values([4.0] * 7),
        "heavy-500": values(rng.standard_t(1.5, 500)),
        "heavy-400": values(rng.standard_t(1.5, 400) * 1.3),
        "lognormal-1000": values(rng.lognormal(0, 1, 1000)),
        "lognormal-1200": values(rng.lognormal(0.1, 1.2, 1200)),
        "uniform-3000": values(rng.uniform(0, 1, 3000)),
        "uniform-2500-shifted": values(rng.uniform(0.02, 1.02, 2500)),
        "equal-100-a": values(normal(0, 1, 100)),
        "equal-100-b": values(normal(0.35, 1, 100)),
        "far-a": values(normal(0, 1, 60)),
        "far-b": values(normal(6, 1, 45)),
        "offset-a": values(normal(1000, 1, 120)),
        "offset-b": values(normal(1000.2, 1, 90)),
        "nonfinite-a": values([1.5, NAN, 2.5, INF, 0.3, 4.0, -INF, 2.2, 3.1, 0.9]),
        "nonfinite-b": values([NAN, 2.0, 3.5, 4.5, 5.0, INF, 3.3, 4.1]),
        "modular-10001": modular(10_001, 7919, 1_000_003, 1_000_003.0),
        "modular-700": modular(700, 104_729, 999_983, 999_983.0),
        "modular-46349": modular(46_349, 7919, 1_000_003, 1_000_003.0),
        "modular-46351": modular(46_351, 104_729, 999_983, 1_010_000.0),
    }
    return sets


# Pairs (reference, current) run through every two-sample function.
PAIRS = [
    ("single-a", "single-b"),
    ("single-a", "three"),
    ("two", "three"),
    ("small-a", "small-b"),
    ("eight-a", "eight-b"),
    ("eight-a", "three-b"),
    ("twenty-a", "nineteen-b"),
    ("normal-200", "normal-150-shifted"),
    ("normal-200", "normal-230"),
    ("ties-300", "ties-250"),
    ("int-small-a", "int-small-b"),
    ("int-ties-6", "int-ties-7"),
    ("constant-10", "constant-12"),
    ("constant-10", "constant-other-7"),
    ("heavy-500", "heavy-400"),
    ("lognormal-1000", "lognormal-1200"),
    ("uniform-3000", "uniform-2500-shifted"),
    ("equal-100-a", "equal-100-b"),
    ("far-a", "far-b"),
    ("offset-a", "offset-b"),
    ("nonfinite-a", "nonfinite-b"),
    ("modular-700", "modular-10001"),
]


# What the peers raise for inputs they reject (recorded as the expected outcome).
PEER_ERRORS = (ValueError, ZeroDivisionError, IndexError, TypeError, np.linalg.LinAlgError)


def run(function, *args, **kwargs) -> tuple[object, list[str]]:
    """Calls a peer function; returns (result or {"error": message}, warning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="ignore"):
            try:
                result = function(*args, **kwargs)
            except PEER_ERRORS as error:
                result = {"error": f"{type(error).__name__}: {error}"}
    return result, [str(w.message) for w in caught]


# --------------------------------------------------------------------------------------
# scipy
# --------------------------------------------------------------------------------------


def ks_cases(sets) -> list[dict]:
    cases = []
    for reference, current in PAIRS + [("modular-10001", "modular-700"), ("single-a", "two")]:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        for alternative in ["two-sided", "less", "greater"]:
            for method in ["auto", "exact", "asymp"]:
                if method == "exact" and min(x.size, y.size) > 3000 and alternative != "two-sided":
                    continue  # scipy's one-sided path count is quadratic in Python
                result, messages = run(st.ks_2samp, x, y, alternative=alternative, method=method)
                case = {"reference": reference, "current": current, "alternative": alternative,
                        "method": method}
                if isinstance(result, dict):
                    case.update(result)
                else:
                    fell_back = any("Switching" in m or "unsuccessful" in m for m in messages)
                    if method == "asymp" or fell_back or (
                        method == "auto" and max(x.size, y.size) > 10_000
                    ):
                        used = "asymp"
                    else:
                        used = "exact"
                    case.update({
                        "statistic": float(result.statistic),
                        "pValue": float(result.pvalue),
                        "statisticLocation": float(result.statistic_location),
                        "statisticSign": int(result.statistic_sign),
                        "methodUsed": used,
                    })
                cases.append(case)
    # Explicit 'exact' with lcm(n1, n2) beyond int32: scipy switches to 'asymp'.
    x, y = materialize(sets["modular-46349"]), materialize(sets["modular-46351"])
    result, _ = run(st.ks_2samp, x, y, method="exact")
    cases.append({"reference": "modular-46349", "current": "modular-46351",
                  "alternative": "two-sided", "method": "exact",
                  "statistic": float(result.statistic), "pValue": float(result.pvalue),
                  "statisticLocation": float(result.statistic_location),
                  "statisticSign": int(result.statistic_sign), "methodUsed": "asymp"})
    return cases


def distance_cases(sets) -> dict:
    wasserstein, energy, weighted = [], [], []
    for reference, current in PAIRS:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        wasserstein.append({"reference": reference, "current": current,
                            "expected": float(st.wasserstein_distance(x, y))})
        energy.append({"reference": reference, "current": current,
                       "expected": float(st.energy_distance(x, y))})
    for reference, current in [("small-a", "small-b"), ("ties-300", "ties-250"),
                               ("int-ties-6", "int-ties-7"), ("heavy-500", "heavy-400")]:
        x, y = materialize(sets[reference]), materialize(sets[current])
        u_weights = rng.uniform(0, 3, x.size)
        v_weights = rng.integers(0, 4, y.size).astype(float)
        v_weights[0] = 1.0
        for uw, vw in [(u_weights, None), (None, v_weights), (u_weights, v_weights)]:
            weighted.append({
                "reference": reference, "current": current,
                "referenceWeights": None if uw is None else [float(w) for w in uw],
                "currentWeights": None if vw is None else [float(w) for w in vw],
                "wasserstein": float(st.wasserstein_distance(x, y, uw, vw)),
                "energy": float(st.energy_distance(x, y, uw, vw)),
            })
    return {"wasserstein": wasserstein, "energy": energy, "weighted": weighted}


def anderson_cases(sets) -> list[dict]:
    groups = [[a, b] for a, b in PAIRS] + [
        ["small-a", "small-b", "eight-a"],
        ["normal-200", "normal-150-shifted", "normal-230"],
        ["ties-300", "ties-250", "int-small-a", "int-small-b"],
        ["single-a", "two"],
        ["single-a", "single-b"],
    ]
    cases = []
    for names in groups:
        samples = [clean(materialize(sets[name])) for name in names]
        for variant in ["midrank", "right", "continuous"]:
            result, messages = run(st.anderson_ksamp, samples, variant=variant)
            case = {"samples": names, "variant": variant}
            if isinstance(result, dict):
                case.update(result)
            else:
                limit = None
                if any("capped" in m for m in messages):
                    limit = "capped"
                elif any("floored" in m for m in messages):
                    limit = "floored"
                case.update({"statistic": float(result.statistic),
                             "pValue": float(result.pvalue), "pValueLimit": limit})
                if variant == "midrank":
                    # The legacy call (midrank=True) that Evidently makes also returns the
                    # critical values.
                    legacy, _ = run(st.anderson_ksamp, samples)
                    case["criticalValues"] = [float(c) for c in legacy.critical_values]
                    assert np.array_equal(legacy.statistic, case["statistic"], equal_nan=True)
            cases.append(case)
    return cases


def cramer_von_mises_cases(sets) -> list[dict]:
    cases = []
    for reference, current in PAIRS:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        methods = ["auto", "asymptotic"] + (["exact"] if max(x.size, y.size) <= 25 else [])
        for method in methods:
            result, _ = run(st.cramervonmises_2samp, x, y, method=method)
            case = {"reference": reference, "current": current, "method": method}
            if isinstance(result, dict):
                case.update(result)
            else:
                case.update({"statistic": float(result.statistic), "pValue": float(result.pvalue)})
            cases.append(case)
    return cases


def mann_whitney_cases(sets) -> list[dict]:
    cases = []
    for reference, current in PAIRS:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        methods = ["auto", "asymptotic"] + (["exact"] if min(x.size, y.size) <= 20 else [])
        for alternative in ["two-sided", "less", "greater"]:
            for method in methods:
                for continuity in [True, False]:
                    if method == "exact" and not continuity:
                        continue  # continuity only affects the normal approximation
                    result, _ = run(st.mannwhitneyu, x, y, use_continuity=continuity,
                                    alternative=alternative, method=method)
                    case = {"reference": reference, "current": current,
                            "alternative": alternative, "method": method,
                            "useContinuity": continuity}
                    if isinstance(result, dict):
                        case.update(result)
                    else:
                        case.update({"statistic": float(result.statistic),
                                     "pValue": float(result.pvalue)})
                    cases.append(case)
    # Exact distribution with one small and one larger sample (the counts pass 2**53).
    for small, large in [(3, 400), (8, 60), (5, 1500)]:
        x = rng.normal(0, 1, small)
        y = rng.normal(0.4, 1, large)
        for alternative in ["two-sided", "less"]:
            result = st.mannwhitneyu(x, y, alternative=alternative, method="exact")
            cases.append({"reference": values(x), "current": values(y),
                          "alternative": alternative, "method": "exact",
                          "useContinuity": True, "statistic": float(result.statistic),
                          "pValue": float(result.pvalue)})
    return cases


def t_test_cases(sets) -> list[dict]:
    cases = []
    for reference, current in PAIRS:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        result, _ = run(st.ttest_ind, x, y)
        case = {"reference": reference, "current": current}
        if isinstance(result, dict):
            case.update(result)
        else:
            case.update({"statistic": float(result.statistic), "pValue": float(result.pvalue),
                         "degreesOfFreedom": float(result.df)})
        cases.append(case)
    return cases


def epps_singleton_cases(sets) -> list[dict]:
    cases = []
    for reference, current in PAIRS:
        x, y = clean(materialize(sets[reference])), clean(materialize(sets[current]))
        for t in [(0.4, 0.8), (0.5, 1.0, 1.5)]:
            result, _ = run(st.epps_singleton_2samp, x, y, t=t)
            case = {"reference": reference, "current": current, "t": list(t)}
            if isinstance(result, dict):
                case.update(result)
            else:
                case.update({"statistic": float(result.statistic), "pValue": float(result.pvalue)})
            cases.append(case)
    return cases


# --------------------------------------------------------------------------------------
# Evidently
# --------------------------------------------------------------------------------------

EVIDENTLY_TESTS = {
    "ks": ("ks_stattest", "_ks_stat_test"),
    "wasserstein": ("wasserstein_distance_norm", "_wasserstein_distance_norm"),
    "ed": ("energy_distance", "_energy_dist"),
    "anderson": ("anderson_darling_stattest", "_anderson_darling"),
    "cramer_von_mises": ("cramer_von_mises_stattest", "_cramer_von_mises"),
    "mannw": ("mann_whitney_urank_stattest", "_mannwhitneyu_rank"),
    "t_test": ("t_test", "_t_test2samp"),
    "es": ("epps_singleton_stattest", "_epps_singleton"),
}


def evidently_cases(sets, modules) -> dict:
    from evidently.legacy.core import ColumnType

    registry = {
        "ks": modules["ks_stattest"].ks_stat_test,
        "wasserstein": modules["wasserstein_distance_norm"].wasserstein_stat_test,
        "ed": modules["energy_distance"].energy_dist_test,
        "anderson": modules["anderson_darling_stattest"].anderson_darling_test,
        "cramer_von_mises": modules["cramer_von_mises_stattest"].cramer_von_mises,
        "mannw": modules["mann_whitney_urank_stattest"].mann_whitney_u_stat_test,
        "t_test": modules["t_test"].t_test,
        "empirical_mmd": modules["mmd_stattest"].empirical_mmd,
        "es": modules["epps_singleton_stattest"].epps_singleton_test,
    }
    tests = [{"name": name, "displayName": test.display_name,
              "defaultThreshold": float(test.default_threshold)} for name, test in registry.items()]
    cases = []
    for reference, current in PAIRS:
        x = pd.Series(clean(materialize(sets[reference])))
        y = pd.Series(clean(materialize(sets[current])))
        for name, (module, function) in EVIDENTLY_TESTS.items():
            threshold = registry[name].default_threshold
            implementation = getattr(modules[module], function)
            result, _ = run(implementation, x, y, ColumnType.Numerical, threshold)
            case = {"test": name, "reference": reference, "current": current,
                    "threshold": threshold}
            if isinstance(result, dict):
                case.update(result)
            else:
                case.update({"score": float(result[0]), "drift": bool(result[1])})
            cases.append(case)
    return {"tests": tests, "cases": cases}


def mmd_cases(sets, modules) -> list[dict]:
    mmd = modules["mmd_stattest"]
    cases = []
    pairs = [("normal-200", "normal-150-shifted", 7), ("normal-200", "normal-230", 11),
             ("ties-300", "ties-250", 3), ("heavy-500", "heavy-400", 5),
             ("far-a", "far-b", 0), ("offset-a", "offset-b", 19), ("twenty-a", "nineteen-b", 23),
             ("int-small-a", "int-small-b", 29), ("constant-10", "constant-12", 31)]
    for reference, current, seed in pairs:
        x = clean(materialize(sets[reference])).reshape(-1, 1)
        y = clean(materialize(sets[current])).reshape(-1, 1)
        generator = np.random.Generator(np.random.SFC64(seed))
        with mock.patch.object(np.random, "permutation", generator.permutation):
            p_value, statistic = mmd.mmd_pval(x, y)
        _, sigma = mmd.rbf(x, x, pass_sigma=None)
        cases.append({"reference": reference, "current": current, "seed": seed,
                      "permutations": 100, "statistic": float(statistic),
                      "pValue": float(p_value), "sigma": float(sigma)})
    return cases


def main() -> None:
    modules = load_evidently_stattests()
    from importlib.metadata import version

    peers = {"evidently": version("evidently"), "pandas": pd.__version__}
    print(f"numpy {np.__version__}, scipy {scipy.__version__}, {peers}")
    sets = datasets()
    cases = {"peerVersions": peers, "datasets": sets, "ks": ks_cases(sets)}
    cases.update(distance_cases(sets))
    cases["anderson"] = anderson_cases(sets)
    cases["cramerVonMises"] = cramer_von_mises_cases(sets)
    cases["mannWhitney"] = mann_whitney_cases(sets)
    cases["tTest"] = t_test_cases(sets)
    cases["eppsSingleton"] = epps_singleton_cases(sets)
    cases["evidently"] = evidently_cases(sets, modules)
    cases["mmd"] = mmd_cases(sets, modules)
    write_fixture(FIXTURE, GENERATOR, cases)
    for name, group in cases.items():
        print(f"  {name}: {len(group)}")


if __name__ == "__main__":
    main()
