"""PyTorch peer of packages/train-gpu/bench/run.ts: trains the same dense MLP on the same data.

Started by run.ts (never by hand) with one argument, the path of a JSON header that run.ts
wrote next to raw little-endian files:

- ``features``: float32 ``[rows, inputs]``; ``labels``: int32 ``[rows]``;
- ``order``: int32 ``[epochs * rows]``, each epoch's row order (the same batches as Node);
- ``weights``: float32, each Linear's weight (``[out, in]``) then bias, layer after layer.

It then answers commands on stdin, one per line, with one JSON line on stdout:

- ``train <threads> <device>``: a fresh model from the starting weights and a fresh Adam,
  then a timed training loop (data already tensors on the device; only the loop is timed,
  synchronised on CUDA) -> ``{"seconds": s, "epochLosses": [...], "threads": n}``;
- ``info`` -> torch version, CUDA availability and device name;
- ``quit``.

Interpreter: any Python with torch and numpy (the repository's .venv, or python3 on the GPU
machine).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn


def load(header_path: str) -> dict:
    header = json.loads(Path(header_path).read_text())
    rows, inputs = header["rows"], header["inputs"]
    features = np.fromfile(header["features"], dtype="<f4").reshape(rows, inputs)
    labels = np.fromfile(header["labels"], dtype="<i4").astype(np.int64)
    order = np.fromfile(header["order"], dtype="<i4").astype(np.int64)
    flat = np.fromfile(header["weights"], dtype="<f4")
    layers = []
    offset = 0
    for in_features, out_features in header["layers"]:
        weight = flat[offset : offset + in_features * out_features].reshape(
            out_features, in_features
        )
        offset += in_features * out_features
        bias = flat[offset : offset + out_features]
        offset += out_features
        layers.append((weight.copy(), bias.copy()))
    return {
        **header,
        "features": torch.from_numpy(features.copy()),
        "labels": torch.from_numpy(labels),
        "order": torch.from_numpy(order).reshape(header["epochs"], rows),
        "layers": layers,
    }


def build_model(layers: list) -> nn.Sequential:
    modules: list[nn.Module] = []
    for index, (weight, bias) in enumerate(layers):
        linear = nn.Linear(weight.shape[1], weight.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(weight))
            linear.bias.copy_(torch.from_numpy(bias))
        modules.append(linear)
        if index + 1 < len(layers):
            modules.append(nn.ReLU())
    return nn.Sequential(*modules)


def train(job: dict, threads: int, device_name: str) -> dict:
    torch.set_num_threads(threads)
    device = torch.device(device_name)
    model = build_model(job["layers"]).to(device)
    optimizer = torch.optim.Adam(
        model.parameters(), lr=job["learningRate"], betas=(0.9, 0.999), eps=1e-8
    )
    features = job["features"].to(device)
    labels = job["labels"].to(device)
    order = job["order"].to(device)
    rows, batch_size = job["rows"], job["batchSize"]
    losses = torch.zeros(job["epochs"], dtype=torch.float64, device=device)
    if device.type == "cuda":
        torch.cuda.synchronize()
    started = time.perf_counter()
    for epoch in range(job["epochs"]):
        for start in range(0, rows, batch_size):
            index = order[epoch, start : start + batch_size]
            logits = model(features[index])
            loss = nn.functional.cross_entropy(logits, labels[index])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            losses[epoch] += loss.detach().double() * index.shape[0]
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "epochLosses": (losses / rows).cpu().tolist(),
        "threads": torch.get_num_threads(),
        "device": device_name,
    }


def info() -> dict:
    cuda = torch.cuda.is_available()
    return {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "cuda": cuda,
        "cudaDevice": torch.cuda.get_device_name(0) if cuda else None,
        "defaultThreads": torch.get_num_threads(),
    }


def main() -> None:
    job = load(sys.argv[1])
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "info":
            answer = info()
        elif words[0] == "train":
            answer = train(job, int(words[1]), words[2] if len(words) > 2 else "cpu")
        else:
            answer = {"error": f"unknown command {words[0]}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
