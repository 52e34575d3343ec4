"""Golden cases for packages/tune/src/samplers/gp (the GP sampler after Optuna 5.0.0's GPSampler).

Optuna's GP code (optuna/_gp/gp.py, prior.py, acqf.py) runs on torch, which the test venv does
not have (and must not get). So this generator uses the real Optuna only where it runs without
torch -- the search-space normalisation (optuna._gp.search_space) -- and re-implements the fixed
formulas of the other modules in numpy/scipy, each cross-checked against an independent scipy
computation before it is written:

- Matérn-5/2 kernel matrix (ARD, Hamming distance for categoricals): checked against the general
  Matérn formula with the Bessel function scipy.special.kv at nu = 2.5;
- log marginal likelihood (without the -n/2 log 2 pi constant, as Optuna) plus Optuna's log prior
  at fixed hyperparameters: checked against scipy.stats.multivariate_normal.logpdf and
  scipy.stats.gamma.logpdf (minus their normalising constants);
- the MAP loss gradient in log-parameter space: analytic, checked with central differences;
- the MAP optimum: scipy.optimize.minimize(L-BFGS-B) on the same loss at a tight tolerance;
- posterior mean/variance at test points: Cholesky solves, checked against np.linalg.solve;
- Sobol points: scipy.stats.qmc.Sobol(scramble=False), the sequence Optuna scrambles for its
  preliminary points;
- log EI: Optuna's standard_logei formula with scipy.special.erfc/erfcx, and an independent value
  log(phi(z)) + log(integral_0^inf s exp(z s - s^2/2) ds) by scipy.integrate.quad, which is the
  reference in the far tail where Optuna's formula loses digits.

Run from the repository root: .venv/bin/python scripts/python/golden/gen_tune_gp.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import optuna
import scipy.integrate as integrate
import scipy.optimize as so
import scipy.special as sc
import scipy.stats as st
from optuna._gp.search_space import SearchSpace
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_tune_gp.py"
FIXTURES = "packages/tune/src/samplers/gp/__fixtures__"
MINIMUM_NOISE = 1e-6

rng = np.random.default_rng(20261127)


# ---------------------------------------------------------------------------------------------
# Kernel, likelihood, prior (Optuna's formulas re-implemented in numpy)


def squared_differences(x1: np.ndarray, x2: np.ndarray, is_cat: np.ndarray) -> np.ndarray:
    sqd = (x1[:, None, :] - x2[None, :, :]) ** 2
    sqd[..., is_cat] = (sqd[..., is_cat] > 0).astype(float)
    return sqd


def matern52(r2: np.ndarray) -> np.ndarray:
    s = np.sqrt(5 * r2)
    return np.exp(-s) * (5 / 3 * r2 + s + 1)


def matern_bessel(r2: np.ndarray) -> np.ndarray:
    nu = 2.5
    r = np.sqrt(r2)
    arg = np.sqrt(2 * nu) * r
    with np.errstate(invalid="ignore"):
        value = 2 ** (1 - nu) / sc.gamma(nu) * arg**nu * sc.kv(nu, arg)
    return np.where(r == 0, 1.0, value)


def kernel(x1, x2, is_cat, ils, scale):
    return scale * matern52(squared_differences(x1, x2, is_cat) @ ils)


def log_marginal_likelihood(x, y, is_cat, ils, scale, noise):
    c = kernel(x, x, is_cat, ils, scale) + noise * np.eye(len(x))
    chol = np.linalg.cholesky(c)
    u = np.linalg.solve(chol, y)
    return -np.log(np.diag(chol)).sum() - 0.5 * u @ u


def log_prior(ils, scale, noise):
    def gamma(v, a, b):
        return (a - 1) * np.log(v) - b * v

    return -(0.1 / ils + 0.1 * ils).sum() + gamma(scale, 2, 1) + gamma(noise, 1.1, 30)


def params_from_raw(raw, dim, deterministic):
    ils = np.exp(raw[:dim])
    scale = np.exp(raw[dim])
    noise = MINIMUM_NOISE if deterministic else np.exp(raw[dim + 1]) + MINIMUM_NOISE
    return ils, scale, noise


def loss(raw, x, y, is_cat, deterministic):
    ils, scale, noise = params_from_raw(raw, x.shape[1], deterministic)
    lml = log_marginal_likelihood(x, y, is_cat, ils, scale, noise)
    return -(lml + log_prior(ils, scale, noise))


def loss_gradient(raw, x, y, is_cat, deterministic):
    dim = x.shape[1]
    ils, scale, noise = params_from_raw(raw, dim, deterministic)
    sqd = squared_differences(x, x, is_cat)
    r2 = sqd @ ils
    k = scale * matern52(r2)
    c = k + noise * np.eye(len(x))
    c_inv = np.linalg.inv(c)
    alpha = c_inv @ y
    w = np.outer(alpha, alpha) - c_inv
    s5 = np.sqrt(5 * r2)
    dm = -5 / 6 * (1 + s5) * np.exp(-s5)
    grad = np.empty(dim + 2)
    for d in range(dim):
        dc = scale * dm * sqd[..., d] * ils[d]
        grad[d] = -(0.5 * np.sum(w * dc) + (0.1 / ils[d] ** 2 - 0.1) * ils[d])
    grad[dim] = -(0.5 * np.sum(w * k) + (1 / scale - 1) * scale)
    grad[dim + 1] = 0.0 if deterministic else -(
        (0.5 * np.trace(w) + 0.1 / noise - 30) * (noise - MINIMUM_NOISE)
    )
    return grad


def posterior(x, y, is_cat, ils, scale, noise, points):
    c = kernel(x, x, is_cat, ils, scale) + noise * np.eye(len(x))
    chol = np.linalg.cholesky(c)
    alpha = np.linalg.solve(chol.T, np.linalg.solve(chol, y))
    kx = kernel(points, x, is_cat, ils, scale)
    mean = kx @ alpha
    v = np.linalg.solve(chol, kx.T)
    var = np.maximum(scale - (v * v).sum(axis=0), 0.0)
    # Cross-check with a plain dense solve.
    mean_check = kx @ np.linalg.solve(c, y)
    var_check = scale - np.einsum("ij,ji->i", kx, np.linalg.solve(c, kx.T))
    assert np.allclose(mean, mean_check, rtol=1e-9, atol=1e-9)
    assert np.allclose(var, np.maximum(var_check, 0), rtol=1e-6, atol=1e-9)
    return mean, var


def standardize(values):
    return (values - values.mean()) / max(1e-10, values.std())


def dataset(n, dim, is_cat, n_choices=3):
    x = rng.random((n, dim))
    for d in range(dim):
        if is_cat[d]:
            x[:, d] = rng.integers(0, n_choices, n)
    y = np.sin(6 * x[:, 0]) + 0.5 * np.cos(4 * x[:, dim - 1]) + 0.3 * x.sum(axis=1)
    y = y + 0.01 * rng.standard_normal(n)
    return x, standardize(-y)


def gp_cases():
    cases = []
    configs = [
        ("continuous-2d", 8, [False, False], np.array([2.0, 0.5]), 1.3, 0.01, False),
        ("continuous-4d", 20, [False] * 4, np.array([0.3, 3.0, 10.0, 1.0]), 0.8, 1e-3, False),
        ("mixed-3d", 15, [False, True, False], np.array([1.5, 0.7, 4.0]), 2.0, 0.05, False),
        ("deterministic-2d", 12, [False, False], np.array([5.0, 5.0]), 1.0, MINIMUM_NOISE, True),
    ]
    for name, n, cat, ils, scale, noise, deterministic in configs:
        is_cat = np.array(cat)
        dim = len(cat)
        x, y = dataset(n, dim, is_cat)
        k = kernel(x, x, is_cat, ils, scale)
        r2 = squared_differences(x, x, is_cat) @ ils
        assert np.allclose(scale * matern_bessel(r2), k, rtol=1e-12, atol=1e-14)
        lml = log_marginal_likelihood(x, y, is_cat, ils, scale, noise)
        c = k + noise * np.eye(n)
        scipy_lml = st.multivariate_normal(mean=np.zeros(n), cov=c).logpdf(y) + 0.5 * n * math.log(
            2 * math.pi
        )
        assert abs(scipy_lml - lml) < 1e-8 * max(1, abs(lml)), (scipy_lml, lml)
        prior = log_prior(ils, scale, noise)
        gamma_check = (
            st.gamma(2, scale=1).logpdf(scale)
            - math.log(1 / sc.gamma(2))
            + st.gamma(1.1, scale=1 / 30).logpdf(noise)
            - math.log(30**1.1 / sc.gamma(1.1))
        )
        assert abs(prior - (-(0.1 / ils + 0.1 * ils).sum() + gamma_check)) < 1e-9

        free_noise = max(noise - MINIMUM_NOISE, 1e-300)
        raw = np.concatenate([np.log(ils), [math.log(scale), math.log(free_noise)]])
        if deterministic:
            raw[-1] = 0.0
        grad = loss_gradient(raw, x, y, is_cat, deterministic)
        numeric = np.array(
            [
                (
                    loss(raw + h, x, y, is_cat, deterministic)
                    - loss(raw - h, x, y, is_cat, deterministic)
                )
                / 2e-6
                for h in np.eye(len(raw)) * 1e-6
            ]
        )
        assert np.allclose(grad, numeric, rtol=1e-4, atol=1e-5), (grad, numeric)

        result = so.minimize(
            loss,
            raw * 0.0,
            args=(x, y, is_cat, deterministic),
            jac=loss_gradient,
            method="L-BFGS-B",
            options={"gtol": 1e-9, "ftol": 1e-15, "maxiter": 10000},
        )
        points = rng.random((6, dim))
        for d in range(dim):
            if is_cat[d]:
                points[:, d] = rng.integers(0, 3, 6)
        points[0] = x[0]  # at a training point the variance is about the noise
        mean, var = posterior(x, y, is_cat, ils, scale, noise, points)
        cases.append(
            {
                "name": name,
                "n": n,
                "dim": dim,
                "isCategorical": cat,
                "x": x.ravel(),
                "y": y,
                "inverseSquaredLengthscales": ils,
                "kernelScale": scale,
                "noiseVariance": noise,
                "deterministic": deterministic,
                "kernelMatrix": k.ravel(),
                "logMarginalLikelihood": lml,
                "logPrior": prior,
                "raw": raw,
                "loss": loss(raw, x, y, is_cat, deterministic),
                "lossGradient": grad,
                "mapLoss": result.fun,
                "mapRaw": result.x,
                "points": points.ravel(),
                "posteriorMean": mean,
                "posteriorVariance": var,
            }
        )
    return cases


# ---------------------------------------------------------------------------------------------
# log EI

_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
_SQRT_HALF_PI = math.sqrt(0.5 * math.pi)
_LOG_SQRT_2PI = math.log(math.sqrt(2 * math.pi))


def optuna_standard_logei(z: float) -> float:
    """Optuna 5.0.0's standard_logei (acqf.py), transcribed from torch to scipy."""
    if z < -25:
        return -0.5 * z * z - _LOG_SQRT_2PI + math.log(
            1 + _SQRT_HALF_PI * z * sc.erfcx(-_SQRT_HALF * z)
        )
    return math.log(0.5 * z * sc.erfc(-_SQRT_HALF * z) + math.exp(-0.5 * z * z) * _INV_SQRT_2PI)


def quad_standard_logei(z: float) -> float:
    """log(zΦ(z) + φ(z)) = log φ(z) + log ∫_0^∞ s exp(zs − s²/2) ds, by quadrature."""
    options = {"epsabs": 0, "epsrel": 1e-13, "limit": 200}
    if z >= 0:
        # φ(z)·∫ s exp(zs − s²/2) ds = ∫ s φ(s − z) ds.
        value, _ = integrate.quad(lambda s: s * math.exp(-0.5 * (s - z) ** 2), 0, np.inf, **options)
        return math.log(value) - _LOG_SQRT_2PI
    a = -z
    # Substitute u = a s: ∫ = a⁻² ∫_0^∞ u e^{−u} e^{−u²/(2a²)} du.
    value, _ = integrate.quad(lambda u: u * math.exp(-u - 0.5 * (u / a) ** 2), 0, np.inf, **options)
    return -0.5 * z * z - _LOG_SQRT_2PI + math.log(value) - 2 * math.log(a)


def logei_cases():
    zs = [30.0, 8.0, 3.0, 1.0, 0.5, 0.0, -0.5, -1.0, -2.5, -5.0, -8.0, -9.99, -10.01, -15.0, -24.0,
          -26.0, -40.0, -100.0, -1e3, -1e4, -1e6]
    standard = []
    for z in zs:
        truth = quad_standard_logei(z)
        optuna_value = optuna_standard_logei(z)
        if abs(z) <= 25:
            assert abs(truth - optuna_value) < 1e-9 * max(1, abs(truth)), (z, truth, optuna_value)
        standard.append({"z": z, "expected": truth, "optunaFormula": optuna_value})
    general = []
    settings = [(0.3, 0.04, 0.1), (-1.0, 1e-6, 2.0), (2.0, 0.5, 0.0), (0.0, 1e-10, 0.0001)]
    for mean, var, f0 in settings:
        sigma = math.sqrt(var)
        general.append(
            {"mean": mean, "variance": var, "threshold": f0,
             "expected": quad_standard_logei((mean - f0) / sigma) + math.log(sigma)}
        )
    return {"standard": standard, "general": general}


# ---------------------------------------------------------------------------------------------
# Normalisation (the real Optuna, optuna._gp.search_space)


def normalization_cases():
    space = {
        "a_float": FloatDistribution(-5.0, 10.0),
        "b_log": FloatDistribution(1e-5, 1.0, log=True),
        "c_step": FloatDistribution(0.0, 0.5, step=0.05),
        "d_int": IntDistribution(16, 512, log=True),
        "e_int": IntDistribution(2, 6),
        "f_cat": CategoricalDistribution(["linear", "rbf", "poly"]),
        "g_int_step": IntDistribution(0, 20, step=4),
    }
    internal = SearchSpace(space)
    trials = []
    for _ in range(6):
        params = {
            "a_float": float(rng.uniform(-5, 10)),
            "b_log": float(10 ** rng.uniform(-5, 0)),
            "c_step": float(round(int(rng.integers(0, 11)) * 0.05, 10)),
            "d_int": int(rng.integers(16, 513)),
            "e_int": int(rng.integers(2, 7)),
            "f_cat": ["linear", "rbf", "poly"][int(rng.integers(0, 3))],
            "g_int_step": int(rng.integers(0, 6)) * 4,
        }
        trials.append(optuna.trial.create_trial(params=params, distributions=space, value=0.0))
    normalized = internal.get_normalized_params(trials)
    unnormalized = [internal.get_unnormalized_param(row) for row in normalized]
    random_rows = rng.random((5, len(space)))
    random_rows[:, 5] = rng.integers(0, 3, 5)
    return {
        "space": {
            "a_float": {"kind": "float", "low": -5.0, "high": 10.0, "log": False, "step": None},
            "b_log": {"kind": "float", "low": 1e-5, "high": 1.0, "log": True, "step": None},
            "c_step": {"kind": "float", "low": 0.0, "high": 0.5, "log": False, "step": 0.05},
            "d_int": {"kind": "int", "low": 16, "high": 512, "log": True, "step": 1},
            "e_int": {"kind": "int", "low": 2, "high": 6, "log": False, "step": 1},
            "f_cat": {"kind": "categorical", "choices": ["linear", "rbf", "poly"]},
            "g_int_step": {"kind": "int", "low": 0, "high": 20, "log": False, "step": 4},
        },
        "params": [t.params for t in trials],
        "normalized": normalized,
        "roundTrip": unnormalized,
        "randomRows": random_rows,
        "randomUnnormalized": [internal.get_unnormalized_param(row) for row in random_rows],
        "discreteIndices": internal.discrete_indices,
        "continuousIndices": internal.continuous_indices,
        "choices": internal.get_choices_of_discrete_params(),
    }


# ---------------------------------------------------------------------------------------------
# Sobol points (scipy.stats.qmc.Sobol, unscrambled, Joe & Kuo direction numbers)


def sobol_cases():
    from scipy.stats import qmc

    count = 256
    points = qmc.Sobol(32, scramble=False).random(count)
    # The first 2^k points are multiples of 2^-k: store the integer numerators (compact).
    numerators = points * count
    assert np.array_equal(numerators, np.round(numerators))
    return {"dim": 32, "count": count, "numerators": numerators.astype(int).ravel()}


def main() -> None:
    write_fixture(f"{FIXTURES}/gp-model.json", GENERATOR, gp_cases())
    write_fixture(f"{FIXTURES}/log-ei.json", GENERATOR, logei_cases())
    write_fixture(f"{FIXTURES}/normalization.json", GENERATOR, normalization_cases())
    write_fixture(f"{FIXTURES}/sobol.json", GENERATOR, sobol_cases())


if __name__ == "__main__":
    main()
