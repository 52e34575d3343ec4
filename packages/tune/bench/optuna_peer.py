"""Optuna 5 side of the tune benchmark (shared/reference/optuna.md, section 4.3).

Runs each (function, sampler, seed) study of `trials` trials with ask/tell and writes
best-so-far regrets, then times ask + suggest at large histories. Prints one JSON object.

Usage: optuna_peer.py CONFIG_JSON
CONFIG_JSON: {"functions": [...], "samplers": [...], "seeds": n, "trials": n,
              "gp": {"functions": [...], "seeds": n},
              "timing": {"functions": [...], "trials": n, "seeds": n, "samplers": [...]},
              "processes": n}
"""

import json
import math
import sys
import time
from multiprocessing import Pool

import numpy
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]


def branin(x1, x2):
    b = 5.1 / (4 * math.pi**2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1**2 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2 for j in range(6))
        total -= HARTMANN_ALPHA[i] * math.exp(-inner)
    return total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def styblinski(x):
    return sum(v**4 - 16 * v**2 + 5 * v for v in x) / 2


def mixed(trial):
    kernel = trial.suggest_categorical("kernel", ["linear", "rbf", "poly"])
    lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
    batch = trial.suggest_int("batch", 16, 512, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
    if kernel == "linear":
        reg = trial.suggest_float("reg", 1e-6, 1.0, log=True)
        value = 1.0 + 0.5 * (math.log10(reg) + 3) ** 2
    elif kernel == "rbf":
        gamma = trial.suggest_float("gamma", 1e-4, 1e2, log=True)
        value = (math.log10(gamma) - 0.5) ** 2
    else:
        degree = trial.suggest_int("degree", 2, 6)
        coef0 = trial.suggest_float("coef0", 0, 1)
        value = 0.3 + 0.1 * (degree - 4) ** 2 + (coef0 - 0.25) ** 2
    return value + (math.log10(lr) + 2.5) ** 2 + 0.125 * (math.log2(batch) - 6) ** 2 + 4 * (dropout - 0.2) ** 2


def floats(trial, count, low, high, log=False):
    return [trial.suggest_float(f"x{i}", low, high, log=log) for i in range(count)]


FUNCTIONS = {
    "branin": (0.397887357729739, lambda t: branin(t.suggest_float("x1", -5, 10), t.suggest_float("x2", 0, 15))),
    "hartmann6": (-3.322368011415515, lambda t: hartmann6(floats(t, 6, 0, 1))),
    "rosenbrock_log4": (0.0, lambda t: rosenbrock(floats(t, 4, 1e-2, 10, log=True))),
    "styblinski5": (-195.83082851885706, lambda t: styblinski(floats(t, 5, -5, 5))),
    "mixed": (0.0, mixed),
}

# The test vectors of the reference; the TypeScript side checks the same ones.
assert branin(0, 0) == 55.602112642270264
assert abs(hartmann6([0.5] * 6) - -0.5053149917022333) < 1e-15
assert rosenbrock([0.5, 2, 1, 3]) == 1607.5
assert styblinski([0, 1, -1, 2, -2]) == -63.0


def make_sampler(name, seed):
    if name == "tpe_v5":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "tpe_indep":
        return optuna.samplers.TPESampler(seed=seed, multivariate=False)
    if name == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "gp":
        return optuna.samplers.GPSampler(seed=seed)
    raise ValueError(name)


def run(job):
    function, sampler, seed, trials = job
    optimum, objective = FUNCTIONS[function]
    study = optuna.create_study(sampler=make_sampler(sampler, seed))
    best = math.inf
    regrets = []
    suggest_ms = []
    for _ in range(trials):
        started = time.perf_counter()
        trial = study.ask()
        value = objective(trial)
        suggest_ms.append((time.perf_counter() - started) * 1e3)
        study.tell(trial, value)
        best = min(best, value)
        regrets.append(best - optimum)
    return function, sampler, seed, regrets, suggest_ms


def main():
    config = json.loads(sys.argv[1])
    jobs = [
        (function, sampler, seed, config["trials"])
        for function in config["functions"]
        for sampler in config["samplers"]
        for seed in range(config["seeds"])
    ]
    gp = config.get("gp")
    if gp:
        jobs += [(function, "gp", seed, config["trials"]) for function in gp["functions"] for seed in range(gp["seeds"])]
    started = time.time()
    regrets = {}
    with Pool(config.get("processes", 2)) as pool:
        for function, sampler, seed, curve, suggest_ms in pool.imap_unordered(run, jobs):
            regrets.setdefault(function, {}).setdefault(sampler, {})[seed] = curve
            if sampler == "gp":
                regrets[function].setdefault("gp_ms", {})[seed] = suggest_ms
    quality_seconds = time.time() - started
    # Seeds in order.
    for function in regrets:
        for sampler in regrets[function]:
            by_seed = regrets[function][sampler]
            regrets[function][sampler] = [by_seed[seed] for seed in sorted(by_seed)]

    timing = {}
    timing_config = config.get("timing")
    if timing_config:
        for function in timing_config["functions"]:
            for sampler in timing_config["samplers"]:
                for seed in range(timing_config["seeds"]):
                    _, _, _, _, suggest_ms = run((function, sampler, seed, timing_config["trials"]))
                    timing.setdefault(function, {}).setdefault(sampler, []).append(suggest_ms)

    print(
        json.dumps(
            {
                "versions": {
                    "python": sys.version.split()[0],
                    "optuna": optuna.__version__,
                    "numpy": numpy.__version__,
                    "torch": _torch_version(),
                },
                "qualitySeconds": quality_seconds,
                "regrets": regrets,
                "timing": timing,
            }
        )
    )


def _torch_version():
    try:
        import torch

        return torch.__version__
    except ImportError:
        return None


if __name__ == "__main__":
    main()
