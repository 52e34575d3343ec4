"""Shared helpers for the golden-fixture generators.

Each generator computes reference values with the real peer (numpy, scipy, ...) and
writes them as JSON next to the TypeScript code that must reproduce them. JSON has no
NaN or infinities, so those are written as the strings "NaN", "Infinity", "-Infinity";
packages/core/test/support/golden.ts decodes them.
"""

from __future__ import annotations

import json
import math
import pathlib
import sys
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[3]


def encode(value: Any) -> Any:
    """Recursively turn numpy scalars/arrays and non-finite floats into JSON values."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is pinned in requirements.txt
        np = None
    if np is not None:
        if isinstance(value, np.ndarray):
            return [encode(v) for v in value.tolist()]
        if isinstance(value, np.generic):
            value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def peer_versions() -> dict[str, str]:
    """Versions of the installed peers, read from package metadata (nothing is imported)."""
    from importlib import metadata

    versions = {"python": sys.version.split()[0]}
    for name in ("numpy", "scipy", "pandas", "optuna", "mlflow", "evidently", "nannyml",
                 "river", "scikit-learn"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return versions


def write_fixture(relative_path: str, generator: str, cases: Any) -> None:
    """Write `cases` to ROOT/relative_path with a header naming the generator and peers."""
    path = ROOT / relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "generator": generator,
        "peers": peer_versions(),
        "cases": encode(cases),
    }
    path.write_text(json.dumps(document, indent=1, allow_nan=False) + "\n")
    count = len(cases) if isinstance(cases, (list, dict)) else 1
    print(f"wrote {relative_path} ({count} groups)")
