import type { Rng } from '@dagnostics/core';
import { minimizeLbfgs } from './lbfgs';
import type { LogExpectedImprovement } from './log-ei';
import type { NormalizedSearchSpace } from './normalized-space';

/** Settings of {@link optimizeAcquisition}; defaults are Optuna's GPSampler's. */
export interface AcquisitionOptimizerOptions {
  /** Quasi-random points scored before the local searches. Default 2048. */
  readonly preliminarySamples?: number;
  /** Local searches in all, warm starts included. Default 10. */
  readonly localSearches?: number;
  /** Convergence tolerance; the gradient tolerance of the continuous search is its square root. Default 1e-4. */
  readonly tolerance?: number;
}

/** Discrete dimensions with at most this many grid points are searched exhaustively. */
const MAX_EXHAUSTIVE_GRID = 16;
const CONTINUOUS = -1;
const GOLDEN = 0.3819660112501051;

interface SearchState {
  x: Float64Array;
  value: number;
}

/**
 * Maximises the acquisition function over the normalised space as Optuna's
 * `optimize_acqf_mixed` does: score `preliminarySamples` quasi-random (Sobol) points, then run
 * local searches from the best of them, from up to `localSearches − 1 − warmStarts.length`
 * more drawn by roulette (probability ∝ exp(acquisition − best), without replacement) and
 * from each warm start (the best trial so far). Returns the best point found.
 *
 * Deviations from Optuna: the Sobol points are scrambled by a digital shift only (scipy also
 * applies a random linear matrix scramble), and the local searches run one after another
 * rather than batched (same result).
 */
export function optimizeAcquisition(
  acquisition: LogExpectedImprovement,
  space: NormalizedSearchSpace,
  rng: Rng,
  warmStarts: readonly Float64Array[],
  options: AcquisitionOptimizerOptions = {},
): { point: Float64Array; value: number } {
  const sampleCount = options.preliminarySamples ?? 2048;
  const localSearches = options.localSearches ?? 10;
  const tolerance = options.tolerance ?? 1e-4;
  const dim = space.dim;
  const samples = space.sampleQuasiRandom(rng, sampleCount);
  const values = new Float64Array(sampleCount);
  let bestIndex = 0;
  for (let i = 0; i < sampleCount; i++) {
    values[i] = acquisition.value(samples, i * dim);
    if ((values[i] as number) > (values[bestIndex] as number)) bestIndex = i;
  }

  const weights = new Float64Array(sampleCount);
  let totalWeight = 0;
  let nonZero = 0;
  for (let i = 0; i < sampleCount; i++) {
    const weight =
      i === bestIndex ? 0 : Math.exp((values[i] as number) - (values[bestIndex] as number));
    weights[i] = Number.isNaN(weight) ? 0 : weight;
    totalWeight += weights[i] as number;
    if ((weights[i] as number) > 0) nonZero++;
  }
  const additional = Math.min(localSearches - warmStarts.length - 1, nonZero);
  const starts = [bestIndex];
  for (let draw = 0; draw < additional; draw++) {
    let target = rng.float() * totalWeight;
    let chosen = -1;
    for (let i = 0; i < sampleCount; i++) {
      const weight = weights[i] as number;
      if (weight <= 0) continue;
      chosen = i;
      target -= weight;
      if (target < 0) break;
    }
    if (chosen < 0) break;
    starts.push(chosen);
    totalWeight -= weights[chosen] as number;
    weights[chosen] = 0;
  }

  const initialPoints = starts.map((i) => samples.slice(i * dim, (i + 1) * dim));
  for (const warm of warmStarts) initialPoints.push(Float64Array.from(warm));
  let best: SearchState | null = null;
  const lengthscales = acquisition.gp.lengthscales;
  for (const x of initialPoints) {
    const state = localSearch(
      acquisition,
      space,
      { x, value: acquisition.value(x) },
      lengthscales,
      tolerance,
    );
    if (best === null || state.value > best.value) best = state;
  }
  const result = best as SearchState;
  return { point: result.x, value: result.value };
}

/**
 * Alternates a gradient search over the continuous dimensions with a grid search over each
 * discrete dimension until a full round changes nothing (at most 100 rounds).
 */
function localSearch(
  acquisition: LogExpectedImprovement,
  space: NormalizedSearchSpace,
  state: SearchState,
  lengthscales: Float64Array,
  tolerance: number,
): SearchState {
  let lastChanged = CONTINUOUS;
  for (let round = 0; round < 100; round++) {
    if (continuousAscent(acquisition, space, state, lengthscales, tolerance))
      lastChanged = CONTINUOUS;
    for (const index of space.discreteIndices) {
      if (lastChanged === index) return state;
      if (discreteSearch(acquisition, space, state, index)) lastChanged = index;
    }
    if (lastChanged === CONTINUOUS) return state;
  }
  return state;
}

/**
 * L-BFGS over the continuous coordinates divided by their lengthscales (which makes the
 * problem roughly isotropic), bounds [0, 1/ℓ_d]. Updates `state` and returns true when the
 * value improved.
 */
function continuousAscent(
  acquisition: LogExpectedImprovement,
  space: NormalizedSearchSpace,
  state: SearchState,
  lengthscales: Float64Array,
  tolerance: number,
): boolean {
  const indices = space.continuousIndices;
  if (indices.length === 0) return false;
  const scales = indices.map((d) => lengthscales[d] as number);
  const point = Float64Array.from(state.x);
  const fullGradient = new Float64Array(space.dim);
  const result = minimizeLbfgs(
    (scaled, gradient) => {
      indices.forEach((d, j) => {
        point[d] = (scaled[j] as number) * (scales[j] as number);
      });
      const value = acquisition.valueAndGradient(point, fullGradient);
      indices.forEach((d, j) => {
        gradient[j] = -(fullGradient[d] as number) * (scales[j] as number);
      });
      return -value;
    },
    indices.map((d, j) => (state.x[d] as number) / (scales[j] as number)),
    {
      lower: new Float64Array(indices.length),
      upper: scales.map((scale) => 1 / scale),
      gradientTolerance: Math.sqrt(tolerance),
      maxIterations: 200,
    },
  );
  const value = -result.value;
  if (!(value > state.value) || result.iterations === 0) return false;
  indices.forEach((d, j) => {
    state.x[d] = Math.min(Math.max((result.x[j] as number) * (scales[j] as number), 0), 1);
  });
  state.value = value;
  return true;
}

/**
 * Optimises one discrete dimension with the others fixed: every grid point when there are
 * few (always for a categorical), otherwise a golden-section search over the grid index on
 * the piecewise-linear interpolation of the acquisition between grid points, bracketed by
 * the current point (Optuna uses Brent's method on the same interpolation). Updates `state`
 * and returns true when the value improved.
 */
function discreteSearch(
  acquisition: LogExpectedImprovement,
  space: NormalizedSearchSpace,
  state: SearchState,
  index: number,
): boolean {
  const size = space.gridSize(index);
  if (size <= 1) return false;
  const current = space.nearestGridIndex(index, state.x[index] as number);
  const probe = Float64Array.from(state.x);
  const cache = new Map<number, number>([[current, state.value]]);
  const valueAt = (k: number): number => {
    const cached = cache.get(k);
    if (cached !== undefined) return cached;
    probe[index] = space.gridPoint(index, k);
    const value = acquisition.value(probe);
    cache.set(k, value);
    return value;
  };

  let bestK = current;
  let bestValue = state.value;
  if (space.isCategorical[index] === true || size <= MAX_EXHAUSTIVE_GRID) {
    for (let k = 0; k < size; k++) {
      if (k === current) continue;
      const value = valueAt(k);
      if (value > bestValue) {
        bestValue = value;
        bestK = k;
      }
    }
  } else {
    bestK = goldenSectionOnGrid(valueAt, current, size);
    bestValue = valueAt(bestK);
  }
  if (bestK === current || !(bestValue > state.value)) return false;
  state.x[index] = space.gridPoint(index, bestK);
  state.value = bestValue;
  return true;
}

/** Minimises −acquisition over t ∈ [0, size − 1] (linear between grid points); returns the nearest index. */
function goldenSectionOnGrid(valueAt: (k: number) => number, start: number, size: number): number {
  const loss = (t: number): number => {
    if (t < 0 || t > size - 1) return Number.POSITIVE_INFINITY;
    const left = Math.min(Math.floor(t), size - 2);
    const weight = t - left;
    return -((1 - weight) * valueAt(left) + weight * valueAt(left + 1));
  };
  const margin = 1e-9;
  let a = -margin;
  let c = size - 1 + margin;
  let b = start;
  let lossB = loss(b);
  while (c - a > 0.5) {
    const x = c - b > b - a ? b + GOLDEN * (c - b) : b - GOLDEN * (b - a);
    const lossX = loss(x);
    if (lossX < lossB) {
      if (x > b) a = b;
      else c = b;
      b = x;
      lossB = lossX;
    } else if (x > b) {
      c = x;
    } else {
      a = x;
    }
  }
  return Math.min(Math.max(Math.round(b), 0), size - 1);
}
