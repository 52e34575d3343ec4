"""Golden cases for packages/monitor/src/detectors (concept-drift detectors matching river).

Runs river's own detectors (ADWIN, DDM, EDDM, PageHinkley, KSWIN, HDDMA, HDDMW) on seeded
streams and records, for every case: the input stream, the indices after whose update
`drift_detected` / `warning_detected` were true, and the detector's state at checkpoints.
Streams cover abrupt and gradual mean shifts, Bernoulli error streams with a rising error
rate, long stationary streams, constant and large-offset streams, river's own doctest
streams, and several non-default parameter sets.

State is read from river's public properties where it has them (ADWIN's width, total,
variance, estimation, n_detections; KSWIN's n and p_value) and otherwise from its private
attributes (DDM's running mean and minima, EDDM's distance statistics, PageHinkley's sums,
HDDM's cut points), under the names the TypeScript snapshots use. KSWIN's KS statistic is
not kept by river; it is captured by wrapping scipy.stats.ks_2samp inside river's module.

Streams of 0/1 are stored as strings of digits, others as space-separated `repr` floats,
which parse back to the same doubles. Warning indices are stored as [first, last] runs.
`pythonRandom` records CPython's `random.Random(seed).sample(range(n), k)` (the sampler
KSWIN uses) for a few seeds, so that port is checked on its own.

Run from the repository root: .venv-golden/bin/python scripts/python/golden/gen_monitor_detectors.py
"""

from __future__ import annotations

import math
import random
import sys
import types
from pathlib import Path

import numpy as np
import river
import river.drift.kswin as river_kswin
import scipy
from river import drift

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_monitor_detectors.py"
FIXTURE = "packages/monitor/src/detectors/__fixtures__/detectors.json"


# --------------------------------------------------------------------------------------
# Streams
# --------------------------------------------------------------------------------------


STREAMS: dict[str, str] = {}


class Stream(list):
    """A named input stream; the fixture stores each one once, under `streams[name]`."""

    def __init__(self, name: str, values) -> None:
        super().__init__(values)
        self.name = name


def rounded(values, digits: int = 4) -> list[float]:
    """Short decimals keep the fixture small; the rounded doubles are the actual input."""
    return [round(float(v), digits) for v in values]


def gaussian_segments(seed: int, segments: list[tuple[int, float, float]]) -> list[float]:
    rng = np.random.default_rng(seed)
    values: list[float] = []
    for length, mean, std in segments:
        values += rounded(rng.normal(mean, std, length))
    return values


def gradual_ramp(seed: int, before: int, ramp: int, after: int, start: float, end: float,
                 std: float) -> list[float]:
    rng = np.random.default_rng(seed)
    means = np.concatenate([
        np.full(before, start), np.linspace(start, end, ramp), np.full(after, end)])
    return rounded(means + rng.normal(0.0, std, means.size))


def bernoulli_segments(seed: int, segments: list[tuple[int, float]]) -> list[int]:
    rng = np.random.default_rng(seed)
    values: list[int] = []
    for length, rate in segments:
        values += [int(v) for v in rng.random(length) < rate]
    return values


def bernoulli_ramp(seed: int, before: int, ramp: int, after: int, start: float,
                   end: float) -> list[int]:
    rng = np.random.default_rng(seed)
    rates = np.concatenate([
        np.full(before, start), np.linspace(start, end, ramp), np.full(after, end)])
    return [int(v) for v in rng.random(rates.size) < rates]


def river_doctest_binary() -> list[int]:
    """The stream of river's DDM/EDDM/HDDM doctests."""
    rng = random.Random(42)
    return rng.choices([0, 1], k=1000) + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])


def river_doctest_shift() -> list[int]:
    """The stream of river's ADWIN/PageHinkley/KSWIN doctests."""
    rng = random.Random(12345)
    return rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)


def uniform(seed: int, length: int, low: float, high: float, digits: int = 4) -> list[float]:
    rng = np.random.default_rng(seed)
    return rounded(rng.uniform(low, high, length), digits)


# --------------------------------------------------------------------------------------
# State readers (TypeScript snapshot names)
# --------------------------------------------------------------------------------------


def none_if_infinite(value):
    return None if value is None or math.isinf(value) else float(value)


def adwin_state(detector) -> dict:
    return {
        "width": float(detector.width),
        "total": float(detector.total),
        "variance": float(detector.variance),
        "estimation": float(detector.estimation),
        "nDetections": int(detector.n_detections),
    }


def ddm_state(detector) -> dict:
    return {
        "n": float(detector._p.n),
        "errorRate": float(detector._p.get()),
        "minimumErrorRate": none_if_infinite(detector._p_min),
        "minimumStd": none_if_infinite(detector._s_min),
        "minimumSum": none_if_infinite(detector._ps_min),
    }


def eddm_state(detector) -> dict:
    distances = detector._error_distances
    return {
        "n": int(detector._n),
        "lastError": int(detector._last_error),
        "nErrors": int(detector._n_errors),
        "distanceCount": float(distances.n),
        "distanceMean": float(distances.mean.get()),
        "distanceSquaredDeviations": float(distances._S),
        "maximumMeanPlusTwoStd": float(detector._p2s_prime_max),
    }


def page_hinkley_state(detector) -> dict:
    return {
        "n": float(detector._x_mean.n),
        "mean": float(detector._x_mean.get()),
        "sumIncrease": float(detector._sum_increase),
        "sumDecrease": float(detector._sum_decrease),
        "minimumIncrease": none_if_infinite(detector._min_increase),
        "maximumDecrease": float(detector._max_decrease),
    }


KSWIN_STATISTICS: list[float] = []


class KswinState:
    """river keeps KSWIN's p-value until a reset but drops the statistic; track it the same way."""

    def __init__(self) -> None:
        self.statistic = 0.0
        self.calls = 0

    def before(self, detector) -> None:
        if detector.drift_detected:
            self.statistic = 0.0
        self.calls = len(KSWIN_STATISTICS)

    def __call__(self, detector) -> dict:
        if len(KSWIN_STATISTICS) > self.calls:
            self.statistic = KSWIN_STATISTICS[-1]
        return {
            "n": int(detector.n),
            "pValue": float(detector.p_value),
            "statistic": self.statistic,
            "windowLength": len(detector.window),
        }


def mean_state(mean) -> dict:
    return {"n": float(mean.n), "mean": float(mean.get())}


def hddm_a_state(detector) -> dict:
    return {
        "overall": mean_state(detector._z),
        "increaseCut": mean_state(detector._x_min),
        "decreaseCut": mean_state(detector._x_max),
    }


def sample_info_state(info) -> dict:
    return {"ewma": float(info.ewma), "ibc": float(info.ibc), "initialized": bool(info.is_init)}


def hddm_w_state(detector) -> dict:
    return {
        "overall": sample_info_state(detector._total),
        "increaseBefore": sample_info_state(detector._s1_incr),
        "increaseAfter": sample_info_state(detector._s2_incr),
        "decreaseBefore": sample_info_state(detector._s1_decr),
        "decreaseAfter": sample_info_state(detector._s2_decr),
        "increaseCutpoint": none_if_infinite(detector._incr_cutpoint),
        "decreaseCutpoint": none_if_infinite(detector._decr_cutpoint),
    }


# --------------------------------------------------------------------------------------
# Running a detector
# --------------------------------------------------------------------------------------


def capture_kswin_statistic() -> None:
    """KSWIN discards the KS statistic; wrap the ks_2samp river's module calls to keep it."""
    original = river_kswin.stats.ks_2samp

    def ks_2samp(*args, **kwargs):
        result = original(*args, **kwargs)
        KSWIN_STATISTICS.append(float(result[0]))
        return result

    river_kswin.stats = types.SimpleNamespace(ks_2samp=ks_2samp)


def checkpoint_indices(length: int, drifts: list[int], every: int) -> list[int]:
    chosen = set(range(every - 1, length, every))
    chosen.update({0, length - 1})
    for index in drifts:
        chosen.update({index - 1, index, index + 1})
    return sorted(i for i in chosen if 0 <= i < length)


def flatten(state: dict, prefix: str = "") -> dict:
    flat = {}
    for key, value in state.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def runs(indices: list[int]) -> list[list[int]]:
    """Sorted indices as [first, last] runs of consecutive values (warnings come in runs)."""
    result: list[list[int]] = []
    for index in indices:
        if result and result[-1][1] == index - 1:
            result[-1][1] = index
        else:
            result.append([index, index])
    return result


def encode_stream(stream: list) -> str:
    """0/1 streams as a string of digits; others as space-separated repr floats."""
    if all(isinstance(x, int) and x in (0, 1) for x in stream):
        return "".join(str(x) for x in stream)
    return " ".join(str(x) if isinstance(x, int) else repr(float(x)) for x in stream)


def register(stream: Stream) -> str:
    encoded = encode_stream(stream)
    if STREAMS.setdefault(stream.name, encoded) != encoded:
        raise SystemExit(f"two different streams are named {stream.name}")
    return stream.name


def run_case(name: str, factory, params: dict, state, stream: list, every: int = 0) -> dict:
    """Feeds `stream` to a fresh detector; records drift/warning indices and checkpoints.

    Checkpoints are columnar: `checkpoints[field][j]` is the state field after update
    `checkpoints["index"][j]`; nested state is flattened with dotted names.
    """
    detector = factory(**params)
    before = getattr(state, "before", None)
    drifts: list[int] = []
    warnings: list[int] = []
    states = []
    for index, x in enumerate(stream):
        if before is not None:
            before(detector)
        detector.update(x)
        if detector.drift_detected:
            drifts.append(index)
        if getattr(detector, "warning_detected", False):
            warnings.append(index)
        states.append({
            "drift": bool(detector.drift_detected),
            "warning": bool(getattr(detector, "warning_detected", False)),
            **flatten(state(detector)),
        })
    if len(drifts) > 200:
        raise SystemExit(f"{name}: {len(drifts)} drifts; pick a stream with fewer")
    chosen = checkpoint_indices(len(stream), drifts, every or max(1, len(stream) // 25))
    checkpoints = {"index": chosen}
    for field in states[0]:
        checkpoints[field] = [states[i][field] for i in chosen]
    return {
        "name": name,
        "params": params,
        "length": len(stream),
        "stream": register(stream),
        "drifts": drifts,
        "warningRuns": runs(warnings),
        "checkpoints": checkpoints,
    }


# --------------------------------------------------------------------------------------
# Cases per detector
# --------------------------------------------------------------------------------------


def shared_streams() -> dict[str, Stream]:
    """Streams more than one detector reads; each is stored once in the fixture."""
    normal = np.random.default_rng

    def gaussian(name, seed, segments):
        return Stream(name, gaussian_segments(seed, segments))

    return {
        "doctest-binary": Stream("doctest-binary", river_doctest_binary()),
        "doctest-shift": Stream("doctest-shift", river_doctest_shift()),
        "abrupt": gaussian("abrupt", 11, [(1500, 0.0, 1.0), (1500, 1.5, 1.0), (1500, -0.5, 1.0)]),
        "small-shift": gaussian("small-shift", 12, [(2000, 0.0, 1.0), (2000, 0.4, 1.0)]),
        "gradual": Stream("gradual", gradual_ramp(13, 1000, 2000, 1000, 0.0, 3.0, 1.0)),
        "stationary-long": Stream("stationary-long", rounded(normal(14).normal(5.0, 2.0, 20000), 2)),
        "large-offset": gaussian("large-offset", 15, [(1500, 1e6, 1.0), (1500, 1e6 + 2.0, 1.0)]),
        "constant-then-step": Stream("constant-then-step", [0.75] * 3000 + [1.25] * 300),
        "up-shift": gaussian("up-shift", 41, [(2000, 0.0, 1.0), (2000, 1.0, 1.0)]),
        "down-shift": gaussian("down-shift", 42, [(2000, 0.0, 1.0), (2000, -1.0, 1.0)]),
        "variance-shift": gaussian("variance-shift", 51,
                                   [(1000, 0.0, 1.0), (1000, 1.0, 1.0), (1000, 1.0, 3.0)]),
        "bits-rising": Stream("bits-rising", bernoulli_segments(21, [(3000, 0.1), (3000, 0.3)])),
        "bits-rising-small": Stream("bits-rising-small",
                                    bernoulli_segments(61, [(3000, 0.1), (3000, 0.25)])),
        "bits-falling": Stream("bits-falling", bernoulli_segments(62, [(3000, 0.4), (3000, 0.15)])),
        "bits-ramp": Stream("bits-ramp", bernoulli_ramp(22, 1000, 3000, 1000, 0.05, 0.5)),
        "bits-stationary": Stream("bits-stationary", bernoulli_segments(23, [(20000, 0.15)])),
        "bits-zeros-first": Stream("bits-zeros-first",
                                   [0] * 200 + bernoulli_segments(24, [(800, 0.3)])),
        "bits-adwin": Stream("bits-adwin", bernoulli_segments(16, [(3000, 0.2), (3000, 0.45)])),
        "probabilities": Stream("probabilities",
                                uniform(25, 2000, 0.0, 0.4) + uniform(26, 2000, 0.3, 0.9)),
    }


def adwin_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.ADWIN, params or {}, adwin_state, s[stream], every)

    return [
        case("river-doctest", "doctest-shift"),
        case("abrupt", "abrupt"),
        case("small-shift", "small-shift"),
        case("gradual", "gradual"),
        case("stationary-long", "stationary-long", every=1000),
        case("large-offset", "large-offset"),
        case("bernoulli", "bits-adwin"),
        case("constant-then-step", "constant-then-step"),
        case("clock-1", "abrupt", {"clock": 1}),
        case("delta-0.1-clock-7", "small-shift", {"delta": 0.1, "clock": 7}),
        case("max-buckets-2", "gradual", {"max_buckets": 2}),
        case("max-buckets-9-grace-200", "abrupt",
             {"max_buckets": 9, "grace_period": 200, "min_window_length": 20}),
        case("min-window-1-delta-0.5", "bits-rising",
             {"min_window_length": 1, "delta": 0.5, "clock": 3, "grace_period": 0}),
        case("delta-1e-6", "abrupt", {"delta": 1e-6}),
    ]


def ddm_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.binary.DDM, params or {}, ddm_state, s[stream], every)

    return [
        case("river-doctest", "doctest-binary"),
        case("rising", "bits-rising"),
        case("ramp", "bits-ramp"),
        case("stationary-long", "bits-stationary", every=1000),
        case("zeros-first", "bits-zeros-first"),
        case("probabilities", "probabilities"),
        case("warm-start-0-thresholds-1.5-2.5", "bits-rising",
             {"warm_start": 0, "warning_threshold": 1.5, "drift_threshold": 2.5}),
        case("warm-start-500", "bits-ramp", {"warm_start": 500}),
    ]


def eddm_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.binary.EDDM, params or {}, eddm_state, s[stream], every)

    return [
        case("river-doctest", "doctest-binary", {"alpha": 0.8, "beta": 0.75}),
        case("river-doctest-defaults", "doctest-binary"),
        case("rising", "bits-rising"),
        case("ramp", "bits-ramp", {"alpha": 0.9, "beta": 0.8}),
        case("stationary-long", "bits-stationary", {"alpha": 0.7, "beta": 0.6}, every=1000),
        case("warm-start-5", "bits-rising", {"warm_start": 5, "alpha": 0.85, "beta": 0.85}),
        case("warm-start-100", "bits-ramp", {"warm_start": 100}),
        case("zeros-first", "bits-zeros-first"),
    ]


def page_hinkley_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.PageHinkley, params or {}, page_hinkley_state, s[stream],
                        every)

    cases = [case("river-doctest", "doctest-shift")]
    for mode in ["both", "up", "down"]:
        cases += [
            case(f"up-shift-{mode}", "up-shift", {"mode": mode}),
            case(f"down-shift-{mode}", "down-shift", {"mode": mode}),
        ]
    return cases + [
        case("gradual", "gradual"),
        case("stationary-long", "stationary-long", every=1000),
        case("large-offset", "large-offset"),
        case("constant-then-step", "constant-then-step", {"threshold": 5.0}),
        case("tuned", "gradual",
             {"min_instances": 100, "delta": 0.05, "threshold": 20.0, "alpha": 0.999}),
        case("alpha-1", "down-shift",
             {"min_instances": 10, "delta": 0.0, "threshold": 30.0, "alpha": 1.0}),
    ]


def kswin_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params, every=0):
        return run_case(name, drift.KSWIN, params, KswinState(), s[stream], every)

    ties = Stream("kswin-ties", [
        float(v) for v in np.concatenate([np.random.default_rng(53).integers(0, 4, 1500),
                                          np.random.default_rng(54).integers(2, 6, 1500)])])
    s = {**s, "kswin-ties": ties,
         "kswin-stationary": Stream("kswin-stationary",
                                    gaussian_segments(52, [(5000, 0.0, 1.0)]))}
    prefill = gaussian_segments(55, [(100, 0.0, 1.0)])
    prefilled = run_case("prefilled-window", lambda **p: drift.KSWIN(window=prefill, **p),
                         {"seed": 9}, KswinState(),
                         Stream("kswin-after-prefill", gaussian_segments(56, [(300, 2.0, 1.0)])))
    # river applies `window=` once, at construction; a reset after a drift empties it.
    prefilled["window"] = " ".join(repr(v) for v in prefill)
    return [
        case("river-doctest", "doctest-shift", {"alpha": 0.0001, "seed": 42}),
        case("shift-seed-1", "variance-shift", {"seed": 1}),
        case("shift-seed-7", "variance-shift", {"seed": 7}),
        case("stationary-seed-3", "kswin-stationary", {"seed": 3}),
        case("ties-seed-5", "kswin-ties", {"seed": 5, "alpha": 0.01}),
        case("large-window", "variance-shift",
             {"seed": 2**40 + 17, "window_size": 300, "stat_size": 50, "alpha": 0.001}),
        case("small-window", "small-shift",
             {"seed": 0, "window_size": 20, "stat_size": 10, "alpha": 0.05}),
        case("set-branch", "variance-shift",
             {"seed": 12, "window_size": 600, "stat_size": 4, "alpha": 0.05}),
        case("negative-seed", "abrupt", {"seed": -3}),
        prefilled,
    ]


def hddm_a_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.binary.HDDMA, params or {}, hddm_a_state, s[stream], every)

    cases = []
    for two_sided in [False, True]:
        suffix = "two-sided" if two_sided else "one-sided"
        params = {"two_sided_test": two_sided}
        cases += [
            case(f"river-doctest-{suffix}", "doctest-binary", params),
            case(f"rising-{suffix}", "bits-rising-small", params),
            case(f"falling-{suffix}", "bits-falling", params),
            case(f"ramp-{suffix}", "bits-ramp", params),
        ]
    return cases + [
        case("stationary-long", "bits-stationary", every=1000),
        case("probabilities", "probabilities", {"two_sided_test": True}),
        case("confidences", "bits-falling",
             {"drift_confidence": 0.01, "warning_confidence": 0.05, "two_sided_test": True}),
    ]


def hddm_w_cases(s: dict[str, Stream]) -> list[dict]:
    def case(name, stream, params=None, every=0):
        return run_case(name, drift.binary.HDDMW, params or {}, hddm_w_state, s[stream], every)

    cases = []
    for two_sided in [False, True]:
        suffix = "two-sided" if two_sided else "one-sided"
        params = {"two_sided_test": two_sided}
        cases += [
            case(f"river-doctest-{suffix}", "doctest-binary", params),
            case(f"rising-{suffix}", "bits-rising-small", params),
            case(f"falling-{suffix}", "bits-falling", params),
            case(f"ramp-{suffix}", "bits-ramp", params),
        ]
    return cases + [
        case("stationary-long", "bits-stationary", every=1000),
        case("zeros-first", "bits-zeros-first", {"two_sided_test": True}),
        case("probabilities", "probabilities", {"two_sided_test": True}),
        case("lambda-0.2", "bits-rising-small",
             {"lambda_val": 0.2, "drift_confidence": 0.0001, "warning_confidence": 0.01}),
        case("lambda-0.01-two-sided", "bits-falling", {"lambda_val": 0.01, "two_sided_test": True}),
        case("lambda-1", "bits-rising-small", {"lambda_val": 1.0}),
    ]


def python_random_cases() -> list[dict]:
    cases = []
    for seed, n, k in [(0, 70, 30), (1, 70, 30), (42, 70, 30), (-42, 70, 30), (12345, 250, 50),
                       (2**32 + 5, 70, 30), (2**40 + 17, 250, 50), (2**53 - 1, 10, 10),
                       (7, 596, 4), (7, 5000, 3), (3, 1, 1), (99, 200, 100)]:
        rng = random.Random(seed)
        draws = [rng.sample(range(n), k) for _ in range(3)]
        cases.append({"seed": seed, "n": n, "k": k, "samples": draws,
                      "nextUint32": random.Random(seed).getrandbits(32)})
    return cases


def main() -> None:
    print(f"river {river.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")
    capture_kswin_statistic()
    streams = shared_streams()
    detectors = {
        "adwin": adwin_cases(streams),
        "ddm": ddm_cases(streams),
        "eddm": eddm_cases(streams),
        "pageHinkley": page_hinkley_cases(streams),
        "kswin": kswin_cases(streams),
        "hddmA": hddm_a_cases(streams),
        "hddmW": hddm_w_cases(streams),
    }
    for name, group in detectors.items():
        summary = ", ".join(
            f"{c['name']} {len(c['drifts'])}d/{sum(b - a + 1 for a, b in c['warningRuns'])}w"
            for c in group)
        print(f"  {name}: {summary}")
    cases = {
        "river": river.__version__,
        "streams": STREAMS,
        **detectors,
        "pythonRandom": python_random_cases(),
    }
    write_fixture(FIXTURE, GENERATOR, cases)


if __name__ == "__main__":
    main()
