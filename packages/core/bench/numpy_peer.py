"""numpy side of packages/core/bench/run.ts.

Loads the float64 data written by run.ts (raw little-endian doubles) and answers commands
read one per line from stdin, each with one JSON line on stdout:

- `outputs`: numpy's version and the result of every task, so that run.ts can check that
  both sides agree;
- `round`: runs every task once and reports its wall time in milliseconds;
- `quit`: exits.

run.ts alternates its own rounds with numpy's, so that both see the same machine load.

Usage: python numpy_peer.py DATA.bin --qs 0.01,0.5 --bins auto,fd,50
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--qs", required=True)
    parser.add_argument("--bins", required=True)
    arguments = parser.parse_args()

    data = np.fromfile(arguments.data, dtype="<f8")
    qs = [float(q) for q in arguments.qs.split(",")]
    bins = [int(b) if b.isdigit() else b for b in arguments.bins.split(",")]

    tasks = {"quantiles": lambda: np.quantile(data, qs)}
    for b in bins:
        tasks[f"histogramBinEdges({b})"] = lambda b=b: np.histogram_bin_edges(data, bins=b)

    for line in sys.stdin:
        command = line.strip()
        if command == "outputs":
            outputs = {name: [float(v) for v in np.asarray(task())] for name, task in tasks.items()}
            reply = {"numpy": np.__version__, "size": int(data.size), "outputs": outputs}
        elif command == "round":
            reply = {}
            for name, task in tasks.items():
                start = time.perf_counter()
                task()
                reply[name] = (time.perf_counter() - start) * 1000
        elif command == "quit":
            break
        else:
            reply = {"error": f"unknown command {command!r}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
