/**
 * The Parzen estimator of Optuna 5's TPE: a mixture of product kernels, one per
 * observation plus one prior kernel, sharing the kernel index across dimensions (which is
 * what makes it multivariate). Numerical dimensions use truncated normals in a working
 * space (widened by ±step/2 for stepped parameters, log-transformed for log parameters);
 * categorical dimensions use per-kernel probability rows.
 */

import { InvalidArgumentError, type Rng } from '@dagnostics/core';
import type { Distribution } from '../../types';
import { stableArgsort } from './argsort';
import { defaultWeights } from './gamma-weights';
import type { LogMassMemo } from './log-mass-memo';
import { LOG_SQRT_2PI, logGaussMass, truncnormPpf } from './truncnorm';

/** Smallest bandwidth without the magic clip. */
const EPS = 1e-12;

/** How the estimator is fitted (the TPE sampler's options). */
export interface ParzenEstimatorParameters {
  /** Weight of the prior kernel before normalisation (>= 0). */
  readonly priorWeight: number;
  /** Bound bandwidths below by (high − low) / min(100, 1 + kernels). */
  readonly considerMagicClip: boolean;
  /** Let the domain ends count as neighbours of the extreme observations. */
  readonly considerEndpoints: boolean;
  /** Observation weights from their count (observations sorted by trial number). */
  readonly weights: (n: number) => ArrayLike<number>;
}

/** Work a caller can save the estimator (the results are the same without it). */
export interface ParzenShortcuts {
  /**
   * Per numerical parameter: the stable ascending argsort of its working-space
   * observations (log-transformed for log parameters), ties in observation order, exactly
   * as {@link stableArgsort} returns it.
   */
  readonly orders?: Readonly<Record<string, ArrayLike<number>>>;
  /** A memo of discrete cell masses shared across estimators. */
  readonly logMassMemo?: LogMassMemo;
}

/** A numerical dimension: one truncated normal per kernel. */
export interface NumericalKernels {
  readonly type: 'numerical';
  /** Kernel centres in working space; the last is the prior. */
  readonly mus: Float64Array;
  /** Kernel bandwidths in working space; the last is the prior. */
  readonly sigmas: Float64Array;
  /** The distribution's own bounds (external scale). */
  readonly low: number;
  readonly high: number;
  /** Grid step; 0 for a continuous parameter. */
  readonly step: number;
  readonly log: boolean;
  /** Truncation bounds in working space. */
  readonly adaptedLow: number;
  readonly adaptedHigh: number;
  /** log Gaussian mass of [adaptedLow, adaptedHigh] per kernel. */
  readonly logMass: Float64Array;
}

/** A categorical dimension: a probability row per kernel. */
export interface CategoricalKernels {
  readonly type: 'categorical';
  readonly nChoices: number;
  /** Row-major kernels × choices probabilities. */
  readonly probabilities: Float64Array;
  /** Their logs. */
  readonly logProbabilities: Float64Array;
}

/** One dimension of the mixture. */
export type KernelDimension = NumericalKernels | CategoricalKernels;

/** numpy's `round`: halves go to the even neighbour. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The observation weights of `weights(n)`, checked as Optuna does. */
function callWeights(weights: (n: number) => ArrayLike<number>, n: number): Float64Array {
  // The default is known to be valid (positive, finite, n long): skip the checks.
  if (weights === defaultWeights) return defaultWeights(n);
  const raw = weights(n);
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = Number(raw[i]);
    if (w < 0) {
      throw new InvalidArgumentError({
        message: `The weights function must not return negative values (got ${w} for n = ${n}).`,
        argument: 'weights',
      });
    }
    if (!Number.isFinite(w)) {
      throw new InvalidArgumentError({
        message: `The weights function must return finite values (got ${w} for n = ${n}).`,
        argument: 'weights',
      });
    }
    out[i] = w;
    sum += w;
  }
  if (n > 0 && !(sum > 0)) {
    throw new InvalidArgumentError({
      message: `The weights function must not return all zeros (n = ${n}).`,
      argument: 'weights',
    });
  }
  return out;
}

/**
 * Neighbour-rule bandwidths: each centre's distance to the farther of its two sorted
 * neighbours among [low, centres…, high]; without `considerEndpoints` and with two or more
 * centres, the extreme centres look only inwards. Then clipped to
 * [minSigma, high − low]. Ties keep their input order (a stable sort).
 */
function neighbourSigmas(
  mus: Float64Array,
  low: number,
  high: number,
  parameters: ParzenEstimatorParameters,
  presorted: ArrayLike<number> | undefined,
): Float64Array {
  const n = mus.length;
  const order = presorted !== undefined && presorted.length === n ? presorted : stableArgsort(mus);
  const sorted = new Float64Array(n + 2);
  sorted[0] = low;
  for (let i = 0; i < n; i++) sorted[i + 1] = mus[order[i] as number] as number;
  sorted[n + 1] = high;
  const sortedSigmas = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const left = (sorted[i + 1] as number) - (sorted[i] as number);
    const right = (sorted[i + 2] as number) - (sorted[i + 1] as number);
    sortedSigmas[i] = Math.max(left, right);
  }
  if (!parameters.considerEndpoints && n >= 2) {
    sortedSigmas[0] = (sorted[2] as number) - (sorted[1] as number);
    sortedSigmas[n - 1] = (sorted[n] as number) - (sorted[n - 1] as number);
  }
  const maxSigma = high - low;
  const minSigma = parameters.considerMagicClip ? (high - low) / Math.min(100, 1 + (n + 1)) : EPS;
  const sigmas = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = sortedSigmas[i] as number;
    sigmas[order[i] as number] = Math.min(Math.max(s, minSigma), maxSigma);
  }
  return sigmas;
}

function numericalKernels(
  observations: ArrayLike<number>,
  distribution: Extract<Distribution, { kind: 'float' | 'int' }>,
  parameters: ParzenEstimatorParameters,
  presorted: ArrayLike<number> | undefined,
): NumericalKernels {
  const step = distribution.step ?? 0;
  let low = distribution.low - step / 2;
  let high = distribution.high + step / 2;
  const n = observations.length;
  const observed = new Float64Array(n);
  for (let i = 0; i < n; i++) observed[i] = observations[i] as number;
  if (distribution.log) {
    for (let i = 0; i < n; i++) observed[i] = Math.log(observed[i] as number);
    low = Math.log(low);
    high = Math.log(high);
  }
  const sigmasObserved = neighbourSigmas(observed, low, high, parameters, presorted);
  const mus = new Float64Array(n + 1);
  mus.set(observed);
  mus[n] = 0.5 * (low + high);
  const sigmas = new Float64Array(n + 1);
  sigmas.set(sigmasObserved);
  sigmas[n] = high - low;
  const logMass = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) {
    const mu = mus[k] as number;
    const sigma = sigmas[k] as number;
    logMass[k] = logGaussMass((low - mu) / sigma, (high - mu) / sigma);
  }
  return {
    type: 'numerical',
    mus,
    sigmas,
    low: distribution.low,
    high: distribution.high,
    step,
    log: distribution.log,
    adaptedLow: low,
    adaptedHigh: high,
    logMass,
  };
}

function categoricalKernels(
  observations: ArrayLike<number>,
  nChoices: number,
  priorWeight: number,
): CategoricalKernels {
  const n = observations.length;
  const kernels = n === 0 ? 1 : n + 1;
  const probabilities = new Float64Array(kernels * nChoices);
  if (n === 0) {
    probabilities.fill(1 / nChoices);
  } else {
    probabilities.fill(priorWeight / kernels);
    for (let i = 0; i < n; i++) {
      const choice = Math.trunc(observations[i] as number);
      probabilities[i * nChoices + choice] = (probabilities[i * nChoices + choice] as number) + 1;
    }
    for (let k = 0; k < kernels; k++) {
      let sum = 0;
      for (let c = 0; c < nChoices; c++) sum += probabilities[k * nChoices + c] as number;
      const divisor = sum === 0 ? 1 : sum;
      for (let c = 0; c < nChoices; c++) {
        probabilities[k * nChoices + c] = (probabilities[k * nChoices + c] as number) / divisor;
      }
    }
  }
  const logProbabilities = probabilities.map(Math.log);
  return { type: 'categorical', nChoices, probabilities, logProbabilities };
}

/** Groups equal (mu, sigma) pairs so discrete masses are computed once per pair. */
interface UniquePairs {
  readonly mus: Float64Array;
  readonly sigmas: Float64Array;
  /** For each kernel, its pair's index. */
  readonly index: Int32Array;
}

function uniquePairs(mus: Float64Array, sigmas: Float64Array): UniquePairs {
  const byMu = new Map<number, Map<number, number>>();
  const index = new Int32Array(mus.length);
  const uniqueMus: number[] = [];
  const uniqueSigmas: number[] = [];
  for (let k = 0; k < mus.length; k++) {
    const mu = mus[k] as number;
    const sigma = sigmas[k] as number;
    let bySigma = byMu.get(mu);
    if (bySigma === undefined) {
      bySigma = new Map();
      byMu.set(mu, bySigma);
    }
    let at = bySigma.get(sigma);
    if (at === undefined) {
      at = uniqueMus.length;
      bySigma.set(sigma, at);
      uniqueMus.push(mu);
      uniqueSigmas.push(sigma);
    }
    index[k] = at;
  }
  return { mus: Float64Array.from(uniqueMus), sigmas: Float64Array.from(uniqueSigmas), index };
}

/**
 * Optuna 5's `_ParzenEstimator` over an ordered search space. Observations and samples are
 * in the internal representation (numbers; categorical indices), one array per parameter.
 */
export class ParzenEstimator {
  /** Parameter names in search-space order. */
  readonly names: readonly string[];
  /** Normalised mixture weights; the last is the prior's (or the only one, with no data). */
  readonly weights: Float64Array;
  /** Per-parameter kernels, in `names` order. */
  readonly dimensions: readonly KernelDimension[];
  readonly #cumulativeWeights: Float64Array;
  /** Per kernel: log weight plus every data-independent log-density term. */
  readonly #baseLogDensity: Float64Array;
  readonly #inverseSigmas: (Float64Array | null)[];
  readonly #pairs: (UniquePairs | null)[];
  readonly #logMassMemo: LogMassMemo | undefined;

  /**
   * @param observations - Internal values per parameter, equally long, ordered by trial
   *   number (the weights ramp assumes it).
   * @param searchSpace - The (sub)space; its key order is the dimension order.
   * @param parameters - Fitting options.
   * @param predeterminedWeights - Observation weights to use instead of `parameters.weights`.
   * @param shortcuts - What the caller keeps across estimators to save work (results do
   *   not change); see {@link ParzenShortcuts}.
   */
  constructor(
    observations: Readonly<Record<string, ArrayLike<number>>>,
    searchSpace: Readonly<Record<string, Distribution>>,
    parameters: ParzenEstimatorParameters,
    predeterminedWeights?: ArrayLike<number>,
    shortcuts: ParzenShortcuts = {},
  ) {
    if (!(parameters.priorWeight >= 0)) {
      throw new InvalidArgumentError({
        message: `priorWeight must be non-negative, got ${parameters.priorWeight}.`,
        argument: 'priorWeight',
      });
    }
    this.names = Object.keys(searchSpace);
    const first = this.names[0];
    const n = first === undefined ? 0 : (observations[first]?.length ?? 0);
    const observationWeights =
      predeterminedWeights !== undefined
        ? Float64Array.from(predeterminedWeights)
        : callWeights(parameters.weights, n);
    let weights: Float64Array;
    if (n === 0) {
      weights = Float64Array.of(1);
    } else {
      weights = new Float64Array(n + 1);
      weights.set(observationWeights.subarray(0, n));
      weights[n] = parameters.priorWeight;
    }
    let total = 0;
    for (const w of weights) total += w;
    for (let k = 0; k < weights.length; k++) weights[k] = (weights[k] as number) / total;
    this.weights = weights;

    const dimensions: KernelDimension[] = [];
    for (const name of this.names) {
      const distribution = searchSpace[name] as Distribution;
      const values = observations[name] ?? [];
      dimensions.push(
        distribution.kind === 'categorical'
          ? categoricalKernels(values, distribution.choices.length, parameters.priorWeight)
          : numericalKernels(values, distribution, parameters, shortcuts.orders?.[name]),
      );
    }
    this.dimensions = dimensions;
    this.#logMassMemo = shortcuts.logMassMemo;

    const kernels = weights.length;
    const cumulative = new Float64Array(kernels);
    let running = 0;
    for (let k = 0; k < kernels; k++) {
      running += weights[k] as number;
      cumulative[k] = running;
    }
    for (let k = 0; k < kernels; k++) cumulative[k] = (cumulative[k] as number) / running;
    this.#cumulativeWeights = cumulative;

    const base = new Float64Array(kernels);
    for (let k = 0; k < kernels; k++) base[k] = Math.log(weights[k] as number);
    this.#inverseSigmas = [];
    this.#pairs = [];
    for (const dimension of dimensions) {
      if (dimension.type === 'categorical') {
        this.#inverseSigmas.push(null);
        this.#pairs.push(null);
        continue;
      }
      if (dimension.step === 0) {
        const inverse = new Float64Array(kernels);
        for (let k = 0; k < kernels; k++) {
          const sigma = dimension.sigmas[k] as number;
          inverse[k] = 1 / sigma;
          base[k] =
            (base[k] as number) - LOG_SQRT_2PI - (dimension.logMass[k] as number) - Math.log(sigma);
        }
        this.#inverseSigmas.push(inverse);
        this.#pairs.push(null);
      } else {
        for (let k = 0; k < kernels; k++) {
          base[k] = (base[k] as number) - (dimension.logMass[k] as number);
        }
        this.#inverseSigmas.push(null);
        this.#pairs.push(uniquePairs(dimension.mus, dimension.sigmas));
      }
    }
    this.#baseLogDensity = base;
  }

  /** Number of mixture components (observations + prior). */
  get kernelCount(): number {
    return this.weights.length;
  }

  /**
   * `size` joint draws: a kernel by the mixture weights, then each dimension from that
   * kernel (inverse-CDF for truncated normals; rounded to the grid and clipped for stepped
   * parameters; clipped to [low, high] for continuous ones).
   */
  sample(rng: Rng, size: number): Record<string, Float64Array> {
    const out: Float64Array[] = this.names.map(() => new Float64Array(size));
    const cumulative = this.#cumulativeWeights;
    const kernels = cumulative.length;
    for (let i = 0; i < size; i++) {
      const u = rng.float();
      let kernel = 0;
      while (kernel < kernels - 1 && (cumulative[kernel] as number) <= u) kernel++;
      for (let d = 0; d < this.dimensions.length; d++) {
        const dimension = this.dimensions[d] as KernelDimension;
        const column = out[d] as Float64Array;
        if (dimension.type === 'categorical') {
          const q = rng.float();
          const row = kernel * dimension.nChoices;
          let cumulativeProbability = 0;
          let choice = 0;
          for (; choice < dimension.nChoices - 1; choice++) {
            cumulativeProbability += dimension.probabilities[row + choice] as number;
            if (!(cumulativeProbability < q)) break;
          }
          column[i] = choice;
          continue;
        }
        column[i] = drawNumerical(dimension, kernel, rng.float());
      }
    }
    const result: Record<string, Float64Array> = {};
    this.names.forEach((name, d) => {
      result[name] = out[d] as Float64Array;
    });
    return result;
  }

  /** The mixture's log-density at each sample (internal representation per parameter). */
  logPdf(samples: Readonly<Record<string, ArrayLike<number>>>): Float64Array {
    const columns = this.names.map((name) => samples[name] ?? []);
    const size = columns[0]?.length ?? 0;
    const kernels = this.weights.length;
    const out = new Float64Array(size);
    const accumulator = new Float64Array(kernels);
    const discreteRows = this.dimensions.map(() => new Map<number, Float64Array>());
    for (let i = 0; i < size; i++) {
      accumulator.set(this.#baseLogDensity);
      let outside = false;
      for (let d = 0; d < this.dimensions.length; d++) {
        const dimension = this.dimensions[d] as KernelDimension;
        const x = (columns[d] as ArrayLike<number>)[i] as number;
        if (dimension.type === 'categorical') {
          const logP = dimension.logProbabilities;
          const nChoices = dimension.nChoices;
          const choice = Math.trunc(x);
          for (let k = 0; k < kernels; k++) {
            accumulator[k] = (accumulator[k] as number) + (logP[k * nChoices + choice] as number);
          }
          continue;
        }
        const inverse = this.#inverseSigmas[d];
        if (inverse !== undefined && inverse !== null) {
          const z0 = dimension.log ? Math.log(x) : x;
          if (!(z0 >= dimension.adaptedLow && z0 <= dimension.adaptedHigh)) {
            outside = true;
            break;
          }
          const mus = dimension.mus;
          for (let k = 0; k < kernels; k++) {
            const z = (z0 - (mus[k] as number)) * (inverse[k] as number);
            accumulator[k] = (accumulator[k] as number) - 0.5 * z * z;
          }
          continue;
        }
        const cache = discreteRows[d] as Map<number, Float64Array>;
        let row = cache.get(x);
        if (row === undefined) {
          row = discreteLogMassRow(dimension, this.#pairs[d] as UniquePairs, x, this.#logMassMemo);
          cache.set(x, row);
        }
        for (let k = 0; k < kernels; k++) {
          accumulator[k] = (accumulator[k] as number) + (row[k] as number);
        }
      }
      out[i] = outside ? Number.NEGATIVE_INFINITY : logSumExp(accumulator);
    }
    return out;
  }
}

/** One draw of a numerical dimension from `kernel` given a uniform `u`. */
function drawNumerical(dimension: NumericalKernels, kernel: number, u: number): number {
  const mu = dimension.mus[kernel] as number;
  const sigma = dimension.sigmas[kernel] as number;
  const a = (dimension.adaptedLow - mu) / sigma;
  const b = (dimension.adaptedHigh - mu) / sigma;
  let value = truncnormPpf(u, a, b, dimension.logMass[kernel] as number) * sigma + mu;
  if (dimension.log) value = Math.exp(value);
  const { low, high, step } = dimension;
  if (step !== 0) value = low + roundHalfEven((value - low) / step) * step;
  return Math.min(Math.max(value, low), high);
}

/** log mass of the grid cell around x under each kernel (not yet normalised). */
function discreteLogMassRow(
  dimension: NumericalKernels,
  pairs: UniquePairs,
  x: number,
  memo: LogMassMemo | undefined,
): Float64Array {
  const half = dimension.step / 2;
  const left = dimension.log ? Math.log(x - half) : x - half;
  const right = dimension.log ? Math.log(x + half) : x + half;
  const perPair = new Float64Array(pairs.mus.length);
  for (let p = 0; p < perPair.length; p++) {
    const mu = pairs.mus[p] as number;
    const sigma = pairs.sigmas[p] as number;
    perPair[p] =
      memo === undefined
        ? logGaussMass((left - mu) / sigma, (right - mu) / sigma)
        : memo.logMass(left, right, mu, sigma);
  }
  const row = new Float64Array(pairs.index.length);
  for (let k = 0; k < row.length; k++) row[k] = perPair[pairs.index[k] as number] as number;
  return row;
}

/**
 * Terms more than this far below the maximum are skipped: e^−40 ≈ 4e-18, so even a
 * thousand of them move the sum by less than an ulp or two.
 */
const NEGLIGIBLE_LOG_RATIO = -40;

/** log Σ exp(v), −∞ when every term is −∞. */
function logSumExp(values: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY) return max;
  const cutoff = max + NEGLIGIBLE_LOG_RATIO;
  let sum = 0;
  for (const v of values) if (v > cutoff) sum += Math.exp(v - max);
  return Math.log(sum) + max;
}
