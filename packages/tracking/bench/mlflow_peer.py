"""MLflow's Python client side of packages/tracking/bench/run.ts.

Answers JSON commands read one per line from stdin, each with one JSON line on stdout:

- `{"command": "setup", "uri", "experiment_name"}`: creates the experiment (untimed) and
  reports its id and the Python and mlflow versions;
- `{"command": "log_batch", "uri", "experiment_id", "keys", "steps", "chunk"}`: a fresh run,
  then, timed, `MlflowClient.log_batch` in chunks of `chunk` points and `set_terminated`;
- `{"command": "async", "uri", "experiment_id", "keys", "steps", "buffering_seconds"}`: a
  fresh run with async logging on, then, timed, one `mlflow.log_metrics(...,
  synchronous=False)` per step, `mlflow.flush_async_logging()` and `mlflow.end_run()`;
  `buffering_seconds` (whole seconds) sets MLFLOW_ASYNC_LOGGING_BUFFERING_SECONDS (null: MLflow's default,
  no buffering);
- `{"command": "verify", "uri", "run_ids"}`: per run, its status, number of metric keys and
  number of stored points, read back with `get_metric_history`;
- `{"command": "quit"}`.

The data is the same as run.ts logs: key `metric_KKK`, value (k + 1) / (step + 1), timestamp
FIRST_TIMESTAMP_MS + step. Times are wall-clock milliseconds from before the first point to
after the run is ended; creating the run is not timed (as in run.ts).
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time

FIRST_TIMESTAMP_MS = 1_700_000_000_000


def key_name(index: int) -> str:
    return f"metric_{index:03d}"


def setup(request: dict) -> dict:
    import mlflow
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=request["uri"])
    experiment = client.get_experiment_by_name(request["experiment_name"])
    experiment_id = (
        experiment.experiment_id
        if experiment is not None
        else client.create_experiment(request["experiment_name"])
    )
    return {
        "experiment_id": experiment_id,
        "python": platform.python_version(),
        "mlflow": mlflow.__version__,
    }


def log_batch(request: dict) -> dict:
    from mlflow.entities import Metric
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=request["uri"])
    run_id = client.create_run(request["experiment_id"]).info.run_id
    keys, steps, chunk = request["keys"], request["steps"], request["chunk"]
    start = time.perf_counter()
    pending = []
    for step in range(steps):
        timestamp = FIRST_TIMESTAMP_MS + step
        for k in range(keys):
            pending.append(Metric(key_name(k), (k + 1) / (step + 1), timestamp, step))
        if len(pending) >= chunk:
            client.log_batch(run_id, metrics=pending[:chunk])
            pending = pending[chunk:]
    if pending:
        client.log_batch(run_id, metrics=pending)
    client.set_terminated(run_id)
    return {"run_id": run_id, "ms": (time.perf_counter() - start) * 1000}


def async_logging(request: dict) -> dict:
    import mlflow

    buffering = request.get("buffering_seconds")
    if buffering is None:
        os.environ.pop("MLFLOW_ASYNC_LOGGING_BUFFERING_SECONDS", None)
    else:
        os.environ["MLFLOW_ASYNC_LOGGING_BUFFERING_SECONDS"] = str(buffering)
    mlflow.set_tracking_uri(request["uri"])
    mlflow.config.enable_async_logging(True)
    keys, steps = request["keys"], request["steps"]
    names = [key_name(k) for k in range(keys)]
    run = mlflow.start_run(experiment_id=request["experiment_id"])
    start = time.perf_counter()
    for step in range(steps):
        values = {names[k]: (k + 1) / (step + 1) for k in range(keys)}
        mlflow.log_metrics(
            values, step=step, timestamp=FIRST_TIMESTAMP_MS + step, synchronous=False
        )
    mlflow.flush_async_logging()
    mlflow.end_run()
    return {"run_id": run.info.run_id, "ms": (time.perf_counter() - start) * 1000}


def verify(request: dict) -> list:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=request["uri"])
    results = []
    for run_id in request["run_ids"]:
        run = client.get_run(run_id)
        keys = list(run.data.metrics)
        points = sum(len(client.get_metric_history(run_id, key)) for key in keys)
        results.append(
            {"run_id": run_id, "status": run.info.status, "keys": len(keys), "points": points}
        )
    return results


COMMANDS = {"setup": setup, "log_batch": log_batch, "async": async_logging, "verify": verify}


def main() -> None:
    # Replies go to the real stdout; anything a library prints goes to stderr instead.
    replies = sys.stdout
    sys.stdout = sys.stderr
    for line in sys.stdin:
        request = json.loads(line)
        if request["command"] == "quit":
            break
        try:
            reply = {"ok": True, "result": COMMANDS[request["command"]](request)}
        except Exception as error:  # reported to run.ts, which stops with the message
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
