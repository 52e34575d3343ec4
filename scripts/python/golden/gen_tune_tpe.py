"""Golden values for @dagnostics/tune's TPE sampler from Optuna 5.0.0's own internals.

Only deterministic pieces (numpy's RNG is not ours): the truncated-normal helpers, the
Parzen estimator's kernels and log-density at fixed points, `_split_trials`, and the gamma
and weights functions. Writes packages/tune/src/samplers/tpe/__fixtures__/tpe.json.

Run: .venv/bin/python scripts/python/golden/gen_tune_tpe.py
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe import parzen_estimator as _pe_module
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.probability_distributions import _BatchedCategoricalDistributions
from optuna.samplers import TPESampler
from optuna.samplers._tpe.sampler import (
    _split_trials,
    default_gamma,
    default_gamma_multiobjective,
    default_weights,
    hyperopt_default_gamma,
)
from optuna.trial import TrialState, create_trial

from _common import write_fixture

OUT = "packages/tune/src/samplers/tpe/__fixtures__/tpe.json"
optuna.logging.set_verbosity(optuna.logging.ERROR)
# Optuna's ppf takes log(0) at q = 0 and q = 1 before overwriting those entries.
warnings.filterwarnings("ignore", category=RuntimeWarning)

DISTRIBUTIONS = {
    "f_lin": FloatDistribution(-5.0, 10.0),
    "f_log": FloatDistribution(1e-3, 10.0, log=True),
    "f_step": FloatDistribution(0.0, 1.0, step=0.1),
    "i_lin": IntDistribution(-3, 12),
    "i_step": IntDistribution(0, 30, step=3),
    "i_log": IntDistribution(1, 1000, log=True),
    "cat": CategoricalDistribution(["a", "b", "c", "d"]),
}


def dist_json(d):
    if isinstance(d, CategoricalDistribution):
        return {"kind": "categorical", "choices": list(d.choices)}
    kind = "float" if isinstance(d, FloatDistribution) else "int"
    return {"kind": kind, "low": d.low, "high": d.high, "log": d.log, "step": d.step}


def draw(rng, d, size):
    """Internal-representation values inside `d` (grid points for stepped ones)."""
    if isinstance(d, CategoricalDistribution):
        return rng.randint(0, len(d.choices), size=size).astype(float)
    if d.step is not None:
        k = rng.randint(0, int(round((d.high - d.low) / d.step)) + 1, size=size)
        return np.array([float(d.low + kk * d.step) for kk in k])
    if d.log:
        return np.exp(rng.uniform(math.log(d.low), math.log(d.high), size=size))
    return rng.uniform(d.low, d.high, size=size)


def edge_points(d):
    if isinstance(d, CategoricalDistribution):
        return [float(i) for i in range(len(d.choices))]
    return [float(d.low), float(d.high)]


class _StableNumpy:
    """numpy, except that `argsort` defaults to a stable sort."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def argsort(a, *args, **kwargs):
        kwargs.setdefault("kind", "stable")
        return np.argsort(a, *args, **kwargs)


class _stable_argsort:
    def __enter__(self):
        self._saved = _pe_module.np
        _pe_module.np = _StableNumpy()

    def __exit__(self, *exc):
        _pe_module.np = self._saved


def estimator_case(name, space, n_obs, seed, params, predetermined=None):
    rng = np.random.RandomState(seed)
    observations = {k: draw(rng, d, n_obs) for k, d in space.items()}
    n_points = 25
    points = {k: draw(rng, d, n_points) for k, d in space.items()}
    # Add the domain ends of every dimension (jointly, padded with the first point).
    n_edges = max(len(edge_points(d)) for d in space.values())
    for k, d in space.items():
        e = edge_points(d)
        e = e + [e[0]] * (n_edges - len(e))
        points[k] = np.concatenate([points[k], e])
    # Which tied centre gets which neighbour bandwidth depends on the order the sort leaves
    # ties in; numpy's default argsort is not stable (its SIMD sort reorders ties), so the
    # fixture pins a stable argsort inside Optuna's estimator (`_stable_argsort`) and flags
    # the cases where that differs from what stock Optuna would compute on this machine.
    tie_order_dependent = any(
        not isinstance(space[k], CategoricalDistribution)
        and not (np.argsort(v) == np.argsort(v, kind="stable")).all()
        for k, v in observations.items()
    )
    pe_params = _ParzenEstimatorParameters(
        prior_weight=params["prior_weight"],
        consider_magic_clip=params["consider_magic_clip"],
        consider_endpoints=params["consider_endpoints"],
        weights=default_weights,
        multivariate=True,
    )
    with _stable_argsort():
        pe = _ParzenEstimator(
            observations,
            space,
            pe_params,
            None if predetermined is None else np.asarray(predetermined, dtype=float),
        )
    mixture = pe._mixture_distribution
    dims = []
    for d in mixture.distributions:
        if isinstance(d, _BatchedCategoricalDistributions):
            dims.append({"type": "categorical", "probabilities": d.weights.ravel()})
        else:
            dims.append({"type": "numerical", "mus": d.mu, "sigmas": d.sigma})
    return {
        "name": name,
        "space": {k: dist_json(d) for k, d in space.items()},
        "params": params,
        "predetermined": predetermined,
        "tie_order_dependent": tie_order_dependent,
        "observations": observations,
        "weights": mixture.weights,
        "dimensions": dims,
        "points": points,
        "log_pdf": pe.log_pdf(points),
    }


def estimator_cases():
    cases = []
    base = {"prior_weight": 1.0, "consider_magic_clip": True, "consider_endpoints": False}
    seed = 0
    for n_obs in (0, 1, 2, 10, 60):
        for endpoints in (False, True):
            params = dict(base, consider_endpoints=endpoints)
            for key, d in DISTRIBUTIONS.items():
                seed += 1
                cases.append(
                    estimator_case(f"uni-{key}-n{n_obs}-ep{endpoints}", {key: d}, n_obs, seed, params)
                )
            seed += 1
            cases.append(
                estimator_case(f"multi-n{n_obs}-ep{endpoints}", dict(DISTRIBUTIONS), n_obs, seed, params)
            )
    for variant in (
        {"prior_weight": 0.5, "consider_magic_clip": True, "consider_endpoints": False},
        {"prior_weight": 2.0, "consider_magic_clip": False, "consider_endpoints": False},
        {"prior_weight": 1.0, "consider_magic_clip": False, "consider_endpoints": True},
    ):
        for n_obs in (1, 10, 60):
            seed += 1
            cases.append(
                estimator_case(
                    f"variant-pw{variant['prior_weight']}-mc{variant['consider_magic_clip']}"
                    f"-ep{variant['consider_endpoints']}-n{n_obs}",
                    dict(DISTRIBUTIONS),
                    n_obs,
                    seed,
                    variant,
                )
            )
    seed += 1
    cases.append(
        estimator_case("predetermined-n12", dict(DISTRIBUTIONS), 12, seed, base, [1.0] * 12)
    )
    # Observations piled up on a few values (ties) with many kernels.
    seed += 1
    cases.append(estimator_case("ties-i_lin-n40", {"i_lin": IntDistribution(0, 3)}, 40, seed, base))
    return cases


def truncnorm_cases():
    pairs = [
        (-40.0, -39.0), (-30.0, -5.0), (-25.0, -20.0), (-21.0, -19.0), (-8.0, -7.5), (-3.0, -2.0),
        (-1.0, 1.0), (-0.5, 0.5), (-1e-3, 1e-3), (-5.0, 2.0), (-0.1, 30.0), (0.0, 1.0),
        (-1.0, 0.0), (1e-9, 2e-9), (2.0, 3.0), (5.0, 8.0), (7.0, 7.5), (19.0, 21.0),
        (20.0, 40.0), (-38.0, 38.0), (-10.0, -9.99),
    ]
    mass = [{"a": a, "b": b, "value": float(_truncnorm._log_gauss_mass(np.array([a]), np.array([b]))[0])} for a, b in pairs]
    qs = [0.0, 1e-300, 1e-12, 1e-6, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-9, 1.0]
    ppf = []
    for a, b in pairs:
        for q in qs:
            ppf.append({"q": q, "a": a, "b": b, "value": float(_truncnorm.ppf(np.array([q]), a, b)[0])})
    logpdf = []
    for a, b in pairs:
        for loc, scale in ((0.0, 1.0), (2.0, 0.5), (-3.0, 7.0)):
            for t in (0.0, 0.25, 0.5, 1.0, 1.2):
                x = loc + scale * (a + t * (b - a))
                logpdf.append({
                    "x": x, "a": a, "b": b, "loc": loc, "scale": scale,
                    "value": float(_truncnorm.logpdf(np.array([x]), a, b, loc, scale)[0]),
                })
    xs = [-60.0, -38.5, -25.0, -20.0, -19.999, -10.0, -5.0, -1.0, -0.5, 0.0, 0.3, 1.0, 5.9, 6.0, 6.1, 10.0, 40.0]
    log_ndtr = [{"x": x, "value": float(_truncnorm._log_ndtr(np.array([x]))[0])} for x in xs]
    ys = [-1e4, -800.0, -100.0, -30.0, -6.0, -5.0, -1.0, -0.6931, -0.1, -0.0100001, -1e-2, -1e-5, -1e-12, -1e-300]
    ndtri_exp = [{"y": y, "value": float(_truncnorm._ndtri_exp(np.array([y]))[0])} for y in ys]
    return {"log_gauss_mass": mass, "ppf": ppf, "logpdf": logpdf, "log_ndtr": log_ndtr, "ndtri_exp": ndtri_exp}


def trial_json(t):
    return {
        "number": t.number,
        "state": t.state.name,
        "values": t.values,
        "intermediate": [[k, v] for k, v in sorted(t.intermediate_values.items())],
        "system_attrs": t.system_attrs,
    }


def make_trials(rng, n_obj, n_complete, n_pruned, n_running, n_infeasible, n_fail=0, ties=False):
    specs = (
        ["COMPLETE"] * n_complete + ["PRUNED"] * n_pruned + ["RUNNING"] * n_running
        + ["INFEASIBLE"] * n_infeasible + ["FAIL"] * n_fail
    )
    rng.shuffle(specs)
    trials = []
    for number, kind in enumerate(specs):
        constraints = None
        if kind in ("COMPLETE", "INFEASIBLE"):
            if ties:
                values = [float(v) for v in rng.randint(0, 4, size=n_obj)]
            else:
                values = [float(v) for v in rng.normal(size=n_obj)]
            if kind == "INFEASIBLE":
                constraints = [float(rng.uniform(0.01, 2.0)), float(rng.uniform(-1.0, 1.0))]
            elif rng.rand() < 0.5:
                constraints = [float(-rng.uniform(0.0, 1.0))]
            state = TrialState.COMPLETE
        elif kind == "PRUNED":
            values = None
            state = TrialState.PRUNED
        elif kind == "RUNNING":
            values = None
            state = TrialState.RUNNING
        else:
            values = None
            state = TrialState.FAIL
        intermediate = {}
        if kind == "PRUNED" and n_obj == 1:  # multi-objective trials cannot report
            steps = int(rng.randint(0, 4))
            for s in range(steps):
                v = float(rng.normal())
                if rng.rand() < 0.15:
                    v = float("nan")
                intermediate[s * 2] = v
        system_attrs = {}
        if constraints is not None:
            if rng.rand() < 0.5:
                system_attrs["constraints"] = constraints
            else:
                for i, c in enumerate(constraints):
                    system_attrs[f"constraints:c{i}"] = c
        t = create_trial(
            state=state,
            values=values,
            params={},
            distributions={},
            intermediate_values=intermediate,
            system_attrs=system_attrs,
        )
        t.number = number
        t._trial_id = number
        trials.append(t)
    return trials


def split_cases():
    cases = []
    rng = np.random.RandomState(2026)
    configs = [
        ("minimize", 1, 30, 0, 0, 0, False),
        ("maximize", 1, 30, 0, 0, 0, False),
        ("minimize", 1, 12, 8, 3, 0, False),
        ("maximize", 1, 5, 12, 2, 0, False),
        ("minimize", 1, 10, 5, 0, 10, False),
        ("maximize", 1, 3, 4, 2, 15, False),
        ("minimize", 1, 40, 0, 0, 0, True),
        ("minimize", 2, 30, 0, 0, 0, False),
        ("minimize", 2, 40, 5, 2, 0, True),
        ("maximize", 2, 25, 3, 0, 5, False),
        ("minimize", 3, 30, 0, 0, 0, False),
        ("minimize", 3, 50, 0, 0, 0, True),
        ("maximize", 3, 20, 4, 1, 4, False),
    ]
    for direction, n_obj, n_c, n_p, n_r, n_i, ties in configs:
        for repeat in range(2):
            trials = make_trials(rng, n_obj, n_c, n_p, n_r, n_i, n_fail=0, ties=ties)
            directions = [direction] * n_obj
            if n_obj > 1 and repeat == 1:
                directions[0] = "maximize" if direction == "minimize" else "minimize"
            study = optuna.create_study(directions=directions)
            n = sum(t.state != TrialState.RUNNING for t in trials)
            splits = []
            for n_below in sorted({0, 1, 3, default_gamma(n), default_gamma_multiobjective(n), n // 2, n}):
                below, above = _split_trials(study, list(trials), n_below)
                splits.append({
                    "n_below": n_below,
                    "below": [t.number for t in below],
                    "above": [t.number for t in above],
                })
            cases.append({
                "directions": directions,
                "trials": [trial_json(t) for t in trials],
                "splits": splits,
            })
    return cases


def external(d, internal):
    if isinstance(d, CategoricalDistribution):
        return d.choices[int(internal)]
    if isinstance(d, IntDistribution):
        return int(internal)
    return float(internal)


def acquisition_cases():
    """log l(x) - log g(x) at fixed candidates for whole studies (split + observations + fit)."""
    cases = []
    rng = np.random.RandomState(77)
    configs = [
        # directions, complete, pruned, running, infeasible, multivariate, constant_liar, conditional
        (["minimize"], 30, 0, 0, 0, True, True, False),
        (["maximize"], 45, 6, 4, 0, True, True, False),
        (["minimize"], 40, 5, 5, 6, True, False, False),
        (["minimize"], 35, 0, 3, 0, False, True, True),
        (["minimize"], 60, 8, 0, 5, True, True, True),
        (["minimize", "maximize"], 40, 3, 3, 0, None, True, False),
        (["minimize", "minimize", "minimize"], 50, 0, 2, 4, None, True, False),
    ]
    for directions, n_c, n_p, n_r, n_i, multivariate, liar, conditional in configs:
        study = optuna.create_study(directions=directions)
        kinds = ["COMPLETE"] * n_c + ["PRUNED"] * n_p + ["RUNNING"] * n_r + ["INFEASIBLE"] * n_i
        rng.shuffle(kinds)
        kinds.append("CURRENT")
        for kind in kinds:
            params = {}
            for k, d in DISTRIBUTIONS.items():
                if conditional and k == "i_log" and rng.rand() < 0.4:
                    continue
                params[k] = external(d, draw(rng, d, 1)[0])
            dists = {k: DISTRIBUTIONS[k] for k in params}
            values = None
            system_attrs = {}
            intermediate = {}
            state = TrialState.RUNNING
            if kind in ("COMPLETE", "INFEASIBLE"):
                state = TrialState.COMPLETE
                values = [float(v) for v in rng.normal(size=len(directions))]
                if kind == "INFEASIBLE":
                    system_attrs["constraints:c"] = float(rng.uniform(0.1, 1.0))
            elif kind == "PRUNED":
                state = TrialState.PRUNED
                if len(directions) == 1:
                    intermediate = {int(s): float(rng.normal()) for s in range(int(rng.randint(0, 3)))}
            if kind == "RUNNING":
                # A worker that shared its relative params but has suggested only one so far.
                system_attrs["tpe:relative_params:0"] = json.dumps(params)
                first = next(iter(params))
                params, dists = {first: params[first]}, {first: dists[first]}
            if kind == "CURRENT":
                params, dists = {}, {}
            study.add_trial(
                create_trial(
                    state=state,
                    values=values,
                    params=params,
                    distributions=dists,
                    intermediate_values=intermediate,
                    system_attrs=system_attrs,
                )
            )
        all_trials = study.get_trials(deepcopy=False)
        current = all_trials[-1]
        sampler = TPESampler(multivariate=multivariate, constant_liar=liar, seed=0)
        if sampler._gamma is None:
            sampler._gamma = default_gamma if len(directions) == 1 else default_gamma_multiobjective
        relative_space = sampler.infer_relative_search_space(study, current)
        spaces = [relative_space] if relative_space else []
        spaces += [{k: d} for k, d in DISTRIBUTIONS.items()]
        evaluations = []
        for space in spaces:
            candidates = {k: draw(rng, d, 20) for k, d in space.items()}
            states = [TrialState.COMPLETE, TrialState.PRUNED] + ([TrialState.RUNNING] if liar else [])
            trials = [t for t in study._get_trials(deepcopy=False, states=states) if t.number != current.number]
            n = sum(t.state != TrialState.RUNNING for t in trials)
            below, above = _split_trials(study, trials, sampler._gamma(n))
            # Tied int/step observations: pin the tie order as in estimator_case.
            with _stable_argsort():
                mpe_below = sampler._build_parzen_estimator(study, space, below, handle_below=True)
                mpe_above = sampler._build_parzen_estimator(study, space, above, handle_below=False)
            acq = sampler._compute_acquisition_func(candidates, mpe_below, mpe_above)
            evaluations.append({
                "space": {k: dist_json(d) for k, d in space.items()},
                "candidates": candidates,
                "acquisition": acq,
            })
        cases.append({
            "directions": directions,
            "options": {"multivariate": multivariate, "constant_liar": liar},
            "trials": [
                {
                    "number": t.number,
                    "state": t.state.name,
                    "values": t.values,
                    "params": t.params,
                    "distributions": {k: dist_json(d) for k, d in t.distributions.items()},
                    "intermediate": [[k, v] for k, v in sorted(t.intermediate_values.items())],
                    "system_attrs": t.system_attrs,
                }
                for t in all_trials
            ],
            "relative_space": sorted(relative_space),
            "evaluations": evaluations,
        })
    return cases


def functions_cases():
    ns = list(range(0, 60)) + [99, 100, 250, 251, 1000, 1001]
    return {
        "gamma": [{"n": n, "value": default_gamma(n)} for n in ns],
        "gamma_multiobjective": [{"n": n, "value": default_gamma_multiobjective(n)} for n in ns],
        "hyperopt_gamma": [{"n": n, "value": hyperopt_default_gamma(n)} for n in ns],
        "weights": [{"n": n, "value": default_weights(n)} for n in (0, 1, 24, 25, 26, 27, 30, 60, 101)],
    }


def main():
    write_fixture(
        OUT,
        "scripts/python/golden/gen_tune_tpe.py",
        {
            "truncnorm": truncnorm_cases(),
            "estimators": estimator_cases(),
            "split": split_cases(),
            "acquisition": acquisition_cases(),
            "functions": functions_cases(),
        },
    )


if __name__ == "__main__":
    main()
