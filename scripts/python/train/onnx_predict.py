"""Checks and runs an ONNX model that @dagnostics/train-gpu's exportOnnx wrote: the independent
Python reader of the TypeScript exporter.

Reads JSON on stdin:
    {"model": "<path to .onnx>",
     "inputs": {"<name>": {"dtype": "int64" | "float32", "shape": [...], "data": [...]}, ...}}
Runs `onnx.checker.check_model(full_check=True)` (which also infers shapes), then Python
onnxruntime on the CPU. Prints JSON: every output as nested lists of the float32 values
(exactly, as Python floats), and the model header (IR version, opsets, producer, metadata,
graph input and output names) as onnx reads it.

Run by packages/train-gpu/test/integration/onnx-python.test.ts with the test venv's Python
(/work/main/.venv: onnx, onnxruntime, numpy).
"""

from __future__ import annotations

import json
import sys

import numpy as np
import onnx
import onnxruntime


def main() -> None:
    request = json.load(sys.stdin)
    model = onnx.load(request["model"])
    onnx.checker.check_model(model, full_check=True)
    feeds = {
        name: np.asarray(tensor["data"], dtype=np.dtype(tensor["dtype"])).reshape(tensor["shape"])
        for name, tensor in request["inputs"].items()
    }
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    names = [output.name for output in session.get_outputs()]
    results = session.run(names, feeds)
    json.dump(
        {
            "outputs": {name: value.tolist() for name, value in zip(names, results)},
            "ir_version": model.ir_version,
            "opsets": {entry.domain: entry.version for entry in model.opset_import},
            "producer_name": model.producer_name,
            "producer_version": model.producer_version,
            "metadata": {entry.key: entry.value for entry in model.metadata_props},
            "inputs": [value.name for value in model.graph.input],
            "outputs_declared": [value.name for value in model.graph.output],
            "onnx_version": onnx.__version__,
            "onnxruntime_version": onnxruntime.__version__,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
