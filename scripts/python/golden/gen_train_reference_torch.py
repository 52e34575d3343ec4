"""Golden cases for packages/train-gpu/src/reference (the TypeScript reference trainer).

Run with the PyTorch venv: `.venv-tune-bench/bin/python scripts/python/golden/gen_train_reference_torch.py`
(torch 2.13 CPU, numpy; .venv-golden has no torch). generate-all.sh picks that interpreter
for every `*_torch.py`.

The peer is PyTorch itself, in float32 with `torch.use_deterministic_algorithms(True)` and one
thread: nn.EmbeddingBag(mode='mean') with offsets, nn.Linear, nn.ReLU, nn.CrossEntropyLoss
(mean), torch.optim.SGD / torch.optim.Adam and torch.optim.lr_scheduler.StepLR.

Two fixed small models -- a text classifier (vocab 64, dim 8, hidden [16], 3 classes) and an
MLP (5 inputs, hidden [8, 8], 4 classes) -- get fixed initial weights (torch's default init
under a fixed torch seed, written into the fixture), fixed data (one empty bag included) and an
explicit batch order per epoch (written too). For each run the fixture records the loss of
every batch, the learning rate of each epoch, the gradients of the first batch, and the
weights after epochs 1 and 3. Runs: SGD with momentum (+ weight decay), Adam with weight decay,
and SGD with momentum under StepLR. Also softmax probabilities of the initial models on the
training inputs. Finally the learning rates of StepLR and CosineAnnealingLR over 12 epochs.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from _common import write_fixture

OUT = "packages/train-gpu/src/reference/__fixtures__/train-reference-torch.json"
EPOCHS = 3


class Model(nn.Module):
    def __init__(self, spec: dict):
        super().__init__()
        self.text = spec["kind"] == "text-classifier"
        if self.text:
            self.embedding = nn.EmbeddingBag(spec["vocabularySize"], spec["embeddingDim"], mode="mean")
            sizes = [spec["embeddingDim"], *spec["hidden"], spec["classes"]]
        else:
            sizes = [spec["inputs"], *spec["hidden"], spec["classes"]]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:]))

    def forward(self, x):
        if self.text:
            ids, offsets = x
            x = self.embedding(ids, offsets)
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i + 1 < len(self.layers):
                x = torch.relu(x)
        return x


def weights_of(model: Model) -> dict:
    out = {"layers": [{"weight": l.weight.detach().flatten().numpy().copy(),
                       "bias": l.bias.detach().numpy().copy()} for l in model.layers]}
    if model.text:
        out["embedding"] = model.embedding.weight.detach().flatten().numpy().copy()
    return out


def grads_of(model: Model) -> dict:
    out = {"layers": [{"weight": l.weight.grad.flatten().numpy().copy(),
                       "bias": l.bias.grad.numpy().copy()} for l in model.layers]}
    if model.text:
        out["embedding"] = model.embedding.weight.grad.flatten().numpy().copy()
    return out


def batch_input(case: dict, rows: list[int]):
    if case["spec"]["kind"] == "text-classifier":
        ids, offsets = [], []
        for r in rows:
            offsets.append(len(ids))
            ids.extend(case["bags"][r])
        return (torch.tensor(ids, dtype=torch.int64), torch.tensor(offsets, dtype=torch.int64))
    x = np.asarray(case["dense"], dtype=np.float32).reshape(-1, case["spec"]["inputs"])
    return torch.from_numpy(x[rows])


def run(case: dict, init: Model, optimizer: dict, schedule: dict) -> dict:
    model = Model(case["spec"])
    model.load_state_dict(init.state_dict())
    if optimizer["kind"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=optimizer["learningRate"],
                              momentum=optimizer["momentum"], weight_decay=optimizer["weightDecay"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=optimizer["learningRate"],
                               betas=tuple(optimizer["betas"]), eps=1e-8,
                               weight_decay=optimizer["weightDecay"])
    sched = (torch.optim.lr_scheduler.StepLR(opt, step_size=schedule["stepSize"], gamma=schedule["gamma"])
             if schedule["kind"] == "step" else None)
    labels = torch.tensor(case["labels"], dtype=torch.int64)
    loss_fn = nn.CrossEntropyLoss()
    result = {"optimizer": optimizer, "schedule": schedule, "batchLosses": [], "learningRates": [],
              "weightsAfter": {}}
    for epoch in range(EPOCHS):
        result["learningRates"].append(opt.param_groups[0]["lr"])
        losses = []
        order = case["order"][epoch]
        for start in range(0, len(order), case["batchSize"]):
            rows = order[start:start + case["batchSize"]]
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(model(batch_input(case, rows)), labels[rows])
            loss.backward()
            if epoch == 0 and start == 0:
                result["firstGradients"] = grads_of(model)
            opt.step()
            losses.append(loss.item())
        result["batchLosses"].append(losses)
        if sched is not None:
            sched.step()
        if epoch + 1 in (1, 3):
            result["weightsAfter"][str(epoch + 1)] = weights_of(model)
    return result


def make_case(name: str, spec: dict, rows: int, batch_size: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    case = {"name": name, "spec": spec, "batchSize": batch_size,
            "labels": rng.integers(0, spec["classes"], rows).tolist(),
            "order": [rng.permutation(rows).tolist() for _ in range(EPOCHS)]}
    if spec["kind"] == "text-classifier":
        bags = [rng.integers(0, spec["vocabularySize"], int(rng.integers(1, 7))).tolist() for _ in range(rows)]
        bags[3] = []  # an empty bag embeds to zeros
        case["bags"] = bags
    else:
        case["dense"] = rng.normal(0, 1.5, rows * spec["inputs"]).astype(np.float32)
    torch.manual_seed(seed)
    init = Model(spec)
    case["initial"] = weights_of(init)
    with torch.no_grad():
        case["probabilities"] = torch.softmax(init(batch_input(case, list(range(rows)))), dim=1).flatten().numpy()
    runs = [
        ({"kind": "sgd", "learningRate": 0.1, "momentum": 0.9, "weightDecay": 0.01}, {"kind": "constant"}),
        ({"kind": "adam", "learningRate": 0.01, "betas": [0.9, 0.999], "weightDecay": 0.05}, {"kind": "constant"}),
        ({"kind": "sgd", "learningRate": 0.2, "momentum": 0.9, "weightDecay": 0.0},
         {"kind": "step", "stepSize": 1, "gamma": 0.5}),
    ]
    case["runs"] = [run(case, init, o, s) for o, s in runs]
    return case


def schedule_rates() -> list[dict]:
    """Learning rates of torch's schedulers stepped once per epoch (12 epochs)."""
    out = []
    for schedule in ({"kind": "step", "stepSize": 3, "gamma": 0.3},
                     {"kind": "cosine", "tMax": 5, "etaMin": 0.001},
                     {"kind": "cosine", "tMax": 7, "etaMin": 0.0}):
        opt = torch.optim.SGD([nn.Parameter(torch.zeros(1))], lr=0.1)
        if schedule["kind"] == "step":
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=schedule["stepSize"], gamma=schedule["gamma"])
        else:
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=schedule["tMax"], eta_min=schedule["etaMin"])
        rates = []
        for _ in range(12):
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            sched.step()
        out.append({"schedule": schedule, "base": 0.1, "rates": rates})
    return out


def main() -> None:
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    cases = {
        "meta": {"torch": torch.__version__, "dtype": "float32", "epochs": EPOCHS},
        "text": make_case("text", {"kind": "text-classifier", "vocabularySize": 64, "embeddingDim": 8,
                                   "hidden": [16], "classes": 3}, rows=20, batch_size=6, seed=11),
        "mlp": make_case("mlp", {"kind": "mlp", "inputs": 5, "hidden": [8, 8], "classes": 4},
                         rows=24, batch_size=8, seed=12),
        "schedules": schedule_rates(),
    }
    write_fixture(OUT, "scripts/python/golden/gen_train_reference_torch.py", cases)


if __name__ == "__main__":
    main()
