"""Peer side of packages/monitor/bench/run.ts: times scipy, Evidently and river on the same data.

Usage (run.ts starts it with .venv-golden's Python):
    python peers.py DATA_DIR ROUNDS

DATA_DIR holds reference.f64 and current.f64 (little-endian float64, written by run.ts) and
stream.f64 (the detector stream). Prints one JSON object: per operation, the wall time in
seconds of each round.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
import types
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.stats as st


def import_evidently_stattests() -> types.SimpleNamespace:
    # Evidently 0.7.23's package __init__ does not import under pandas 3; its stattests do.
    spec = importlib.util.find_spec("evidently")
    package = types.ModuleType("evidently")
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules["evidently"] = package
    from evidently.legacy.calculations.stattests import ks_stattest, psi, wasserstein_distance_norm
    from evidently.legacy.core import ColumnType

    return types.SimpleNamespace(
        ColumnType=ColumnType, ks=ks_stattest, psi=psi, wasserstein=wasserstein_distance_norm
    )


def timed(rounds: int, work) -> list[float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    data_dir = Path(sys.argv[1])
    rounds = int(sys.argv[2])
    reference = np.fromfile(data_dir / "reference.f64", dtype="<f8")
    current = np.fromfile(data_dir / "current.f64", dtype="<f8")
    stream = np.fromfile(data_dir / "stream.f64", dtype="<f8")
    ev = import_evidently_stattests()
    num = ev.ColumnType.Numerical
    ref_series = pd.Series(reference)
    cur_series = pd.Series(current)

    def chi_square_binned() -> None:
        edges = np.histogram_bin_edges(np.concatenate([reference, current]), bins="sturges")
        observed = np.histogram(current, edges)[0].astype(np.float64)
        expected = np.histogram(reference, edges)[0] * (len(current) / len(reference))
        keep = expected > 0
        st.chisquare(observed[keep], expected[keep] * observed[keep].sum() / expected[keep].sum())

    results: dict[str, object] = {
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": __import__("scipy").__version__,
            "pandas": pd.__version__,
        },
        # scipy directly, and Evidently's stattest (which calls scipy on pandas Series).
        "ks scipy": timed(rounds, lambda: st.ks_2samp(reference, current)),
        "ks evidently": timed(rounds, lambda: ev.ks._ks_stat_test(ref_series, cur_series, num, 0.05)),
        "psi evidently": timed(rounds, lambda: ev.psi._psi(ref_series, cur_series, num, 0.1)),
        "wasserstein evidently": timed(
            rounds, lambda: ev.wasserstein._wasserstein_distance_norm(ref_series, cur_series, num, 0.1)
        ),
        "chi-square binned scipy": timed(rounds, chi_square_binned),
    }

    import river
    from river import drift

    results["versions"]["river"] = river.__version__
    detector_points = min(len(stream), 1_000_000)

    def run_detector(factory) -> None:
        detector = factory()
        for value in stream[:detector_points].tolist():
            detector.update(value)

    results["detector points"] = detector_points
    results["adwin river"] = timed(rounds, lambda: run_detector(drift.ADWIN))
    results["page-hinkley river"] = timed(rounds, lambda: run_detector(drift.PageHinkley))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
