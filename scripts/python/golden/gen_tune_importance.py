"""Golden cases for @dagnostics/tune's PED-ANOVA importances (src/importance/).

Studies are run in Optuna 5.0.0 (seeded samplers); each case holds the study's trials as
our FrozenTrial fields (params external, distributions in Optuna's JSON) and what
optuna.importance.get_param_importances gives with PedAnovaImportanceEvaluator.
Run: .venv-golden/bin/python scripts/python/golden/gen_tune_importance.py
"""

import math
import warnings

import optuna
from optuna.distributions import distribution_to_json
from optuna.importance import PedAnovaImportanceEvaluator, get_param_importances

from _common import write_fixture

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def quadratic(trial):
    x = trial.suggest_float("x", -5, 5)
    y = trial.suggest_float("y", -5, 5)
    z = trial.suggest_float("z", 1e-3, 1e3, log=True)
    return x**2 + 0.05 * y**2 + 0.001 * math.log(z) ** 2


def mixed(trial):
    kernel = trial.suggest_categorical("kernel", ["linear", "rbf", "poly"])
    lr = trial.suggest_float("lr", 1e-5, 1.0, log=True)
    batch = trial.suggest_int("batch", 16, 512, log=True)
    dropout = trial.suggest_float("dropout", 0.0, 0.5, step=0.05)
    layers = trial.suggest_int("layers", 1, 8)
    if kernel == "linear":
        value = 1.0 + 0.5 * (math.log10(trial.suggest_float("reg", 1e-6, 1.0, log=True)) + 3) ** 2
    elif kernel == "rbf":
        value = (math.log10(trial.suggest_float("gamma", 1e-4, 1e2, log=True)) - 0.5) ** 2
    else:
        value = 0.3 + 0.1 * (trial.suggest_int("degree", 2, 6) - 4) ** 2
    return value + (math.log10(lr) + 2.5) ** 2 + 0.125 * (math.log2(batch) - 6) ** 2 + 4 * (dropout - 0.2) ** 2 + 0.01 * layers


def accuracy(trial):
    depth = trial.suggest_int("depth", 1, 12)
    rate = trial.suggest_float("rate", 0.01, 0.3)
    booster = trial.suggest_categorical("booster", ["gbtree", "dart", None, 3])
    return 0.9 - 0.01 * (depth - 7) ** 2 - (rate - 0.1) ** 2 + (0.02 if booster == "dart" else 0.0)


def trial_record(trial):
    return {
        "number": trial.number,
        "trialId": trial._trial_id,
        "state": trial.state.name,
        "values": trial.values,
        "params": trial.params,
        "distributions": {name: distribution_to_json(d) for name, d in trial.distributions.items()},
    }


def case(name, objective, sampler, trials, direction, evaluators):
    study = optuna.create_study(direction=direction, sampler=sampler)
    study.optimize(objective, n_trials=trials)
    results = []
    for options in evaluators:
        evaluator = PedAnovaImportanceEvaluator(
            target_quantile=options.get("targetQuantile", 0.1),
            region_quantile=options.get("regionQuantile", 1.0),
            evaluate_on_local=options.get("evaluateOnLocal", True),
        )
        importances = get_param_importances(
            study, evaluator=evaluator, normalize=options.get("normalize", True), params=options.get("params")
        )
        results.append({"options": options, "importances": list(importances.items())})
    return {
        "name": name,
        "direction": direction,
        "trials": [trial_record(t) for t in study.trials],
        "results": results,
    }


EVALUATORS = [
    {},
    {"normalize": False},
    {"targetQuantile": 0.2, "regionQuantile": 0.5},
    {"evaluateOnLocal": False, "normalize": False},
    {"targetQuantile": 0.3, "normalize": False},
]

cases = [
    case("quadratic-random", quadratic, optuna.samplers.RandomSampler(seed=0), 60, "minimize", EVALUATORS),
    case("quadratic-tpe", quadratic, optuna.samplers.TPESampler(seed=3), 80, "minimize", EVALUATORS),
    case("mixed-conditional", mixed, optuna.samplers.RandomSampler(seed=1), 120, "minimize", EVALUATORS + [{"params": ["lr", "gamma"], "normalize": False}]),
    case("accuracy-maximize", accuracy, optuna.samplers.RandomSampler(seed=2), 50, "maximize", EVALUATORS),
    case("one-trial", quadratic, optuna.samplers.RandomSampler(seed=4), 1, "minimize", [{}, {"normalize": False}]),
]

write_fixture("packages/tune/src/importance/__fixtures__/ped-anova.json", "scripts/python/golden/gen_tune_importance.py", cases)
