"""Golden fixture for packages/registry/src/packaging (ONNX model packaging).

Writes, into packages/registry/src/packaging/__fixtures__/:

- classifier.onnx: a scikit-learn 1.9.1 LogisticRegression fitted on a fixed synthetic
  dataset (4 float features, 3 classes, 150 rows), exported with skl2onnx 1.20.0 as float32
  input ``X`` of shape [-1, 4] with outputs ``label`` (int64 [-1]) and ``probabilities``
  (float32 [-1, 3], a plain tensor: no ZipMap).
- onnx-classifier.json: 16 fixed inputs with onnxruntime's probabilities and labels and
  scikit-learn's own probabilities; the files MLflow 3.17.2's ``mlflow.onnx.save_model``
  writes for that model with a tensor signature and an input example (MLmodel, conda.yaml,
  python_env.yaml, requirements.txt, input_example.json, serving_input_example.json) together
  with the values in them that depend on the machine or the moment (model_uuid, time,
  versions), so that the TypeScript writer can be compared with them byte for byte; the
  input-example files MLflow writes for a dict-of-tensors example; and PyYAML's folding of
  long strings at several depths.

Run from the repository root:
    bash scripts/test-env/ensure-venv.sh golden
    .venv-golden/bin/python scripts/python/golden/gen_registry_onnx_fixture.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import yaml
from mlflow.models import Model, ModelSignature
from mlflow.models.utils import _Example
from mlflow.types import Schema, TensorSpec
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
from sklearn.linear_model import LogisticRegression

import mlflow
import mlflow.onnx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, write_fixture  # noqa: E402

FIXTURES = "packages/registry/src/packaging/__fixtures__"


def dataset() -> tuple[np.ndarray, np.ndarray]:
    """Three Gaussian blobs in 4 dimensions, 50 rows each."""
    rng = np.random.default_rng(20261127)
    centers = np.array(
        [[0.0, 0.0, 0.0, 0.0], [2.0, 1.0, -1.0, 0.5], [-1.5, 2.0, 1.0, -1.0]]
    )
    rows = [center + rng.normal(scale=0.9, size=(50, 4)) for center in centers]
    features = np.vstack(rows).astype(np.float32)
    labels = np.repeat(np.arange(3), 50)
    return features, labels


def export(model: LogisticRegression) -> onnx.ModelProto:
    return to_onnx(
        model,
        initial_types=[("X", FloatTensorType([None, 4]))],
        options={id(model): {"zipmap": False}},
        target_opset={"": 17, "ai.onnx.ml": 3},
    )


def float_samples() -> list[float]:
    """Floats around the edges of Python's repr: notation switches, subnormals, extremes."""
    fixed = [0.0, -0.0, 1.0, -2.5, 0.1, 1 / 3, 1e-4, 9.999e-5, 1e-5, 1.5e-7, 123456.789,
             1e15, 9999999999999998.0, 1e16, 1.2345e16, 2.0**53, 1e22, 1e100, 5e-324,
             2.2250738585072014e-308, 1.7976931348623157e308, float(np.float32(0.1)),
             float(np.float32(1e-6)), -float(np.float32(3.4e38))]
    rng = np.random.default_rng(7)
    drawn = (rng.standard_normal(40) * 10.0 ** rng.integers(-12, 24, 40)).tolist()
    return fixed + drawn


def read_texts(folder: str) -> dict[str, str]:
    texts = {}
    for name in sorted(os.listdir(folder)):
        if name == "model.onnx":
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            texts[name] = handle.read()
    return texts


def main() -> None:
    features, labels = dataset()
    classifier = LogisticRegression(max_iter=1000).fit(features, labels)
    proto = export(classifier)
    model_bytes = proto.SerializeToString()
    fixtures = ROOT / FIXTURES
    fixtures.mkdir(parents=True, exist_ok=True)
    (fixtures / "classifier.onnx").write_bytes(model_bytes)

    inputs = np.random.default_rng(16).normal(loc=0.3, scale=1.5, size=(16, 4)).astype(np.float32)
    session = onnxruntime.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    predicted_labels, probabilities = session.run(["label", "probabilities"], {"X": inputs})

    signature = ModelSignature(
        inputs=Schema([TensorSpec(np.dtype(np.float32), (-1, 4), "X")]),
        outputs=Schema(
            [
                TensorSpec(np.dtype(np.int64), (-1,), "label"),
                TensorSpec(np.dtype(np.float32), (-1, 3), "probabilities"),
            ]
        ),
    )
    example = inputs[:2]
    with tempfile.TemporaryDirectory() as scratch:
        saved = os.path.join(scratch, "model")
        mlflow.onnx.save_model(
            onnx.load_from_string(model_bytes),
            saved,
            signature=signature,
            input_example=example,
            save_as_external_data=False,
        )
        saved_bytes = Path(saved, "model.onnx").read_bytes()
        texts = read_texts(saved)
        mlmodel = Model.load(saved)
        dict_folder = os.path.join(scratch, "dict-example")
        os.makedirs(dict_folder)
        dict_example = _Example({"X": inputs[2:4], "mask": np.array([[1, 0], [0, 1]])})
        dict_example.save(dict_folder)
        dict_texts = read_texts(dict_folder)

    python_env = yaml.safe_load(texts["python_env.yaml"])
    build = {
        entry.split("==")[0]: entry.split("==")[1] if "==" in entry else None
        for entry in python_env["build_dependencies"]
    }
    long_text = " ".join(f"w{index:03d}" for index in range(40))
    folding = {
        "document": {
            "top": "[" + long_text,
            "plain": long_text,
            "nested": {"deeper": {"quoted": "[" + long_text + "]", "plain": long_text}},
            "items": ["[" + long_text, "short", "it's [" + long_text],
            "spaced": "[a  b" + "  x" * 30,
        },
    }
    folding["yaml"] = yaml.safe_dump(folding["document"], default_flow_style=False)

    cases = {
        "model": {
            "file": "classifier.onnx",
            "bytes": len(model_bytes),
            "saved_bytes_equal": saved_bytes == model_bytes,
            "input": "X",
            "outputs": ["label", "probabilities"],
            "producer": f"{proto.producer_name} {proto.producer_version}",
        },
        "inputs": inputs,
        "probabilities": probabilities,
        "labels": predicted_labels,
        "sklearn_probabilities": classifier.predict_proba(inputs),
        "mlflow_save": {
            "files": texts,
            "model_uuid": mlmodel.model_uuid,
            "utc_time_created": mlmodel.utc_time_created,
            "mlflow_version": mlmodel.mlflow_version,
            "python_version": mlmodel.flavors["python_function"]["python_version"],
            "onnx_version": mlmodel.flavors["onnx"]["onnx_version"],
            "model_size_bytes": mlmodel.model_size_bytes,
            "pip_requirements": texts["requirements.txt"].split("\n"),
            "pip_version": build.get("pip"),
            "setuptools_version": build.get("setuptools"),
            "example_rows": 2,
        },
        "dict_example": {
            "files": dict_texts,
            "info": dict_example.info,
        },
        "folding": folding,
        "float_reprs": [[value, repr(value)] for value in float_samples()],
        "json_dumps": [
            [value, json.dumps(value), json.dumps(value, indent=2)]
            for value in [
                {"name": "caf\u00e9 \u2603 \U0001f600", "tab\t": ["\u0001", "\u007f", '"q"']},
                {"inputs": {"X": [[1.0, -0.0], []], "empty": {}, "flags": [True, False, None]}},
            ]
        ],
        "versions": {
            "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__,
            "skl2onnx": metadata.version("skl2onnx"),
        },
    }
    write_fixture(
        f"{FIXTURES}/onnx-classifier.json",
        "scripts/python/golden/gen_registry_onnx_fixture.py",
        cases,
    )


if __name__ == "__main__":
    main()
