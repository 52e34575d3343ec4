"""Peer side of packages/core/bench/validate.ts: Great Expectations and pandera on the same table.

Usage (validate.ts starts it with .venv-ge's Python):
    python validate_peers.py DATA_DIR ROUNDS

DATA_DIR holds meta.json (row count, the dictionaries of the string columns and the suite's
bounds) and one raw little-endian file per column: id.i32, qty.i32, price.f64, score.f64,
temp.f64, latency.f64, category.u8 / region.u8 (dictionary codes). The string columns become
pandas `category` columns (the counterpart of Arrow dictionary columns). Setup (building the
DataFrame, the GE context, datasource, batch and suite, the pandera schema) is not timed;
each round times only `batch.validate(suite)` and `schema.validate(df, lazy=True)`.
Prints one JSON object: versions, per peer the wall time in seconds of each round and
whether the suite passed.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
# No progress bars or usage statistics from GE (neither is timed work of the validation).
os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def load(data_dir: Path) -> tuple[pd.DataFrame, dict]:
    meta = json.loads((data_dir / "meta.json").read_text())
    columns: dict[str, object] = {
        "id": np.fromfile(data_dir / "id.i32", dtype="<i4"),
        "qty": np.fromfile(data_dir / "qty.i32", dtype="<i4"),
    }
    for name in ("price", "score", "temp", "latency"):
        columns[name] = np.fromfile(data_dir / f"{name}.f64", dtype="<f8")
    for name in ("category", "region"):
        codes = np.fromfile(data_dir / f"{name}.u8", dtype="u1").astype(np.int8)
        columns[name] = pd.Categorical.from_codes(codes, categories=meta["dictionaries"][name])
    frame = pd.DataFrame(columns)
    assert len(frame) == meta["rows"]
    return frame, meta


def timed(rounds: int, work) -> tuple[list[float], object]:
    times = []
    result = None
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def great_expectations_peer(frame: pd.DataFrame, meta: dict, rounds: int) -> dict:
    import great_expectations as gx
    import great_expectations.expectations as gxe

    s = meta["suite"]
    context = gx.get_context(mode="ephemeral")
    asset = context.data_sources.add_pandas("bench").add_dataframe_asset("table")
    batch = asset.add_batch_definition_whole_dataframe("whole").get_batch(
        batch_parameters={"dataframe": frame}
    )
    suite = context.suites.add(
        gx.ExpectationSuite(
            name="bench",
            expectations=[
                gxe.ExpectTableRowCountToBeBetween(min_value=meta["rows"], max_value=meta["rows"]),
                gxe.ExpectColumnValuesToNotBeNull(column="id"),
                gxe.ExpectColumnValuesToBeUnique(column="id"),
                gxe.ExpectColumnValuesToBeBetween(column="qty", min_value=0, max_value=999),
                gxe.ExpectColumnValuesToBeBetween(
                    column="price", min_value=s["priceMin"], max_value=s["priceMax"], mostly=0.99
                ),
                gxe.ExpectColumnValuesToBeBetween(column="score", min_value=0, max_value=1),
                gxe.ExpectColumnValuesToNotBeNull(column="temp"),
                gxe.ExpectColumnMeanToBeBetween(
                    column="price", min_value=s["meanMin"], max_value=s["meanMax"]
                ),
                gxe.ExpectColumnStdevToBeBetween(
                    column="temp", min_value=s["stdevMin"], max_value=s["stdevMax"]
                ),
                gxe.ExpectColumnQuantileValuesToBeBetween(
                    column="latency",
                    quantile_ranges={
                        "quantiles": [0.5],
                        "value_ranges": [[s["medianMin"], s["medianMax"]]],
                    },
                ),
                gxe.ExpectColumnValuesToBeInSet(
                    column="category", value_set=meta["dictionaries"]["category"]
                ),
                gxe.ExpectColumnValuesToMatchRegex(column="region", regex=s["regionRegex"]),
            ],
        )
    )
    times, result = timed(rounds, lambda: batch.validate(suite))
    failed = [
        r.expectation_config.type for r in result.results if not r.success
    ]
    return {"seconds": times, "success": bool(result.success), "failed": failed}


def pandera_peer(frame: pd.DataFrame, meta: dict, rounds: int) -> dict:
    import pandera as pa

    s = meta["suite"]
    schema = pa.DataFrameSchema(
        {
            "id": pa.Column("int32", nullable=False, unique=True),
            "qty": pa.Column("int32", pa.Check.in_range(0, 999)),
            "price": pa.Column(
                "float64",
                [
                    # GE's mostly=0.99 has no pandera counterpart but a series-level check.
                    pa.Check(
                        lambda x: x.between(s["priceMin"], s["priceMax"]).mean() >= 0.99,
                        name="price_mostly_in_range",
                    ),
                    pa.Check(
                        lambda x: s["meanMin"] <= x.mean() <= s["meanMax"], name="price_mean"
                    ),
                ],
            ),
            "score": pa.Column("float64", pa.Check.in_range(0, 1)),
            "temp": pa.Column(
                "float64",
                pa.Check(lambda x: s["stdevMin"] <= x.std() <= s["stdevMax"], name="temp_stdev"),
                nullable=False,
            ),
            "latency": pa.Column(
                "float64",
                pa.Check(
                    lambda x: s["medianMin"] <= x.quantile(0.5) <= s["medianMax"],
                    name="latency_median",
                ),
            ),
            "category": pa.Column(checks=pa.Check.isin(meta["dictionaries"]["category"])),
            "region": pa.Column(checks=pa.Check.str_matches(s["regionRegex"])),
        },
        checks=pa.Check(lambda df: len(df) == meta["rows"], name="row_count"),
    )

    def run() -> bool:
        try:
            schema.validate(frame, lazy=True)
            return True
        except pa.errors.SchemaErrors:
            return False

    times, passed = timed(rounds, run)
    return {"seconds": times, "success": bool(passed)}


def main() -> None:
    data_dir = Path(sys.argv[1])
    rounds = int(sys.argv[2])
    frame, meta = load(data_dir)
    import great_expectations as gx
    import pandera as pa

    results: dict[str, object] = {
        "versions": {
            "python": sys.version.split()[0],
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "great_expectations": gx.__version__,
            "pandera": pa.__version__,
        },
        "frameBytes": int(frame.memory_usage(deep=True).sum()),
        "pandera": pandera_peer(frame, meta, rounds),
        "greatExpectations": great_expectations_peer(frame, meta, rounds),
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
