"""Logs runs into MLflow's own SQL store (SQLite in a temporary folder) and answers queries.

The real peer for the local store: the same runs go to both, and the test compares what each
returns. Reads JSON on stdin:
  {"runs": [{"name", "experiment", "startTimeMs", "endTimeMs"?, "status"?, "tags": [[k, v]],
             "batches": [{"metrics": [[key, value, timestampMs, step]], "params": [[k, v]],
                          "tags": [[k, v]]}],
             "datasets": [{"name", "digest", "source", "context"}]}],
   "histories": [{"run", "key"}],
   "queries": [{"experiments"?, "filter"?, "orderBy"?, "maxResults"?}]}
Metric values may be the string "NaN". Prints runs (by name), histories and query results
(run names in order, every page followed).
"""

import json
import math
import sys
import tempfile

from mlflow.entities import (
    Dataset,
    DatasetInput,
    InputTag,
    Metric,
    Param,
    RunStatus,
    RunTag,
    ViewType,
)
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore


def number(value):
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


def log_runs(store, specs):
    experiments, run_ids = {}, {}
    for spec in specs:
        if spec["experiment"] not in experiments:
            experiments[spec["experiment"]] = store.create_experiment(spec["experiment"])
        tags = [RunTag(key, value) for key, value in spec["tags"]]
        run = store.create_run(
            experiment_id=experiments[spec["experiment"]],
            user_id=dict(spec["tags"]).get("mlflow.user", "unknown"),
            start_time=spec["startTimeMs"],
            tags=tags,
            run_name=spec["name"],
        )
        run_id = run.info.run_id
        for batch in spec["batches"]:
            store.log_batch(
                run_id,
                metrics=[
                    Metric(key, float(value), timestamp, step)
                    for key, value, timestamp, step in batch.get("metrics", [])
                ],
                params=[Param(key, value) for key, value in batch.get("params", [])],
                tags=[RunTag(key, value) for key, value in batch.get("tags", [])],
            )
        if spec.get("datasets"):
            store.log_inputs(
                run_id,
                datasets=[
                    DatasetInput(
                        Dataset(
                            name=dataset["name"],
                            digest=dataset["digest"],
                            source_type="local",
                            source=dataset["source"],
                        ),
                        tags=[InputTag("mlflow.data.context", dataset["context"])],
                    )
                    for dataset in spec["datasets"]
                ],
            )
        if spec.get("status"):
            store.update_run_info(
                run_id, RunStatus.from_string(spec["status"]), spec["endTimeMs"], None
            )
        run_ids[spec["name"]] = run_id
    return experiments, run_ids


def describe_run(store, run_id):
    run = store.get_run(run_id)
    return {
        "runName": run.info.run_name,
        "status": run.info.status,
        "userId": run.info.user_id,
        "endTimeMs": run.info.end_time,
        "metrics": sorted(
            [m.key, number(m.value), m.timestamp, m.step] for m in run.data._metric_objs
        ),
        "params": run.data.params,
        "tags": run.data.tags,
    }


def search(store, experiments, names_by_id, query):
    try:
        experiment_ids = [experiments[name] for name in query.get("experiments", experiments)]
        names, token = [], None
        while True:
            page = store.search_runs(
                experiment_ids,
                query.get("filter", ""),
                ViewType.ALL,
                max_results=query.get("maxResults", 1000),
                order_by=query.get("orderBy"),
                page_token=token,
            )
            names += [names_by_id[run.info.run_id] for run in page]
            token = page.token
            if not token:
                return {"ok": True, "names": names}
    except Exception as error:  # noqa: BLE001 - a rejection is an answer
        return {"ok": False, "error": str(error)}


request = json.load(sys.stdin)
with tempfile.TemporaryDirectory() as folder:
    store = SqlAlchemyStore(f"sqlite:///{folder}/store.db", f"{folder}/artifacts")
    experiments, run_ids = log_runs(store, request["runs"])
    names_by_id = {run_id: name for name, run_id in run_ids.items()}
    json.dump(
        {
            "runs": {name: describe_run(store, run_id) for name, run_id in run_ids.items()},
            "histories": [
                [
                    [number(m.value), m.timestamp, m.step]
                    for m in store.get_metric_history(run_ids[history["run"]], history["key"])
                ]
                for history in request["histories"]
            ],
            "queries": [search(store, experiments, names_by_id, query) for query in request["queries"]],
        },
        sys.stdout,
    )
    store.engine.dispose()
