"""Golden cases for packages/tune/src/pruners (pruning decisions of Optuna's pruners).

Each case builds a study in the real Optuna with fixed intermediate values (no parameters,
so the sampler plays no part), reports them in a fixed order, and records what
`trial.should_prune()` answered after every report, the state each trial ended in, and the
`completed_rung_<k>` system attributes the successive-halving pruners left on it. The
TypeScript tests replay the same reports through our pruners and expect the same answers.

Two schedules: "sequential" runs the trials one after the other (Optuna's
`optimize(n_jobs=1)`); "round-robin" asks every trial first, then reports step by step
across the trials still running, so pruners see RUNNING trials and partial rungs.

Run from the repository root: .venv/bin/python scripts/python/golden/gen_tune_pruners.py
"""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path

import numpy as np
import optuna

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_tune_pruners.py"
FIXTURE = "packages/tune/src/pruners/__fixtures__/pruners.json"
STUDY_NAME = "golden-pruners"

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def curves(seed: int, n_trials: int, n_steps: int, nan_rate: float = 0.0) -> list[list[float]]:
    """Noisy decreasing learning curves with trial-specific levels."""
    rng = np.random.default_rng(seed)
    result = []
    for _ in range(n_trials):
        level = rng.uniform(0.0, 1.0)
        rate = rng.uniform(0.02, 0.3)
        values = []
        for step in range(n_steps):
            value = level + math.exp(-rate * step) + rng.normal(0.0, 0.05)
            if rng.uniform() < nan_rate:
                value = math.nan
            values.append(round(float(value), 6))
        result.append(values)
    return result


def rising(values: list[list[float]]) -> list[list[float]]:
    """The same curves mirrored, so that they improve upwards (for maximized studies)."""
    return [[round(2.0 - value, 6) for value in trial] for trial in values]


def make_pruner(spec: dict) -> optuna.pruners.BasePruner:
    kind = spec["kind"]
    options = spec.get("options", {})
    if kind == "median":
        return optuna.pruners.MedianPruner(**options)
    if kind == "percentile":
        return optuna.pruners.PercentilePruner(**options)
    if kind == "threshold":
        return optuna.pruners.ThresholdPruner(**options)
    if kind == "successive-halving":
        return optuna.pruners.SuccessiveHalvingPruner(**options)
    if kind == "hyperband":
        return optuna.pruners.HyperbandPruner(**options)
    if kind == "patient":
        wrapped = spec.get("wrapped")
        return optuna.pruners.PatientPruner(
            None if wrapped is None else make_pruner(wrapped), **options
        )
    if kind == "nop":
        return optuna.pruners.NopPruner()
    raise ValueError(kind)


def run_case(case: dict) -> dict:
    study = optuna.create_study(
        study_name=STUDY_NAME,
        direction=case["direction"],
        sampler=optuna.samplers.RandomSampler(seed=0),
        pruner=make_pruner(case["pruner"]),
    )
    trials_values = case["trials"]
    steps_of = case.get("steps")
    decisions: list[list[bool]] = [[] for _ in trials_values]

    def steps(index: int) -> list[int]:
        return steps_of if steps_of is not None else list(range(len(trials_values[index])))

    def report(trial: optuna.Trial, index: int, position: int) -> bool:
        trial.report(trials_values[index][position], steps(index)[position])
        pruned = trial.should_prune()
        decisions[index].append(pruned)
        return pruned

    def finish(trial: optuna.Trial, index: int, pruned: bool) -> None:
        if pruned:
            study.tell(trial, state=optuna.trial.TrialState.PRUNED)
        else:
            final = trials_values[index][-1]
            study.tell(trial, 0.0 if math.isnan(final) else final)

    if case["schedule"] == "sequential":
        for index in range(len(trials_values)):
            trial = study.ask()
            pruned = False
            for position in range(len(trials_values[index])):
                if report(trial, index, position):
                    pruned = True
                    break
            finish(trial, index, pruned)
    else:
        running = {index: study.ask() for index in range(len(trials_values))}
        position = 0
        while running:
            for index in sorted(running):
                trial = running[index]
                pruned = report(trial, index, position)
                if pruned or position == len(trials_values[index]) - 1:
                    finish(trial, index, pruned)
                    del running[index]
            position += 1

    results = []
    for frozen in study.get_trials():
        rungs = {k: v for k, v in frozen.system_attrs.items() if k.startswith("completed_rung_")}
        results.append(
            {"state": frozen.state.name, "decisions": decisions[frozen.number], "rungs": rungs}
        )
    return {**case, "studyName": STUDY_NAME, "expected": results}


CASES = [
    {"name": "median defaults, sequential", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "median"}, "trials": curves(1, 14, 12)},
    {"name": "median warm-up, interval, min trials, maximize", "direction": "maximize",
     "schedule": "sequential",
     "pruner": {"kind": "median", "options": {"n_startup_trials": 2, "n_warmup_steps": 3,
                                               "interval_steps": 2, "n_min_trials": 3}},
     "trials": rising(curves(2, 12, 12))},
    {"name": "median with NaN values", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "median", "options": {"n_startup_trials": 3}},
     "trials": curves(3, 12, 8, nan_rate=0.15)},
    {"name": "percentile 25, skipped steps", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "percentile", "options": {"percentile": 25.0, "n_startup_trials": 3,
                                                   "interval_steps": 3}},
     "steps": [0, 2, 5, 6, 9, 13, 14], "trials": curves(4, 12, 7)},
    {"name": "percentile 75, round-robin, maximize", "direction": "maximize",
     "schedule": "round-robin",
     "pruner": {"kind": "percentile", "options": {"percentile": 75.0, "n_startup_trials": 0}},
     "trials": rising(curves(5, 10, 10))},
    {"name": "threshold with NaN", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "threshold", "options": {"lower": 0.3, "upper": 1.2,
                                                  "n_warmup_steps": 2, "interval_steps": 3}},
     "trials": curves(6, 10, 12, nan_rate=0.1)},
    {"name": "successive halving defaults (auto min resource)", "direction": "minimize",
     "schedule": "sequential", "pruner": {"kind": "successive-halving"},
     "trials": curves(7, 16, 30)},
    {"name": "successive halving, round-robin, maximize", "direction": "maximize",
     "schedule": "round-robin",
     "pruner": {"kind": "successive-halving",
                "options": {"min_resource": 1, "reduction_factor": 3,
                            "min_early_stopping_rate": 1}},
     "trials": rising(curves(8, 14, 20))},
    {"name": "successive halving, bootstrap", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "successive-halving",
                "options": {"min_resource": 2, "reduction_factor": 2, "bootstrap_count": 2}},
     "trials": curves(9, 12, 17, nan_rate=0.05)},
    {"name": "hyperband defaults", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "hyperband"}, "trials": curves(10, 24, 27)},
    {"name": "hyperband explicit, round-robin, maximize", "direction": "maximize",
     "schedule": "round-robin",
     "pruner": {"kind": "hyperband",
                "options": {"min_resource": 1, "max_resource": 9, "reduction_factor": 3}},
     "trials": rising(curves(11, 18, 9))},
    {"name": "patient alone", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "patient", "options": {"patience": 2, "min_delta": 0.02}},
     "trials": curves(12, 8, 15)},
    {"name": "patient around median, maximize", "direction": "maximize",
     "schedule": "sequential",
     "pruner": {"kind": "patient", "options": {"patience": 1},
                "wrapped": {"kind": "median", "options": {"n_startup_trials": 2}}},
     "trials": rising(curves(13, 10, 12))},
    {"name": "patient around successive halving", "direction": "minimize",
     "schedule": "round-robin",
     "pruner": {"kind": "patient", "options": {"patience": 0},
                "wrapped": {"kind": "successive-halving",
                            "options": {"min_resource": 1, "reduction_factor": 2}}},
     "trials": curves(14, 10, 10)},
    {"name": "nop", "direction": "minimize", "schedule": "sequential",
     "pruner": {"kind": "nop"}, "trials": curves(15, 4, 5)},
]


def main() -> None:
    write_fixture(FIXTURE, GENERATOR, [run_case(case) for case in CASES])


if __name__ == "__main__":
    main()
