import { createRng, normalCdf, normalPpf, quantiles, standardDeviation } from '@dagnostics/core';
import type { ClassLabel, MetricFunction, Predictions } from './types';

/** Settings of {@link pairedBootstrapDifference}. */
export interface PairedBootstrapOptions {
  metric: MetricFunction;
  champion: Predictions;
  challenger: Predictions;
  labels: readonly ClassLabel[];
  /** Resamples. */
  iterations: number;
  /** Two-sided confidence level in (0, 1). */
  confidence: number;
  /** Seed of core's `createRng`. */
  seed: number;
  /** Also compute the BCa interval (n extra metric evaluations for the jackknife). */
  bca: boolean;
}

/** A paired bootstrap of `metric(challenger) − metric(champion)`. */
export interface PairedBootstrapResult {
  /** The difference on all rows. */
  estimate: number;
  /** The difference on each resample, in draw order. */
  distribution: Float64Array;
  /** Percentile interval: the α/2 and 1 − α/2 quantiles of `distribution` (numpy's linear method). */
  percentile: [number, number];
  /** BCa interval, when asked for; NaN ends when it is undefined (a degenerate distribution). */
  bca?: { interval: [number, number]; biasCorrection: number; acceleration: number };
  /** Standard deviation of `distribution` (ddof 1). */
  standardError: number;
}

function quantilePair(values: Float64Array, low: number, high: number): [number, number] {
  const bounds = quantiles(values, [low, high]);
  return [bounds[0] as number, bounds[1] as number];
}

function pick<T>(values: ArrayLike<T>, indices: ArrayLike<number>): T[] {
  const picked = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) picked[i] = values[indices[i] as number] as T;
  return picked;
}

/**
 * Resamples rows with replacement, the same rows for both models, and measures
 * `metric(challenger) − metric(champion)` on each resample. Row indices are drawn as
 * `rng.int(0, n − 1)`, n per resample, from `createRng(seed)`: the same stream as numpy's
 * `Generator(SFC64(seed)).integers(0, n, (iterations, n))`, so the distribution equals
 * scipy `bootstrap(..., paired=True, rng=Generator(SFC64(seed)))` for the same statistic.
 * The intervals follow scipy's `percentile` and `BCa` methods (Efron and Tibshirani 1993,
 * 14.3): BCa's bias correction is `Φ⁻¹` of the share of resamples below the estimate
 * (ties counted half), and its acceleration comes from the leave-one-out jackknife.
 */
export function pairedBootstrapDifference(options: PairedBootstrapOptions): PairedBootstrapResult {
  const { metric, champion, challenger, labels, iterations, confidence, seed } = options;
  const n = labels.length;
  const difference = (indices: ArrayLike<number>): number => {
    const pickedLabels = pick(labels, indices);
    return (
      metric(pick(challenger as ArrayLike<unknown>, indices) as Predictions, pickedLabels) -
      metric(pick(champion as ArrayLike<unknown>, indices) as Predictions, pickedLabels)
    );
  };
  const all = Array.from({ length: n }, (_, row) => row);
  const estimate = difference(all);

  const rng = createRng(seed);
  const distribution = new Float64Array(iterations);
  const indices = new Array<number>(n);
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let row = 0; row < n; row++) indices[row] = rng.int(0, n - 1);
    distribution[iteration] = difference(indices);
  }

  const alpha = (1 - confidence) / 2;
  const result: PairedBootstrapResult = {
    estimate,
    distribution,
    percentile: quantilePair(distribution, alpha, 1 - alpha),
    standardError: iterations > 1 ? standardDeviation(distribution, { ddof: 1 }) : Number.NaN,
  };
  if (options.bca) result.bca = bcaInterval(estimate, distribution, all, difference, alpha);
  return result;
}

function bcaInterval(
  estimate: number,
  distribution: Float64Array,
  all: number[],
  difference: (indices: ArrayLike<number>) => number,
  alpha: number,
): NonNullable<PairedBootstrapResult['bca']> {
  let below = 0;
  let atOrBelow = 0;
  for (const value of distribution) {
    if (value < estimate) below++;
    if (value <= estimate) atOrBelow++;
  }
  const biasCorrection = normalPpf((below + atOrBelow) / (2 * distribution.length));

  const n = all.length;
  const jackknife = new Float64Array(n);
  for (let left = 0; left < n; left++) {
    jackknife[left] = difference(all.filter((row) => row !== left));
  }
  let jackknifeMean = 0;
  for (const value of jackknife) jackknifeMean += value;
  jackknifeMean /= n;
  let cubes = 0;
  let squares = 0;
  for (const value of jackknife) {
    const deviation = jackknifeMean - value;
    squares += deviation * deviation;
    cubes += deviation * deviation * deviation;
  }
  const acceleration = cubes / (6 * squares ** 1.5);

  const adjusted = (z: number) => {
    const shifted = biasCorrection + z;
    return normalCdf(biasCorrection + shifted / (1 - acceleration * shifted));
  };
  const zAlpha = normalPpf(alpha);
  const lowLevel = adjusted(zAlpha);
  const highLevel = adjusted(-zAlpha);
  // NaN levels (no spread in the jackknife, or every resample on one side) leave it undefined.
  const interval: [number, number] =
    lowLevel >= 0 && lowLevel <= 1 && highLevel >= 0 && highLevel <= 1
      ? quantilePair(distribution, lowLevel, highLevel)
      : [Number.NaN, Number.NaN];
  return { interval, biasCorrection, acceleration };
}
