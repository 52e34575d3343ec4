"""Parses run filters and order-by clauses with MLflow's own SearchUtils (the real peer).

Reads {"filters": [str], "orderBys": [str]} as JSON on stdin and prints, for each string,
either {"ok": true, ...} with what MLflow parsed, or {"ok": false, "error": str}. A filter is
"ok" only when MLflow's parser accepts it AND every comparison passes the comparator checks the
tracking server applies (the is_metric / is_param / ... calls of the SQL store).
"""

import json
import sys

from mlflow.utils.search_utils import SearchUtils


def check_comparator(key_type, key, comparator):
    key = SearchUtils.translate_key_alias(key)
    comparator = comparator.upper()
    # Same order as mlflow.store.tracking.sqlalchemy_store._get_sqlalchemy_filter_clauses.
    if SearchUtils.is_string_attribute(key_type, key, comparator):
        return key
    if SearchUtils.is_numeric_attribute(key_type, key, comparator):
        return key
    for check in (SearchUtils.is_metric, SearchUtils.is_param, SearchUtils.is_tag, SearchUtils.is_dataset):
        if check(key_type, comparator):
            return key
    raise ValueError(f"invalid search expression type {key_type!r}")


def to_json_value(key_type, value):
    if isinstance(value, tuple):
        return list(value)
    if key_type == "metric":
        return float(value)
    return value


def parse_filter(text):
    try:
        clauses = []
        for clause in SearchUtils.parse_search_filter(text):
            key = check_comparator(clause["type"], clause["key"], clause["comparator"])
            clauses.append(
                {
                    "type": clause["type"],
                    "key": key,
                    "comparator": clause["comparator"].upper(),
                    "value": to_json_value(clause["type"], clause["value"]),
                }
            )
        return {"ok": True, "clauses": clauses}
    except Exception as error:  # noqa: BLE001 - any rejection is an answer
        return {"ok": False, "error": str(error)}


def parse_order_by(text):
    try:
        key_type, key, ascending = SearchUtils.parse_order_by_for_search_runs(text)
        return {
            "ok": True,
            "type": key_type,
            "key": SearchUtils.translate_key_alias(key),
            "ascending": ascending,
        }
    except Exception as error:  # noqa: BLE001
        return {"ok": False, "error": str(error)}


request = json.load(sys.stdin)
json.dump(
    {
        "filters": [parse_filter(text) for text in request["filters"]],
        "orderBys": [parse_order_by(text) for text in request["orderBys"]],
    },
    sys.stdout,
)
