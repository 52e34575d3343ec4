"""CUDA smoke test for scripts/gpu-check.sh: is the GPU usable from this torch at all?

Prints one JSON object: torch version, CUDA build, device name and capability, whether a
matmul and a few Adam steps of a small MLP on CUDA match the same on CPU (to 1e-3), and
`ok`. Exits 1 when CUDA is unavailable or a comparison fails. Needs torch only (python3 on
the GPU machine; on a CPU machine it reports `cuda: false` and exits 1).
"""

from __future__ import annotations

import json
import sys

import torch
from torch import nn


def mlp_losses(device: str) -> list[float]:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    generator = torch.Generator().manual_seed(1)
    features = torch.randn(512, 64, generator=generator)
    labels = torch.randint(0, 10, (512,), generator=generator)
    model = model.to(device)
    features, labels = features.to(device), labels.to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses = []
    for start in range(0, 512, 128):
        loss = nn.functional.cross_entropy(
            model(features[start : start + 128]), labels[start : start + 128]
        )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main() -> None:
    result: dict = {
        "torch": torch.__version__,
        "cudaBuild": torch.version.cuda,
        "cuda": torch.cuda.is_available(),
    }
    if not result["cuda"]:
        result["ok"] = False
        print(json.dumps(result))
        sys.exit(1)
    result["device"] = torch.cuda.get_device_name(0)
    result["capability"] = list(torch.cuda.get_device_capability(0))
    result["deviceCount"] = torch.cuda.device_count()
    # TF32 would make the CUDA matmul differ from CPU by ~1e-3; compare exact float32.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    a = torch.randn(512, 512, generator=torch.Generator().manual_seed(2))
    matmul_difference = (a @ a - (a.cuda() @ a.cuda()).cpu()).abs().max().item()
    cpu, gpu = mlp_losses("cpu"), mlp_losses("cuda")
    loss_difference = max(abs(x - y) for x, y in zip(cpu, gpu, strict=True))
    result.update(
        {
            "matmulMaxDifference": matmul_difference,
            "mlpLossesCpu": cpu,
            "mlpLossesCuda": gpu,
            "mlpMaxLossDifference": loss_difference,
            "ok": matmul_difference < 1e-3 and loss_difference < 1e-3,
        }
    )
    print(json.dumps(result))
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
