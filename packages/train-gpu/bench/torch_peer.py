"""PyTorch peer of packages/train-gpu/bench/run.ts: trains the same models on the same data.

Started by run.ts (never by hand) with one argument, the path of a JSON header that run.ts
wrote next to raw little-endian files. The header's ``jobs`` maps a model name (``mlp``,
``text``) to one job, whose ``kind`` names the model:

- ``"mlp"`` (a dense MLP): ``features``: float32 ``[rows, inputs]``;
- ``"text-classifier"`` (EmbeddingBag(mean) then an MLP): ``ids``: int32, every row's token
  ids concatenated; ``offsets``: int32 ``[rows]``, where each row's bag starts (the last one
  runs to the end of ``ids``); ``vocabularySize`` and ``embeddingDim``;
- both: ``labels``: int32 ``[rows]``; ``order``: int32 ``[epochs * rows]``, each epoch's row
  order (the same batches as Node); ``weights``: float32, the embedding table
  (``[vocabularySize, embeddingDim]``, text classifier only) then each Linear's weight
  (``[out, in]``) and bias, layer after layer; ``layers``: each Linear's ``[in, out]``.

It then answers commands on stdin, one per line, with one JSON line on stdout:

- ``train <threads> <device> [model]`` (model default ``mlp``): a fresh model from the
  starting weights and a fresh Adam over all its parameters (dense gradients, as the addon),
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
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn


def load_job(job: dict) -> dict:
    rows = job["rows"]
    labels = np.fromfile(job["labels"], dtype="<i4").astype(np.int64)
    order = np.fromfile(job["order"], dtype="<i4").astype(np.int64)
    flat = np.fromfile(job["weights"], dtype="<f4")
    offset = 0
    loaded: dict = {
        **job,
        "labels": torch.from_numpy(labels),
        "order": torch.from_numpy(order).reshape(job["epochs"], rows),
    }
    if job["kind"] == "mlp":
        features = np.fromfile(job["features"], dtype="<f4").reshape(rows, job["inputs"])
        loaded["features"] = torch.from_numpy(features.copy())
    elif job["kind"] == "text-classifier":
        ids = np.fromfile(job["ids"], dtype="<i4").astype(np.int64)
        starts = np.fromfile(job["offsets"], dtype="<i4").astype(np.int64)
        # Each bag's length, so that a batch's bags are gathered without a loop over rows.
        lengths = np.diff(np.append(starts, ids.shape[0]))
        size = job["vocabularySize"] * job["embeddingDim"]
        table = flat[:size].reshape(job["vocabularySize"], job["embeddingDim"])
        offset = size
        loaded["ids"] = torch.from_numpy(ids)
        loaded["starts"] = torch.from_numpy(starts)
        loaded["lengths"] = torch.from_numpy(lengths)
        loaded["embedding"] = table.copy()
    else:
        raise ValueError(f"unknown model kind {job['kind']}")
    layers = []
    for in_features, out_features in job["layers"]:
        weight = flat[offset : offset + in_features * out_features].reshape(
            out_features, in_features
        )
        offset += in_features * out_features
        bias = flat[offset : offset + out_features]
        offset += out_features
        layers.append((weight.copy(), bias.copy()))
    loaded["layers"] = layers
    return loaded


def load(header_path: str) -> dict[str, dict]:
    header = json.loads(Path(header_path).read_text())
    return {name: load_job(job) for name, job in header["jobs"].items()}


def build_mlp(layers: list) -> nn.Sequential:
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


class TextClassifier(nn.Module):
    """EmbeddingBag(mean) over each row's token ids, then the Linear/ReLU stack."""

    def __init__(self, embedding: np.ndarray, layers: list) -> None:
        super().__init__()
        vocabulary_size, embedding_dim = embedding.shape
        self.bag = nn.EmbeddingBag(vocabulary_size, embedding_dim, mode="mean", sparse=False)
        with torch.no_grad():
            self.bag.weight.copy_(torch.from_numpy(embedding))
        self.mlp = build_mlp(layers)

    def forward(self, ids: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.mlp(self.bag(ids, offsets))


Batch = Callable[[torch.Tensor], tuple[torch.Tensor, ...]]


def prepare(job: dict, device: torch.device) -> tuple[nn.Module, Batch]:
    """The model on the device, and how a batch's row indexes become its inputs."""
    if job["kind"] == "mlp":
        features = job["features"].to(device)
        return build_mlp(job["layers"]).to(device), lambda index: (features[index],)
    ids = job["ids"].to(device)
    starts = job["starts"].to(device)
    lengths = job["lengths"].to(device)

    def bags(index: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        bag_lengths = lengths[index]
        offsets = torch.cumsum(bag_lengths, 0) - bag_lengths
        # Position of each of the batch's ids in `ids`: its bag's start, plus its place in
        # the batch's flat list minus where its bag begins there.
        shift = torch.repeat_interleave(starts[index] - offsets, bag_lengths)
        positions = shift + torch.arange(shift.shape[0], device=device)
        return ids[positions], offsets

    return TextClassifier(job["embedding"], job["layers"]).to(device), bags


def train(job: dict, threads: int, device_name: str) -> dict:
    torch.set_num_threads(threads)
    device = torch.device(device_name)
    model, inputs_of = prepare(job, device)
    optimizer = torch.optim.Adam(
        model.parameters(), lr=job["learningRate"], betas=(0.9, 0.999), eps=1e-8
    )
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
            logits = model(*inputs_of(index))
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
    jobs = load(sys.argv[1])
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "info":
            answer = info()
        elif words[0] == "train":
            model = words[3] if len(words) > 3 else "mlp"
            if model in jobs:
                device = words[2] if len(words) > 2 else "cpu"
                answer = train(jobs[model], int(words[1]), device)
            else:
                answer = {"error": f"no job for model {model} (have {', '.join(jobs)})"}
        else:
            answer = {"error": f"unknown command {words[0]}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
