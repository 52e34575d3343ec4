"""Loads a registered model with Python MLflow and predicts with it: the independent reader of
what @dagnostics/registry's logOnnxModel and registerModel wrote.

Reads JSON on stdin: {"model_uri": "models:/<name>@<alias>", "inputs": [[...], ...]} and uses
MLFLOW_TRACKING_URI. Prints JSON: the pyfunc predictions (each output as nested lists), the
model info MLflow reads from the MLmodel file (signature, flavors, example metadata), the
loaded model's metadata, the saved serving example's rows after MLflow's validation, and the
YAML files as uploaded next to MLflow's own rewrite of what it read from them.

Run by packages/registry/test/integration/model-packaging.test.ts with the test venv's Python.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile

import numpy as np
import yaml

import mlflow
import mlflow.pyfunc
from mlflow.models import Model, get_model_info, validate_serving_input
from mlflow.models.utils import load_serving_example
from mlflow.utils.environment import _PythonEnv


def rewritten_files(model_uri: str) -> dict[str, dict[str, str]]:
    """Each YAML file as it was uploaded and as MLflow writes it again after reading it."""
    local = mlflow.artifacts.download_artifacts(artifact_uri=model_uri)
    files = {}
    for name in ("MLmodel", "conda.yaml", "python_env.yaml"):
        with open(os.path.join(local, name), encoding="utf-8") as handle:
            files[name] = {"uploaded": handle.read()}
    files["MLmodel"]["rewritten"] = Model.load(local).to_yaml()
    with open(os.path.join(local, "conda.yaml"), encoding="utf-8") as handle:
        files["conda.yaml"]["rewritten"] = yaml.safe_dump(
            yaml.safe_load(handle), default_flow_style=False
        )
    with tempfile.TemporaryDirectory() as scratch:
        target = os.path.join(scratch, "python_env.yaml")
        _PythonEnv.from_yaml(os.path.join(local, "python_env.yaml")).to_yaml(target)
        with open(target, encoding="utf-8") as handle:
            files["python_env.yaml"]["rewritten"] = handle.read()
    return files


def main() -> None:
    request = json.load(sys.stdin)
    model_uri = request["model_uri"]
    model = mlflow.pyfunc.load_model(model_uri)
    inputs = np.asarray(request["inputs"], dtype=np.float32)
    predictions = model.predict(inputs)
    info = get_model_info(model_uri)
    serving_example = load_serving_example(model_uri)
    validated = validate_serving_input(model_uri, serving_example)
    signature = info.signature
    print(
        json.dumps(
            {
                "predictions": {
                    name: np.asarray(value).tolist() for name, value in predictions.items()
                },
                "signature": {
                    "inputs": signature.inputs.to_dict() if signature else None,
                    "outputs": signature.outputs.to_dict() if signature else None,
                },
                "input_names": signature.inputs.input_names() if signature else None,
                "flavors": info.flavors,
                "model_id": info.model_id,
                "run_id": info.run_id,
                "saved_input_example_info": info.saved_input_example_info,
                "mlflow_version": info.mlflow_version,
                "files": rewritten_files(model_uri),
                "loader": model.metadata.flavors["python_function"]["loader_module"],
                "serving_example_rows": {
                    name: np.asarray(value).shape[0] for name, value in validated.items()
                }
                if isinstance(validated, dict)
                else None,
            }
        )
    )


if __name__ == "__main__":
    main()
