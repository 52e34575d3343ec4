"""Writes two studies with Optuna into a journal (file or Redis), then prints them as JSON.

Usage: journal_write.py --file PATH | --redis URL [--prefix P]
The studies cover every journal operation: float (plain, log, step), int (plain, log,
step) and categorical parameters, COMPLETE, PRUNED, FAIL, WAITING and RUNNING trials,
intermediate values (NaN and infinities included), user and system attributes, a
multi-objective study, and a deleted study. @dagnostics/tune must read the same.
"""

from __future__ import annotations

import argparse
import json

import optuna

from _journal_common import add_storage_arguments, describe_storage, open_storage


def objective(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -5.0, 5.0)
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    q = trial.suggest_float("q", 0.0, 1.0, step=0.25)
    n = trial.suggest_int("n", 1, 10)
    width = trial.suggest_int("width", 1, 1024, log=True)
    even = trial.suggest_int("even", 0, 8, step=2)
    kind = trial.suggest_categorical("kind", ["adam", "sgd", None, True, 3])
    trial.set_user_attr("note", {"kind": str(kind), "list": [1, 2.5, "a"]})
    if trial.number == 2:
        trial.report(float("nan"), 0)
        trial.report(float("inf"), 1)
        raise optuna.TrialPruned()
    if trial.number == 3:
        raise ValueError("failing on purpose")
    for step in range(3):
        trial.report(x * x + step, step)
    return x * x + lr + q + n + width / 1000 + even


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    add_storage_arguments(parser)
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = open_storage(args)

    doomed = optuna.create_study(study_name="deleted", storage=storage)
    doomed.optimize(lambda t: t.suggest_float("y", 0, 1), n_trials=1)
    optuna.delete_study(study_name="deleted", storage=storage)

    study = optuna.create_study(
        study_name="python-single",
        storage=storage,
        sampler=optuna.samplers.RandomSampler(seed=1),
    )
    study.set_user_attr("owner", "python")
    study.optimize(objective, n_trials=5, catch=(ValueError,))
    study.enqueue_trial({"x": 1.5, "n": 3}, user_attrs={"enqueued": True})
    running = study.ask()
    running.suggest_float("x", -5.0, 5.0)

    multi = optuna.create_study(
        study_name="python-multi",
        storage=storage,
        directions=["minimize", "maximize"],
        sampler=optuna.samplers.RandomSampler(seed=2),
    )
    multi.optimize(
        lambda t: (t.suggest_float("a", 0, 1), t.suggest_float("b", 0, 1)),
        n_trials=3,
    )
    print(json.dumps(describe_storage(storage)))


if __name__ == "__main__":
    main()
