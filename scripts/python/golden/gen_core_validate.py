"""Golden cases for packages/core/src/validate (expectations matching Great Expectations).

Each case is a small table and one expectation in the JSON form of
@dagnostics/core/validate; the expected result is what Great Expectations 1.2.0 reports
for the same expectation on a pandas DataFrame (result_format COMPLETE): success, counts,
unexpected percent (of non-null values), the unexpected row indices and values, and the
observed value of aggregate checks. Nulls are None in object columns and NaN in float
columns, which pandas (hence GE) treats as missing, like an Arrow null.

Needs great_expectations==1.2.0 in the golden venv (it pins its own numpy/pandas).
Run from the repository root: .venv-golden/bin/python scripts/python/golden/gen_core_validate.py
"""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402
import great_expectations.expectations as gxe  # noqa: E402
import pandas as pd  # noqa: E402

GENERATOR = "scripts/python/golden/gen_core_validate.py"
FIXTURE = "packages/core/src/validate/__fixtures__/great-expectations.json"

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)


def bounds(expectation):
    kwargs = {}
    if expectation.get("min") is not None:
        kwargs["min_value"] = expectation["min"]
    if expectation.get("max") is not None:
        kwargs["max_value"] = expectation["max"]
    if "strictMin" in expectation:
        kwargs["strict_min"] = expectation["strictMin"]
    if "strictMax" in expectation:
        kwargs["strict_max"] = expectation["strictMax"]
    return kwargs


def to_gx(expectation):
    kind = expectation["type"]
    mostly = {"mostly": expectation["mostly"]} if "mostly" in expectation else {}
    column = expectation.get("column")
    if kind == "expect_column_values_to_not_be_null":
        return gxe.ExpectColumnValuesToNotBeNull(column=column, **mostly)
    if kind == "expect_column_values_to_be_between":
        return gxe.ExpectColumnValuesToBeBetween(column=column, **bounds(expectation), **mostly)
    if kind == "expect_column_values_to_be_in_set":
        return gxe.ExpectColumnValuesToBeInSet(column=column, value_set=expectation["valueSet"], **mostly)
    if kind == "expect_column_values_to_be_unique":
        return gxe.ExpectColumnValuesToBeUnique(column=column, **mostly)
    if kind == "expect_column_values_to_match_regex":
        return gxe.ExpectColumnValuesToMatchRegex(column=column, regex=expectation["regex"], **mostly)
    if kind == "expect_column_value_lengths_to_be_between":
        return gxe.ExpectColumnValueLengthsToBeBetween(column=column, **bounds(expectation), **mostly)
    if kind == "expect_column_values_to_be_increasing":
        return gxe.ExpectColumnValuesToBeIncreasing(
            column=column, strictly=expectation.get("strictly", False), **mostly
        )
    if kind == "expect_column_mean_to_be_between":
        return gxe.ExpectColumnMeanToBeBetween(column=column, **bounds(expectation))
    if kind == "expect_column_stdev_to_be_between":
        return gxe.ExpectColumnStdevToBeBetween(column=column, **bounds(expectation))
    if kind == "expect_column_unique_value_count_to_be_between":
        return gxe.ExpectColumnUniqueValueCountToBeBetween(column=column, **bounds(expectation))
    if kind == "expect_table_row_count_to_be_between":
        return gxe.ExpectTableRowCountToBeBetween(**bounds(expectation))
    if kind == "expect_table_columns_to_match_ordered_list":
        return gxe.ExpectTableColumnsToMatchOrderedList(column_list=expectation["columns"])
    if kind == "expect_table_columns_to_match_set":
        return gxe.ExpectTableColumnsToMatchSet(
            column_set=expectation["columns"], exact_match=expectation.get("exactMatch", True)
        )
    if kind == "expect_compound_columns_to_be_unique":
        return gxe.ExpectCompoundColumnsToBeUnique(column_list=expectation["columns"], **mostly)
    raise ValueError(kind)


CASES = [
    ("not null", {"x": [1.0, None, 3.0, None]}, {"type": "expect_column_values_to_not_be_null", "column": "x"}),
    ("not null, mostly", {"s": ["a", None, "c", "d"]}, {"type": "expect_column_values_to_not_be_null", "column": "s", "mostly": 0.75}),
    ("not null, all null", {"s": [None, None]}, {"type": "expect_column_values_to_not_be_null", "column": "s"}),
    ("between", {"x": [0, 5, None, 10, 11, -1]}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 10}),
    ("between, strict", {"x": [0, 5, None, 10, 11, -1]}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 10, "strictMin": True, "strictMax": True}),
    ("between, max only", {"x": [0, 5, None, 10, 11, -1]}, {"type": "expect_column_values_to_be_between", "column": "x", "max": 5}),
    ("between, mostly passes", {"x": [0, 5, None, 10, 11, -1]}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 10, "mostly": 0.6}),
    ("between, mostly fails", {"x": [0, 5, None, 10, 11, -1]}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 10, "mostly": 0.61}),
    ("between, all null", {"x": [None, None]}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 1}),
    ("between, empty", {"x": []}, {"type": "expect_column_values_to_be_between", "column": "x", "min": 0, "max": 1}),
    ("in set", {"s": ["a", "b", None, "z", "a"]}, {"type": "expect_column_values_to_be_in_set", "column": "s", "valueSet": ["a", "b"]}),
    ("in set, mostly", {"s": ["a", "b", None, "z", "a"]}, {"type": "expect_column_values_to_be_in_set", "column": "s", "valueSet": ["a", "b"], "mostly": 0.75}),
    ("in set, numbers", {"x": [1, 2, 3]}, {"type": "expect_column_values_to_be_in_set", "column": "x", "valueSet": [1, 3]}),
    ("unique", {"x": [1, 2, 1, None, None, 3]}, {"type": "expect_column_values_to_be_unique", "column": "x"}),
    ("unique, strings", {"s": ["a", "b", "b"]}, {"type": "expect_column_values_to_be_unique", "column": "s"}),
    ("unique, mostly", {"x": [1, 2, 1, None, None, 3]}, {"type": "expect_column_values_to_be_unique", "column": "x", "mostly": 0.5}),
    ("regex", {"email": ["a@x.org", "bad", None, "B@Y.ORG"]}, {"type": "expect_column_values_to_match_regex", "column": "email", "regex": "@[a-z]+\\.org$"}),
    ("regex, unanchored", {"s": ["xab", "b", "ab"]}, {"type": "expect_column_values_to_match_regex", "column": "s", "regex": "ab"}),
    ("lengths", {"s": ["ab", "\U0001F600\U0001F600", "abcd", None, ""]}, {"type": "expect_column_value_lengths_to_be_between", "column": "s", "min": 1, "max": 3}),
    ("increasing", {"x": [1, 2, 2, 1, 3]}, {"type": "expect_column_values_to_be_increasing", "column": "x"}),
    ("increasing, strictly", {"x": [1, 2, 2, 1, 3]}, {"type": "expect_column_values_to_be_increasing", "column": "x", "strictly": True}),
    ("increasing, with a null", {"x": [1.0, 2.0, 2.0, None, 1.0, 3.0]}, {"type": "expect_column_values_to_be_increasing", "column": "x"}),
    ("mean", {"x": [1, 2, 3, 4, None]}, {"type": "expect_column_mean_to_be_between", "column": "x", "min": 2.5, "max": 2.5}),
    ("mean, strict", {"x": [1, 2, 3, 4, None]}, {"type": "expect_column_mean_to_be_between", "column": "x", "min": 2.5, "strictMin": True}),
    ("mean, all null", {"x": [None, None]}, {"type": "expect_column_mean_to_be_between", "column": "x", "min": 0}),
    ("stdev", {"x": [1, 2, 3, 4, None]}, {"type": "expect_column_stdev_to_be_between", "column": "x", "min": 1.29, "max": 1.3}),
    ("stdev, fails", {"x": [1, 2, 3, 4, None]}, {"type": "expect_column_stdev_to_be_between", "column": "x", "max": 1.29}),
    ("distinct count", {"x": [1, 1, 2, None]}, {"type": "expect_column_unique_value_count_to_be_between", "column": "x", "min": 2, "max": 2}),
    ("distinct count, strings", {"s": ["a", "b", "a", "c"]}, {"type": "expect_column_unique_value_count_to_be_between", "column": "s", "max": 2}),
    ("row count", {"a": [1, 2, 3]}, {"type": "expect_table_row_count_to_be_between", "min": 3, "max": 3}),
    ("row count, fails", {"a": [1, 2, 3]}, {"type": "expect_table_row_count_to_be_between", "min": 4}),
    ("row count, empty", {"a": []}, {"type": "expect_table_row_count_to_be_between", "max": 0}),
    ("ordered list", {"a": [1], "b": [2], "c": [3]}, {"type": "expect_table_columns_to_match_ordered_list", "columns": ["a", "b", "c"]}),
    ("ordered list, fails", {"a": [1], "b": [2], "c": [3]}, {"type": "expect_table_columns_to_match_ordered_list", "columns": ["a", "c", "b"]}),
    ("set", {"a": [1], "b": [2], "c": [3]}, {"type": "expect_table_columns_to_match_set", "columns": ["c", "a", "b"]}),
    ("set, fails", {"a": [1], "b": [2], "c": [3]}, {"type": "expect_table_columns_to_match_set", "columns": ["a", "b", "d"]}),
    ("set, not exact", {"a": [1], "b": [2], "c": [3]}, {"type": "expect_table_columns_to_match_set", "columns": ["a", "b"], "exactMatch": False}),
    ("compound unique", {"user": ["u1", "u1", "u2", "u1"], "day": [1, 2, 1, 1]}, {"type": "expect_compound_columns_to_be_unique", "columns": ["user", "day"]}),
    ("compound unique, mostly", {"user": ["u1", "u1", "u2", "u1"], "day": [1, 2, 1, 1]}, {"type": "expect_compound_columns_to_be_unique", "columns": ["user", "day"], "mostly": 0.5}),
]


def frame(columns):
    data = {}
    for name, values in columns.items():
        if len(values) == 0:
            data[name] = pd.Series([], dtype="float64")
        elif all(v is None or isinstance(v, (int, float)) for v in values):
            data[name] = pd.Series([math.nan if v is None else v for v in values], dtype="float64" if None in values else None)
        else:
            data[name] = pd.Series(values, dtype="object")
    return pd.DataFrame(data)


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def main():
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("golden")
    asset = source.add_dataframe_asset("cases")
    definition = asset.add_batch_definition_whole_dataframe("whole")
    cases = []
    for label, columns, expectation in CASES:
        batch = definition.get_batch(batch_parameters={"dataframe": frame(columns)})
        outcome = batch.validate(to_gx(expectation), result_format="COMPLETE")
        if outcome.exception_info.get("raised_exception"):
            raise RuntimeError(f"{label}: {outcome.exception_info}")
        result = plain(dict(outcome.result))
        cases.append({
            "label": label,
            "columns": columns,
            "expectation": expectation,
            "success": bool(outcome.success),
            "result": {key: result.get(key) for key in (
                "element_count", "missing_count", "unexpected_count", "unexpected_percent",
                "unexpected_list", "unexpected_index_list", "observed_value",
            ) if key in result},
        })
    write_fixture(FIXTURE, GENERATOR, cases)
    # _common.peer_versions does not know Great Expectations; record its version too.
    path = Path(__file__).resolve().parents[3] / FIXTURE
    document = json.loads(path.read_text())
    document["peers"]["great_expectations"] = gx.__version__
    path.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
