"""Golden cases for packages/core/src/stats (numeric kernels matching scipy/numpy).

Every expected value comes from the real peers: scipy.special / scipy.stats for the special
functions and distributions, numpy for descriptive statistics, quantiles and histograms,
scipy.stats for skewness and ranks. Inputs are chosen to cover each algorithmic regime
(series vs continued fraction, each branch of scipy's kstwo method selection, every numpy
quantile method and bin estimator) plus edge cases: n = 1, ties, NaN, infinities, huge
and tiny arguments, far tails.

A few inputs are left out on purpose because the peer itself is inaccurate there, so no
independent implementation can agree with it to 1e-12:
- gammaln within about 1e-2 of its zeros at 1 and 2 (cephes' lgam is accurate only in
  absolute terms there; its relative error reaches 1e-6 next to 1);
- probabilities that are subnormal (below 1e-300), where double precision itself has
  fewer than 15 significant digits.

Run from the repository root: .venv/bin/python scripts/python/golden/gen_core_stats.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.special as sc
import scipy.stats as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_core_stats.py"
FIXTURES = "packages/core/src/stats/__fixtures__"
INF = math.inf
NAN = math.nan

rng = np.random.default_rng(20240601)


def f(value) -> float:
    return float(value)


def usable(value: float) -> bool:
    """Excludes subnormal results (see the module docstring); 0, 1, NaN and ±inf are kept."""
    return not (0 < abs(value) < 1e-300)


def scalar_cases(function, argument_tuples) -> list[dict]:
    cases = []
    for arguments in argument_tuples:
        expected = f(function(*arguments))
        if usable(expected):
            cases.append({"args": [f(a) for a in arguments], "expected": expected})
    return cases


# --------------------------------------------------------------------------------------
# Special functions
# --------------------------------------------------------------------------------------


def special_functions() -> dict:
    normal_points = [
        -INF, -38.4, -38, -37.5, -30, -20, -10, -8.3, -5, -3, -1.5, -1.4142135623730951,
        -1, -0.5, -1e-3, -1e-12, -0.0, 0.0, 1e-300, 1e-9, 0.3, 0.7, 1, 1.96, 2.5, 3, 5,
        8, 10, 20, 30, 37.5, 38.4, INF, NAN,
    ]
    normal_points += [f(x) for x in rng.uniform(-12, 12, 12)]
    probabilities = [
        0, 5e-324, 1e-320, 1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-6, 1e-3, 0.01,
        0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.45, 0.49, 0.5 - 1e-9, 0.5, 0.5 + 1e-12,
        0.51, 0.6, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10,
        1 - 2**-52, 1, -0.1, 1.1, NAN,
    ]
    log_gamma_points = [
        1e-300, 1e-100, 1e-10, 1e-5, 0.01, 0.1, 0.3, 0.5, 0.75, 0.9, 1.25, 1.5, 1.75,
        2.5, 3, 3.7, 5, 7.5, 9.99, 10, 10.5, 20, 50, 100, 171.6, 1000, 1e5, 1e10, 1e50,
        1e100, 1e300, 2.6e305, INF, -INF, NAN, 0, -0.0, -1, -2, -100, -0.5, -1.5, -2.7,
        -10.3, -100.5, 1, 2, 0.98, 1.02, 1.98, 2.02,
    ]
    gamma_pairs = [
        (0.5, 0.1), (0.5, 2), (1, 1), (1, 30), (2.5, 0.5), (2.5, 5), (3, 700), (5, 1e-3),
        (5, 20), (9.5, 9.5), (10, 5), (10, 25), (12, 12), (25, 1e-9), (50, 30), (50, 75),
        (100, 100), (100, 140), (100, 60), (1000, 1000), (1000, 1100), (1000, 850),
        (1e4, 1e4), (1e4, 1.05e4), (1e5, 1e5 + 300), (1e-3, 0.5), (1e-3, 1.05), (0.01, 0.02),
        (0.2, 1.5), (0.9, 0.8), (0.05, 1e-5), (3.5, 0.0), (0.0, 1.0), (1.0, INF),
        (INF, 1.0), (-1.0, 1.0), (1.0, -1.0), (NAN, 1.0), (2.0, NAN), (0.0, 0.0),
    ]
    for _ in range(10):
        a = f(10 ** rng.uniform(-1, 3))
        gamma_pairs.append((a, f(a * 10 ** rng.uniform(-0.7, 0.5))))
    beta_triples = [
        (0.5, 0.5, 0.3), (0.5, 0.5, 1e-10), (1, 1, 0.42), (2, 3, 0.4), (2, 3, 0.999),
        (5, 0.5, 0.9), (0.5, 5, 0.9), (0.5, 50, 1e-4), (10, 10, 0.5), (10, 20, 0.05),
        (30, 30, 0.45), (100, 200, 0.3), (100, 200, 0.2), (1000, 1000, 0.52),
        (1e4, 1e4, 0.505), (1e4, 0.5, 0.9997), (0.5, 1e4, 3e-4), (5000, 0.5, 0.99),
        (0.2, 0.3, 0.5), (0.05, 2, 0.01), (3, 0.05, 0.995), (50, 60, 1e-6), (2, 5, 1e-200),
        (7, 3, 1.0), (7, 3, 0.0), (0.0, 2.0, 0.5), (2.0, 0.0, 0.5), (INF, 2.0, 0.5),
        (2.0, INF, 0.5), (0.0, 0.0, 0.5), (-1.0, 2.0, 0.5), (2.0, 3.0, 1.5), (2.0, 3.0, NAN),
    ]
    for _ in range(10):
        a = f(10 ** rng.uniform(-1, 3))
        b = f(10 ** rng.uniform(-1, 3))
        beta_triples.append((a, b, f(rng.uniform(0.01, 0.99))))
    return {
        "normalCdf": scalar_cases(sc.ndtr, [(x,) for x in normal_points]),
        "normalSf": scalar_cases(st.norm.sf, [(x,) for x in normal_points]),
        "normalPpf": scalar_cases(sc.ndtri, [(p,) for p in probabilities]),
        "logGamma": scalar_cases(
            sc.gammaln,
            [(x,) for x in log_gamma_points if not (0.99 < x < 1.01 or 1.99 < x < 2.01)]
            + [(1.0,), (2.0,)],
        ),
        "regularizedGammaP": scalar_cases(sc.gammainc, gamma_pairs),
        "regularizedGammaQ": scalar_cases(sc.gammaincc, gamma_pairs),
        "regularizedBeta": scalar_cases(sc.betainc, beta_triples),
        "regularizedBetaComplement": scalar_cases(sc.betaincc, beta_triples),
    }


# --------------------------------------------------------------------------------------
# Distributions
# --------------------------------------------------------------------------------------


def distributions() -> dict:
    chi2_pairs = [
        (0.0, 2), (-1.0, 2), (0.5, 1), (3.84, 1), (1e-8, 1), (10, 3), (50, 3), (200, 3),
        (1000, 10), (5.5, 7.5), (99, 100), (130, 100), (70, 100), (1e4, 1e4), (1.1e4, 1e4),
        (9.5e4, 1e5), (1.5e3, 1e3), (INF, 5), (3.0, INF), (NAN, 3), (3.0, 0.0), (3.0, -1.0),
        (0.01, 0.1),
    ]
    t_pairs = [
        (0.0, 5), (1.0, 1), (-1.0, 1), (2.0, 2), (-3.5, 2.5), (1.96, 30), (-1.96, 30),
        (10, 3), (-40, 3), (1e3, 1), (1e10, 5), (-1e150, 4), (1e200, 7), (0.5, 1e6),
        (-5.5, 1e6), (2.0, 1e300), (1.0, INF), (-8.0, INF), (INF, 3), (-INF, 3), (NAN, 3),
        (1.0, 0.0), (1.0, -2.0), (0.1, 0.3), (-0.01, 1e-3),
    ]
    f_triples = [
        (0.0, 3, 4), (-1.0, 3, 4), (1.0, 3, 4), (0.5, 1, 1), (5.0, 2, 10), (50.0, 5, 5),
        (1e-6, 3, 20), (3.0, 10, 1e4), (1.05, 1e4, 1e4), (0.95, 1e3, 2e3), (200.0, 4, 40),
        (1e6, 2, 2), (2.5, 0.5, 7), (INF, 3, 4), (1.0, INF, 4), (1.0, 3, INF), (NAN, 3, 4),
        (1.0, 0.0, 4), (1.0, 3, -4),
    ]
    beta_triples = [
        (0.3, 2, 3), (-0.5, 2, 3), (0.0, 2, 3), (1.0, 2, 3), (1.5, 2, 3), (0.999, 0.5, 0.5),
        (1e-12, 0.5, 0.5), (0.02, 1, 50), (0.97, 40, 2), (0.5, 1e3, 1e3), (0.45, 1e3, 1e3),
        (0.5, INF, 3), (NAN, 2, 3), (0.5, 0.0, 3), (0.5, -1.0, 3),
    ]
    for _ in range(6):
        df = f(10 ** rng.uniform(-0.5, 3))
        chi2_pairs.append((f(df * 10 ** rng.uniform(-0.5, 0.5)), df))
        t_pairs.append((f(rng.normal(0, 4)), df))
        f_triples.append((f(10 ** rng.uniform(-1, 1)), df, f(10 ** rng.uniform(0, 3))))
        beta_triples.append((f(rng.uniform(0, 1)), f(10 ** rng.uniform(-1, 2)), df))
    return {
        "chiSquaredCdf": scalar_cases(st.chi2.cdf, chi2_pairs),
        "chiSquaredSf": scalar_cases(st.chi2.sf, chi2_pairs),
        "studentTCdf": scalar_cases(st.t.cdf, t_pairs),
        "studentTSf": scalar_cases(st.t.sf, t_pairs),
        "fDistributionCdf": scalar_cases(st.f.cdf, f_triples),
        "fDistributionSf": scalar_cases(st.f.sf, f_triples),
        "betaCdf": scalar_cases(st.beta.cdf, beta_triples),
        "betaSf": scalar_cases(st.beta.sf, beta_triples),
    }


# --------------------------------------------------------------------------------------
# Kolmogorov distributions
# --------------------------------------------------------------------------------------


def kolmogorov() -> dict:
    points = [
        -1.0, 0.0, 0.02, 0.0406, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.82, 0.8200001, 0.9,
        1.0, 1.2, 1.36, 1.63, 2.0, 3.0, 5.0, 10.0, 19.0, 30.0, INF, NAN,
    ]
    # (d, n) pairs covering every branch of scipy's _kolmogn (comment = regime).
    pairs: list[tuple[float, float]] = [
        (0.04, 10), (0.05, 10), (0.07, 10),  # d ≤ 1/(2n) and Ruben–Gambino t ≤ 1
        (0.99, 10), (0.95, 10), (0.91, 10),  # t ≥ n − 1
        (0.5, 10), (0.6, 7), (0.75, 20), (0.55, 140),  # d ≥ 0.5: 2 × Smirnov
        (0.1, 20), (0.15, 30), (0.12, 50), (0.06, 140), (0.03, 140),  # Durbin (n ≤ 140)
        (0.2, 20), (0.25, 30), (0.3, 40), (0.12, 140), (0.16, 140),  # Pomeranz
        (0.45, 30), (0.35, 60), (0.3, 100), (0.2, 140),  # n·d² > 4: Smirnov
        (0.008, 200), (0.6 / 141, 141), (0.999 / 1000, 1000),  # t ≤ 1 for n > 140
        (0.05, 500), (0.03, 1000), (0.01, 10_000), (0.005, 50_000),  # Durbin n > 140
        (0.07, 500), (0.045, 1000), (0.015, 10_000), (0.003, 200_000),  # Pelz–Good
        (0.1, 500), (0.06, 1000), (0.02, 10_000), (0.2, 1000),  # SF by Smirnov (n·d² ≥ 2.2)
        (0.3, 5000), (0.7, 3000), (0.15, 1000),  # far tails; n·d² ≥ 18 gives CDF 1
        (0.0015, 1_500_000), (0.002, 2_000_000),  # beyond the exact Smirnov sum
        (0.2, 1), (0.5, 1), (0.7, 1), (0.3, 2), (0.6, 2),  # tiny n
        (0.0, 5), (1.0, 5), (1.5, 5), (-0.2, 5), (NAN, 5), (0.3, 2.5), (0.3, 0.0), (0.3, -3.0),
    ]
    for _ in range(12):
        n = int(rng.integers(2, 3000))
        pairs.append((f(min(rng.uniform(0.3, 3.5) / math.sqrt(n), 0.999)), float(n)))
    kstwo_cdf = scalar_cases(st.kstwo.cdf, pairs)
    kstwo_sf = scalar_cases(st.kstwo.sf, pairs)
    return {
        "kolmogorovSf": scalar_cases(sc.kolmogorov, [(x,) for x in points]),
        "kolmogorovCdf": scalar_cases(st.kstwobign.cdf, [(x,) for x in points if x == x]),
        "kstwoCdf": kstwo_cdf,
        "kstwoSf": kstwo_sf,
    }


# --------------------------------------------------------------------------------------
# Data sets for the array kernels
# --------------------------------------------------------------------------------------


def datasets() -> dict[str, dict]:
    """name -> {"values": list, "dtype": "float64" | "int32"}."""
    sets = {
        "single": [3.5],
        "pair": [2.0, -1.0],
        "small": [4.0, 1.0, 3.0, 2.0, 5.0],
        "ties": [2.0, 1.0, 2.0, 3.0, 1.0, 2.0, 5.0, 2.0],
        "constant": [7.25] * 9,
        "normal": rng.normal(10, 3, 257).tolist(),
        "lognormal": rng.lognormal(0, 1.2, 1000).tolist(),
        "uniform-large": rng.uniform(-1e6, 1e6, 5003).tolist(),
        "tiny-scale": (rng.normal(0, 1, 101) * 1e-200).tolist(),
        "huge-scale": (rng.normal(0, 1, 64) * 1e200).tolist(),
        "skewed-ties": np.round(rng.exponential(2.0, 700), 1).tolist(),
        "negative-zero": [-0.0, 0.0, 1.0, -1.0, -0.0],
    }
    result = {name: {"values": values, "dtype": "float64"} for name, values in sets.items()}
    result["int32"] = {"values": rng.integers(-50, 50, 301).tolist(), "dtype": "int32"}
    result["int32-narrow"] = {"values": rng.integers(0, 4, 200).tolist(), "dtype": "int32"}
    return result


def as_array(spec: dict) -> np.ndarray:
    return np.array(spec["values"], dtype=np.int32 if spec["dtype"] == "int32" else np.float64)


SPECIAL_SETS = {
    "with-nan": [1.0, NAN, 3.0],
    "with-inf": [1.0, INF, 3.0, 4.0],
    "with-both-inf": [-INF, 1.0, 2.0, INF],
}


# --------------------------------------------------------------------------------------
# Descriptive statistics
# --------------------------------------------------------------------------------------


def descriptive(sets: dict[str, dict]) -> list[dict]:
    cases = []
    all_sets = dict(sets)
    for name, values in SPECIAL_SETS.items():
        all_sets[name] = {"values": values, "dtype": "float64"}
    for name, spec in all_sets.items():
        x = as_array(spec)
        with np.errstate(all="ignore"):
            case = {
                "name": name,
                "dtype": spec["dtype"],
                "values": spec["values"],
                "mean": f(np.mean(x)),
                "variance": f(np.var(x)),
                "varianceDdof1": f(np.var(x, ddof=1)) if x.size > 1 else None,
                "standardDeviation": f(np.std(x)),
                "standardDeviationDdof1": f(np.std(x, ddof=1)) if x.size > 1 else None,
            }
            skew = f(st.skew(x))
        # Symmetric data has a skewness that is rounding noise around 0; leave it out.
        case["skewness"] = skew if (math.isnan(skew) or abs(skew) > 1e-6) else None
        cases.append(case)
    return cases


# --------------------------------------------------------------------------------------
# Quantiles
# --------------------------------------------------------------------------------------

QUANTILE_METHODS = [
    "inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf",
    "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher",
    "nearest", "midpoint",
]
QS = [0.0, 0.001, 0.01, 0.05, 0.1, 0.25, 1 / 3, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0]


def quantile_cases(sets: dict[str, dict]) -> list[dict]:
    cases = []
    for name in ["single", "pair", "small", "ties", "constant", "normal", "lognormal",
                 "uniform-large", "skewed-ties", "int32", "negative-zero"]:
        spec = sets[name]
        x = as_array(spec)
        for method in QUANTILE_METHODS:
            cases.append({
                "name": name, "dtype": spec["dtype"], "values": spec["values"], "method": method,
                "qs": QS, "expected": [f(v) for v in np.quantile(x, QS, method=method)],
            })
    for name, values in SPECIAL_SETS.items():
        x = np.array(values)
        with np.errstate(all="ignore"):
            for method in ["linear", "lower", "hazen", "midpoint"]:
                cases.append({
                    "name": name, "dtype": "float64", "values": values, "method": method,
                    "qs": QS, "expected": [f(v) for v in np.quantile(x, QS, method=method)],
                })
    return cases


# --------------------------------------------------------------------------------------
# Histograms
# --------------------------------------------------------------------------------------

ESTIMATORS = ["auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"]


def edges_case(name, spec, bins, range_=None) -> dict:
    x = as_array(spec)
    case = {"name": name, "dtype": spec["dtype"], "values": spec["values"], "bins": bins,
            "range": None if range_ is None else [f(range_[0]), f(range_[1])]}
    try:
        with np.errstate(all="ignore"):
            import warnings
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                edges = np.histogram_bin_edges(x, bins=bins, range=range_)
        case["expected"] = [f(e) for e in edges]
        case["counts"] = [int(c) for c in np.histogram(x, bins=edges)[0]]
    except ValueError as error:
        case["error"] = str(error)
    return case


def histogram_cases(sets: dict[str, dict]) -> dict:
    edges = []
    for name in ["single", "pair", "small", "ties", "constant", "normal", "lognormal",
                 "uniform-large", "skewed-ties", "int32", "int32-narrow", "tiny-scale"]:
        spec = sets[name]
        for bins in ESTIMATORS + [1, 7, 50]:
            if bins == "stone" and name == "uniform-large":
                continue
            edges.append(edges_case(name, spec, bins))
    normal = sets["normal"]
    for bins in ["auto", "fd", "doane", "sturges", "stone", 5]:
        edges.append(edges_case("normal", normal, bins, (8.0, 12.0)))
        edges.append(edges_case("normal", normal, bins, (100.0, 200.0)))
    edges.append(edges_case("int32", sets["int32"], "sturges", (-10, 10)))
    empty = {"values": [], "dtype": "float64"}
    edges.append(edges_case("empty", empty, "auto"))
    edges.append(edges_case("empty", empty, 4))
    for name, values in SPECIAL_SETS.items():
        spec = {"values": values, "dtype": "float64"}
        edges.append(edges_case(name, spec, "auto"))
        edges.append(edges_case(name, spec, 10))
        edges.append(edges_case(name, spec, "sturges", (0.0, 5.0)))
    edges.append(edges_case("tiny-range", {"values": [1.0, 1.0 + 2**-52], "dtype": "float64"}, 10))

    counts = []
    explicit = [
        ("uniform", [0.0, 0.25, 0.5, 0.75, 1.0], [0.0, 0.1, 0.25, 0.5, 0.5, 0.99, 1.0, 1.0, -0.1, 1.1]),
        ("uneven", [-1.0, 0.0, 0.1, 10.0], sets["normal"]["values"][:60]),
        ("repeated-edges", [0.0, 1.0, 1.0, 2.0, 2.0], [0.0, 0.5, 1.0, 1.0, 1.5, 2.0, 2.0, 3.0]),
        ("infinite-edges", [-INF, 0.0, INF], [-INF, -1.0, 0.0, 1.0, INF, NAN]),
        ("nan-data", [0.0, 1.0, 2.0], [NAN, 0.5, 1.5, NAN, 2.0]),
        ("single-edge", [1.0], [0.0, 1.0, 2.0]),
        ("one-bin", [3.0, 3.0], [2.0, 3.0, 3.0, 4.0]),
    ]
    for name, bin_edges, values in explicit:
        counts.append({"name": name, "edges": bin_edges, "values": values,
                       "expected": [int(c) for c in np.histogram(np.array(values), bins=np.array(bin_edges))[0]]})
    return {"edges": edges, "counts": counts}


# --------------------------------------------------------------------------------------
# Ranks
# --------------------------------------------------------------------------------------


def rank_cases(sets: dict[str, dict]) -> list[dict]:
    cases = []
    chosen = {name: sets[name]["values"] for name in ["single", "pair", "small", "ties", "constant",
                                                       "normal", "skewed-ties", "int32-narrow",
                                                       "negative-zero"]}
    chosen.update({"with-nan": SPECIAL_SETS["with-nan"], "with-both-inf": SPECIAL_SETS["with-both-inf"],
                   "empty": []})
    for name, values in chosen.items():
        for method in ["average", "min", "max", "dense", "ordinal"]:
            ranks = st.rankdata(np.array(values, dtype=np.float64), method=method)
            cases.append({"name": name, "values": values, "method": method,
                          "expected": [f(r) for r in ranks]})
    return cases


def main() -> None:
    print(f"numpy {np.__version__}, scipy {scipy.__version__}")
    sets = datasets()
    groups = {
        "special-functions.json": special_functions(),
        "distributions.json": distributions(),
        "kolmogorov.json": kolmogorov(),
        "descriptive.json": descriptive(sets),
        "quantile.json": quantile_cases(sets),
        "histogram.json": histogram_cases(sets),
        "rank.json": rank_cases(sets),
    }
    total = 0
    for file_name, cases in groups.items():
        count = len(cases) if isinstance(cases, list) else sum(len(g) for g in cases.values())
        total += count
        write_fixture(f"{FIXTURES}/{file_name}", GENERATOR, cases)
        print(f"  {count} cases")
    print(f"total: {total} golden cases")


if __name__ == "__main__":
    main()
