import { InvalidArgumentError } from '@dagnostics/core';
import { chiSquaredSf, type NumericArray, quantile } from '@dagnostics/core/stats';
import { finiteValues } from './finite-sample';

/** Options of {@link eppsSingletonTwoSample}. */
export interface EppsSingletonOptions {
  /**
   * The points t at which the empirical characteristic functions are compared, before
   * scaling by the semi-interquartile range of the pooled sample. Positive; default
   * [0.4, 0.8] (Epps and Singleton's and scipy's).
   */
  t?: readonly number[];
}

/** Result of {@link eppsSingletonTwoSample}. */
export interface EppsSingletonResult {
  /** W, asymptotically χ² with `degreesOfFreedom` degrees of freedom under the null. */
  readonly statistic: number;
  /** P(χ²_r > W). */
  readonly pValue: number;
  /** r, the rank of the estimated covariance (2·t.length when it has full rank). */
  readonly degreesOfFreedom: number;
}

/** The smallest sample size scipy accepts. */
const MIN_SIZE = 5;

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations. */
function symmetricEigen(
  matrix: Float64Array,
  size: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const vectors = new Float64Array(size * size);
  for (let i = 0; i < size; i++) vectors[i * size + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    let diagonal = 0;
    for (let p = 0; p < size; p++) {
      diagonal += (a[p * size + p] as number) ** 2;
      for (let q = p + 1; q < size; q++) offDiagonal += (a[p * size + q] as number) ** 2;
    }
    // Converged once the off-diagonal mass is far below the last bit of the diagonal.
    if (offDiagonal <= 1e-40 * diagonal) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        const apq = a[p * size + q] as number;
        if (apq === 0) continue;
        const app = a[p * size + p] as number;
        const aqq = a[q * size + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k * size + p] as number;
          const akq = a[k * size + q] as number;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p * size + k] as number;
          const aqk = a[q * size + k] as number;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = vectors[k * size + p] as number;
          const vkq = vectors[k * size + q] as number;
          vectors[k * size + p] = c * vkp - s * vkq;
          vectors[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(size);
  for (let i = 0; i < size; i++) values[i] = a[i * size + i] as number;
  return { values, vectors };
}

/** Writes the features cos(t·x) for each t, then sin(t·x) for each t, into `out`. */
function fillFeatures(value: number, scaledT: readonly number[], out: Float64Array): void {
  const count = scaledT.length;
  for (let k = 0; k < count; k++) {
    const angle = (scaledT[k] as number) * value;
    out[k] = Math.cos(angle);
    out[count + k] = Math.sin(angle);
  }
}

/** Adds `term` to the Neumaier-compensated sum held in sums[index], compensations[index]. */
function accumulate(sums: Float64Array, compensations: Float64Array, index: number, term: number) {
  const sum = sums[index] as number;
  const next = sum + term;
  compensations[index] =
    (compensations[index] as number) +
    (Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum);
  sums[index] = next;
}

/**
 * Means and biased (divisor n) covariance of the characteristic-function features of one
 * sample, in two passes like numpy (means, then centred products), recomputing the features
 * instead of storing them so memory stays O(features²). The covariance is formed as scipy
 * forms it: the unbiased estimate times (n − 1)/n.
 */
function featureMoments(
  sample: Float64Array,
  scaledT: readonly number[],
): { means: Float64Array; covariance: Float64Array } {
  const size = 2 * scaledT.length;
  const n = sample.length;
  const features = new Float64Array(size);
  const sums = new Float64Array(size);
  const compensations = new Float64Array(size);
  for (const value of sample) {
    fillFeatures(value, scaledT, features);
    for (let p = 0; p < size; p++) accumulate(sums, compensations, p, features[p] as number);
  }
  const means = sums.map((sum, p) => (sum + (compensations[p] as number)) / n);
  const products = new Float64Array(size * size);
  const productCompensations = new Float64Array(size * size);
  const deviations = new Float64Array(size);
  for (const value of sample) {
    fillFeatures(value, scaledT, features);
    for (let p = 0; p < size; p++) deviations[p] = (features[p] as number) - (means[p] as number);
    for (let p = 0; p < size; p++) {
      for (let q = p; q < size; q++) {
        const term = (deviations[p] as number) * (deviations[q] as number);
        accumulate(products, productCompensations, p * size + q, term);
      }
    }
  }
  const covariance = new Float64Array(size * size);
  for (let p = 0; p < size; p++) {
    for (let q = p; q < size; q++) {
      const index = p * size + q;
      const sum = (products[index] as number) + (productCompensations[index] as number);
      const value = ((sum / (n - 1)) * (n - 1)) / n;
      covariance[index] = value;
      covariance[q * size + p] = value;
    }
  }
  return { means, covariance };
}

/**
 * Epps–Singleton two-sample test on the empirical characteristic functions, numerically
 * close to scipy 1.17 `scipy.stats.epps_singleton_2samp(reference, current, t)` (the test
 * behind Evidently's `es`).
 *
 * The characteristic functions are compared at t / (IQR/2), with the interquartile range of
 * the pooled sample (numpy's linear percentiles); the statistic uses the pseudo-inverse of
 * the estimated covariance (eigenvalues below 2·len(t)·ε of the largest dropped, as
 * numpy's `pinv` with the array-API default tolerance) and Epps and Singleton's small-sample
 * correction when both samples have fewer than 25 values. scipy inverts by an SVD and sums
 * with BLAS; the symmetric eigen-decomposition and compensated sums used here agree with it
 * to about 1e-12 relative on well-conditioned data.
 *
 * NaN and ±Infinity are dropped first. Deviation: when the estimated covariance is exactly
 * 0 (every feature constant within each sample), scipy's result is rounding noise or NaN;
 * here p = 0 when the feature means differ and p = 1 when they do not.
 *
 * @param reference - scipy's `x`; at least five finite values.
 * @param current - scipy's `y`; at least five finite values.
 * @param options - `t`, default [0.4, 0.8].
 * @throws EmptyInputError for a sample with no finite value; InvalidArgumentError for fewer
 * than five values (scipy returns NaN), a zero interquartile range (scipy fails to converge;
 * Evidently raises) or non-positive `t`.
 */
export function eppsSingletonTwoSample(
  reference: NumericArray,
  current: NumericArray,
  options: EppsSingletonOptions = {},
): EppsSingletonResult {
  const t = options.t ?? [0.4, 0.8];
  if (!Array.isArray(t) || t.length === 0 || t.some((value) => !(value > 0))) {
    throw new InvalidArgumentError({
      message: '`t` must be a non-empty array of positive numbers (default [0.4, 0.8]).',
      argument: 't',
    });
  }
  const test = 'the Epps-Singleton test';
  const x = finiteValues(reference, 'reference', test);
  const y = finiteValues(current, 'current', test);
  for (const [sample, argument] of [
    [x, 'reference'],
    [y, 'current'],
  ] as const) {
    if (sample.length < MIN_SIZE) {
      throw new InvalidArgumentError({
        message: `The Epps-Singleton test needs at least ${MIN_SIZE} finite values in \`${argument}\`; got ${sample.length}.`,
        argument,
      });
    }
  }
  const nx = x.length;
  const ny = y.length;
  const n = nx + ny;
  const pooled = new Float64Array(n);
  pooled.set(x);
  pooled.set(y, nx);
  const iqr =
    quantile(pooled, 0.75, { method: 'linear' }) - quantile(pooled, 0.25, { method: 'linear' });
  if (iqr === 0) {
    throw new InvalidArgumentError({
      message:
        'The Epps-Singleton test scales by the interquartile range of the pooled data, which is 0 here (at least half the values are equal). Use a test that handles ties, such as `ks` or `wasserstein`.',
      argument: 'current',
    });
  }
  const semiIqr = iqr / 2;
  const scaledT = t.map((value) => value / semiIqr);
  const momentsX = featureMoments(x, scaledT);
  const momentsY = featureMoments(y, scaledT);
  const size = 2 * t.length;
  const estimated = new Float64Array(size * size);
  for (let k = 0; k < estimated.length; k++) {
    estimated[k] =
      (n / nx) * (momentsX.covariance[k] as number) + (n / ny) * (momentsY.covariance[k] as number);
  }
  const { values, vectors } = symmetricEigen(estimated, size);
  const largest = Math.max(...Array.from(values, Math.abs));
  const cutoff = size * Number.EPSILON * largest;
  const difference = momentsX.means.map((mean, index) => mean - (momentsY.means[index] as number));
  let quadraticForm = 0;
  let rank = 0;
  for (let k = 0; k < size; k++) {
    const eigenvalue = values[k] as number;
    if (!(Math.abs(eigenvalue) > cutoff)) continue;
    rank++;
    let projection = 0;
    for (let i = 0; i < size; i++) {
      projection += (vectors[i * size + k] as number) * (difference[i] as number);
    }
    quadraticForm += (projection * projection) / eigenvalue;
  }
  if (rank === 0) {
    // Every feature is constant within each sample (e.g. two constant samples): the
    // covariance is 0, so any difference in the features is infinitely significant.
    const differs = difference.some((value) => value !== 0);
    return {
      statistic: differs ? Number.POSITIVE_INFINITY : 0,
      pValue: differs ? 0 : 1,
      degreesOfFreedom: 0,
    };
  }
  let statistic = n * quadraticForm;
  if (Math.max(nx, ny) < 25) {
    statistic *= 1 / (1 + n ** -0.45 + 10.1 * (nx ** -1.7 + ny ** -1.7));
  }
  return { statistic, pValue: chiSquaredSf(statistic, rank), degreesOfFreedom: rank };
}
