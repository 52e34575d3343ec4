"""Golden cases for packages/tune/src/samplers/nsga2 (NSGA-II's deterministic parts).

For fixed populations of COMPLETE trials (2 and 3 objectives, minimise and maximise, with
and without constraints, with tied and duplicated objective vectors, infinite values) the
real Optuna computes:
- the non-domination rank of each trial (`_fast_non_domination_rank`, with the constraint
  penalty when the population is constrained);
- the crowding distance of each trial over the whole population and the order Optuna's
  crowding-distance sort leaves it in (`_calc_crowding_distance`, `_crowding_distance_sort`);
- the elite population, as trial numbers in the order returned, of
  `NSGAIIElitePopulationSelectionStrategy(population_size=k)` for several k.
It also records the numeric search-space transform crossovers work in
(`_SearchSpaceTransform` as `perform_crossover` builds it): bounds, transformed parameter
values and the untransformed values of points inside and outside the bounds.

Run from the repository root: .venv/bin/python scripts/python/golden/gen_tune_nsga2.py
"""

from __future__ import annotations

import math
import sys
import warnings
from pathlib import Path

import numpy as np
import optuna
from optuna.samplers.nsgaii._elite_population_selection_strategy import (
    NSGAIIElitePopulationSelectionStrategy,
    _calc_crowding_distance,
    _crowding_distance_sort,
)
from optuna.study._multi_objective import _fast_non_domination_rank
from optuna.study._constrained_optimization import _is_constrained_optimization
from optuna.samplers.nsgaii._constraints_evaluation import _evaluate_penalty

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_tune_nsga2.py"
FIXTURE = "packages/tune/src/samplers/nsga2/__fixtures__/nsga2.json"

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.simplefilter("ignore")


def make_trials(values, constraints):
    trials = []
    for number, vs in enumerate(values):
        system_attrs = {}
        if constraints is not None and constraints[number] is not None:
            for key, c in constraints[number].items():
                system_attrs[f"constraints:{key}"] = c
        trial = optuna.trial.create_trial(values=list(vs), system_attrs=system_attrs)
        trial.number = number
        trial._trial_id = number
        trials.append(trial)
    return trials


def case(name, directions, values, constraints=None, order=None, sizes=(2, 5, 10)):
    values = [[float(v) for v in row] for row in values]
    order = list(range(len(values))) if order is None else list(order)
    trials = make_trials(values, constraints)
    population = [trials[i] for i in order]
    study = optuna.create_study(directions=directions)

    signs = np.array([-1.0 if d == "maximize" else 1.0 for d in directions])
    loss = np.array([t.values for t in population], dtype=np.float64) * signs
    penalty = _evaluate_penalty(population) if _is_constrained_optimization(population) else None
    ranks = _fast_non_domination_rank(loss, penalty=penalty)

    crowd_population = list(population)
    distances = _calc_crowding_distance(crowd_population)
    crowd_sorted = list(population)
    _crowding_distance_sort(crowd_sorted)

    elites = {}
    for k in sizes:
        strategy = NSGAIIElitePopulationSelectionStrategy(population_size=k)
        elites[str(k)] = [t.number for t in strategy(study, list(population))]

    return {
        "name": name,
        "directions": directions,
        "values": values,
        "constraints": constraints,
        "order": order,
        "ranks": [int(r) for r in ranks],
        "crowdingDistances": {str(n): float(d) for n, d in distances.items()},
        "crowdingOrderAfterDistances": [t.number for t in crowd_population],
        "crowdingSortOrder": [t.number for t in crowd_sorted],
        "elite": elites,
    }


def main() -> None:
    cases = []
    rng = np.random.default_rng(20261127)

    # Continuous, 2 objectives, no ties.
    v = rng.uniform(0, 1, size=(20, 2)).round(6)
    cases.append(case("2obj-continuous", ["minimize", "minimize"], v, sizes=(2, 5, 10, 15, 25)))

    # Discrete levels: many ties and exact duplicates.
    v = rng.integers(0, 4, size=(24, 2))
    cases.append(case("2obj-ties", ["minimize", "minimize"], v, sizes=(2, 3, 6, 10, 17)))
    order = rng.permutation(24).tolist()
    cases.append(case("2obj-ties-shuffled", ["minimize", "minimize"], v, order=order, sizes=(3, 6, 10)))

    # Maximise one objective.
    v = rng.integers(0, 5, size=(18, 2))
    cases.append(case("2obj-min-max", ["minimize", "maximize"], v, sizes=(4, 7, 12)))

    # Three objectives, continuous and tied.
    v = rng.uniform(-1, 1, size=(25, 3)).round(5)
    cases.append(case("3obj-continuous", ["minimize", "minimize", "minimize"], v, sizes=(3, 8, 13, 20)))
    v = rng.integers(0, 3, size=(30, 3))
    cases.append(case("3obj-ties", ["minimize", "maximize", "minimize"], v, sizes=(2, 5, 9, 16, 29)))

    # Duplicated points only.
    v = [[1, 2]] * 4 + [[2, 1]] * 3 + [[0, 5]]
    cases.append(case("2obj-duplicates", ["minimize", "minimize"], v, sizes=(2, 3, 5, 7)))

    # Infinite values.
    v = [[0, math.inf], [1, 3], [2, 2], [math.inf, 0], [3, 1], [-math.inf, 4], [1, 3]]
    cases.append(case("2obj-infinite", ["minimize", "minimize"], v, sizes=(2, 3, 4, 6)))

    # Constraints: mixed feasible / infeasible, ties in violation, some trials without constraints.
    v = rng.integers(0, 4, size=(22, 2))
    cons = []
    for i in range(22):
        if i % 7 == 6:
            cons.append(None)
            continue
        c0 = float(rng.choice([-1.0, 0.0, 0.5, 1.0, 2.0]))
        c1 = float(rng.choice([-0.5, 0.0, 0.5]))
        cons.append({"c0": c0, "c1": c1})
    cases.append(case("2obj-constrained", ["minimize", "minimize"], v, constraints=cons, sizes=(2, 5, 9, 14, 20)))
    v = rng.uniform(0, 1, size=(20, 3)).round(4)
    cons = [{"a": float(x)} for x in rng.choice([-1.0, 0.0, 0.25, 0.5, 3.0], size=20)]
    cases.append(case("3obj-constrained", ["maximize", "minimize", "minimize"], v, constraints=cons, sizes=(3, 6, 11, 18)))
    # All infeasible.
    v = rng.uniform(0, 1, size=(10, 2)).round(3)
    cons = [{"a": float(x)} for x in rng.choice([0.1, 0.2, 0.3], size=10)]
    cases.append(case("2obj-all-infeasible", ["minimize", "minimize"], v, constraints=cons, sizes=(2, 4, 7)))

    write_fixture(FIXTURE, GENERATOR, {"populations": cases, "transforms": transform_cases()})


def distribution_json(d):
    if isinstance(d, optuna.distributions.FloatDistribution):
        return {"kind": "float", "low": d.low, "high": d.high, "log": d.log, "step": d.step}
    return {"kind": "int", "low": d.low, "high": d.high, "log": d.log, "step": d.step}


def transform_cases():
    from optuna._transform import _SearchSpaceTransform
    from optuna.distributions import FloatDistribution, IntDistribution

    space = {
        "f": FloatDistribution(-2.0, 3.0),
        "flog": FloatDistribution(1e-3, 10.0, log=True),
        "fstep": FloatDistribution(-1.0, 1.0, step=0.25),
        "i": IntDistribution(0, 10),
        "istep": IntDistribution(1, 13, step=3),
        "ilog": IntDistribution(1, 100, log=True),
    }
    transform = _SearchSpaceTransform(space)
    rng = np.random.default_rng(7)
    params = {"f": 1.5, "flog": 0.2, "fstep": 0.5, "i": 7, "ilog": 30, "istep": 10}
    bounds = transform.bounds
    points = []
    for _ in range(40):
        width = bounds[:, 1] - bounds[:, 0]
        point = bounds[:, 0] - 0.2 * width + rng.uniform(0, 1.4, size=len(bounds)) * width
        points.append(point)
    # Exact ends and half-step ties.
    points.append(bounds[:, 0].copy())
    points.append(bounds[:, 1].copy())
    points.append(np.array([3.0, math.log(10.0), -0.875, 2.5, 5.5, math.log(2.5)]))
    return {
        "space": {name: distribution_json(d) for name, d in space.items()},
        "bounds": bounds,
        "params": params,
        "transformed": transform.transform(params),
        "points": [
            {"point": p, "untransformed": {k: float(v) for k, v in transform.untransform(p).items()}}
            for p in points
        ],
    }


if __name__ == "__main__":
    main()
