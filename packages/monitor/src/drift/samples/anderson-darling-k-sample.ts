import { InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import { sortedFiniteValues } from './finite-sample';

/**
 * Which k-sample Anderson–Darling statistic of Scholz and Stephens (1987) to compute:
 * `'midrank'` (eq. 7, for continuous and discrete data, scipy's default), `'right'` (eq. 6,
 * right-continuous EDF for discrete data) or `'continuous'` (eq. 3, no tie adjustment).
 */
export type AndersonDarlingVariant = 'midrank' | 'right' | 'continuous';

/** Options of {@link andersonDarlingKSample}. */
export interface AndersonDarlingOptions {
  /** Default `'midrank'` (scipy's `midrank=True`). */
  variant?: AndersonDarlingVariant;
}

/**
 * Whether the tabulated p-value hit an end of its table: `'capped'` when the true p-value
 * is larger than 0.25 (reported as 0.25), `'floored'` when it is smaller than 0.001
 * (reported as 0.001), `null` when it was interpolated. scipy warns in the first two cases.
 */
export type AndersonDarlingPValueLimit = 'capped' | 'floored' | null;

/** Result of {@link andersonDarlingKSample}. */
export interface AndersonDarlingResult {
  /** The standardised statistic (A²ₖₙ − (k − 1)) / σₙ. */
  readonly statistic: number;
  /**
   * Critical values of `statistic` at the significance levels 25%, 10%, 5%, 2.5%, 1%,
   * 0.5% and 0.1% (Scholz and Stephens, Table 2 interpolated in k).
   */
  readonly criticalValues: readonly number[];
  /** The p-value interpolated from the table, within [0.001, 0.25]; see `pValueLimit`. */
  readonly pValue: number;
  readonly pValueLimit: AndersonDarlingPValueLimit;
}

/** Significance levels of the critical-value table. */
const SIGNIFICANCE_LEVELS = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001] as const;
/** Scholz and Stephens (1987), Table 2: critical value = b₀ + b₁/√m + b₂/m, m = k − 1. */
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085] as const;
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615] as const;
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154] as const;

/**
 * A²ₖₙ for the chosen variant. One merge walk over the distinct pooled values z_j with, per
 * sample i, M_ij = #{sample i ≤ z_j} and f_ij = #{sample i = z_j}; ℓ_j = pooled count of z_j.
 * Each sample's sum over j is compensated (Neumaier), so 10⁷-value samples keep every bit.
 */
function statisticA2(
  samples: readonly Float64Array[],
  total: number,
  variant: AndersonDarlingVariant,
): number {
  const k = samples.length;
  const positions = new Float64Array(k);
  const starts = new Float64Array(k);
  const sums = new Float64Array(k);
  const compensations = new Float64Array(k);
  let below = 0;
  while (below < total) {
    let value = Number.POSITIVE_INFINITY;
    for (let i = 0; i < k; i++) {
      const sample = samples[i] as Float64Array;
      const position = positions[i] as number;
      if (position < sample.length) value = Math.min(value, sample[position] as number);
    }
    let tied = 0;
    for (let i = 0; i < k; i++) {
      const sample = samples[i] as Float64Array;
      let position = positions[i] as number;
      starts[i] = position;
      while (position < sample.length && (sample[position] as number) === value) position++;
      positions[i] = position;
      tied += position - (starts[i] as number);
    }
    const atOrBelow = below + tied;
    for (let i = 0; i < k; i++) {
      const size = (samples[i] as Float64Array).length;
      const count = positions[i] as number;
      let term = 0;
      if (variant === 'midrank') {
        const rank = below + tied / 2;
        const midCount = count - (count - (starts[i] as number)) / 2;
        const deviation = total * midCount - rank * size;
        term =
          ((tied / total) * (deviation * deviation)) / (rank * (total - rank) - (total * tied) / 4);
      } else if (variant === 'right') {
        if (atOrBelow === total) continue;
        const deviation = total * count - atOrBelow * size;
        term = ((tied / total) * (deviation * deviation)) / (atOrBelow * (total - atOrBelow));
      } else {
        // One term per pooled observation j = 1..N−1, ties included.
        const last = Math.min(atOrBelow, total - 1);
        for (let j = below + 1; j <= last; j++) {
          const deviation = total * count - j * size;
          const part = (deviation * deviation) / (j * (total - j));
          const sum = sums[i] as number;
          const next = sum + part;
          compensations[i] =
            (compensations[i] as number) + (sum >= part ? sum - next + part : part - next + sum);
          sums[i] = next;
        }
        continue;
      }
      const sum = sums[i] as number;
      const next = sum + term;
      compensations[i] =
        (compensations[i] as number) + (sum >= term ? sum - next + term : term - next + sum);
      sums[i] = next;
    }
    below = atOrBelow;
  }
  let a2 = 0;
  for (let i = 0; i < k; i++) {
    a2 +=
      ((sums[i] as number) + (compensations[i] as number)) / (samples[i] as Float64Array).length;
  }
  if (variant === 'midrank') return a2 * ((total - 1) / total);
  if (variant === 'continuous') return a2 / total;
  return a2;
}

/**
 * Least-squares coefficients [c₂, c₁, c₀] of c₂x² + c₁x + c₀ through (x, y), as
 * `numpy.polyfit(x, y, 2)`: Vandermonde columns scaled to unit norm, then solved by
 * Householder QR (numpy uses an SVD; both are backward stable, agreeing to ~1e-15).
 */
function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  const rows = x.length;
  const columns = 3;
  const matrix = x.map((value) => [value * value, value, 1]);
  const scales = [0, 1, 2].map((column) =>
    Math.sqrt(matrix.reduce((sum, row) => sum + (row[column] as number) ** 2, 0)),
  );
  for (const row of matrix) {
    for (let column = 0; column < columns; column++) {
      row[column] = (row[column] as number) / (scales[column] as number);
    }
  }
  const rhs = [...y];
  for (let column = 0; column < columns; column++) {
    let norm = 0;
    for (let row = column; row < rows; row++) norm += (matrix[row]?.[column] as number) ** 2;
    norm = Math.sqrt(norm);
    const pivot = matrix[column]?.[column] as number;
    const alpha = pivot > 0 ? -norm : norm;
    const reflector = new Float64Array(rows);
    for (let row = column; row < rows; row++) reflector[row] = matrix[row]?.[column] as number;
    reflector[column] = pivot - alpha;
    let reflectorNorm = 0;
    for (let row = column; row < rows; row++) reflectorNorm += (reflector[row] as number) ** 2;
    if (reflectorNorm === 0) continue;
    const apply = (get: (row: number) => number, set: (row: number, value: number) => void) => {
      let dot = 0;
      for (let row = column; row < rows; row++) dot += (reflector[row] as number) * get(row);
      const factor = (2 * dot) / reflectorNorm;
      for (let row = column; row < rows; row++)
        set(row, get(row) - factor * (reflector[row] as number));
    };
    for (let other = column; other < columns; other++) {
      apply(
        (row) => matrix[row]?.[other] as number,
        (row, value) => {
          (matrix[row] as number[])[other] = value;
        },
      );
    }
    apply(
      (row) => rhs[row] as number,
      (row, value) => {
        rhs[row] = value;
      },
    );
  }
  const solution = [0, 0, 0];
  for (let row = columns - 1; row >= 0; row--) {
    let value = rhs[row] as number;
    for (let column = row + 1; column < columns; column++) {
      value -= (matrix[row]?.[column] as number) * (solution[column] as number);
    }
    solution[row] = value / (matrix[row]?.[row] as number);
  }
  return [
    (solution[0] as number) / (scales[0] as number),
    (solution[1] as number) / (scales[1] as number),
    (solution[2] as number) / (scales[2] as number),
  ];
}

/** σ²ₙ of A²ₖₙ under the null (Scholz and Stephens 1987, eq. 4), for sample sizes `sizes`. */
function nullVariance(sizes: readonly number[], total: number): number {
  const k = sizes.length;
  let inverseSizeSum = 0;
  for (const size of sizes) inverseSizeSum += 1 / size;
  // h = Σ_{i<N} 1/i; g = Σ_{i<N−1} Σ_{j>i} 1/((N−i)·j), from the running sums of 1/(N−1), 1/(N−2), ...
  let runningSum = 0;
  let g = 0;
  let compensation = 0;
  for (let i = total - 1; i > 1; i--) {
    runningSum += 1 / i;
    const term = runningSum / (total + 1 - i);
    const next = g + term;
    compensation += g >= term ? g - next + term : term - next + g;
    g = next;
  }
  g += compensation;
  const h = runningSum + 1;
  const H = inverseSizeSum;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  return (
    (a * (total * total * total) + b * (total * total) + c * total + d) /
    ((total - 1) * (total - 2) * (total - 3))
  );
}

/**
 * k-sample Anderson–Darling test (Scholz and Stephens 1987), numerically identical to scipy
 * 1.17 `scipy.stats.anderson_ksamp(samples)` with its default midrank statistic (Evidently's
 * `anderson` drift test calls it with [reference, current]).
 *
 * The p-value is not exact: like scipy, it is interpolated (quadratic in log p) from the
 * critical values of Table 2 and limited to [0.001, 0.25]; `pValueLimit` says when a limit
 * was hit (where scipy warns). scipy 1.17's permutation `method` is not offered. NaN and
 * ±Infinity are dropped first.
 *
 * @param samples - Two or more samples; each needs a finite value, and there must be at
 * least two distinct values and four values in all.
 * @param options - `variant`, default `'midrank'`.
 * @throws EmptyInputError (argument `samples[i]`) for a sample with no finite value;
 * InvalidArgumentError for fewer than two samples, a single distinct value (scipy raises
 * too) or fewer than four values in all (where scipy's variance formula divides by zero).
 */
export function andersonDarlingKSample(
  samples: readonly NumericArray[],
  options: AndersonDarlingOptions = {},
): AndersonDarlingResult {
  const variant = options.variant ?? 'midrank';
  if (variant !== 'midrank' && variant !== 'right' && variant !== 'continuous') {
    throw new InvalidArgumentError({
      message: `\`variant\` must be 'midrank', 'right' or 'continuous'; got ${String(variant)}.`,
      argument: 'variant',
    });
  }
  if (!Array.isArray(samples) || samples.length < 2) {
    throw new InvalidArgumentError({
      message: 'The k-sample Anderson-Darling test needs an array of at least two samples.',
      argument: 'samples',
    });
  }
  const test = 'the Anderson-Darling test';
  const sorted = samples.map((sample, index) =>
    sortedFiniteValues(sample, `samples[${index}]`, test),
  );
  const sizes = sorted.map((sample) => sample.length);
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const smallest = Math.min(...sorted.map((sample) => sample[0] as number));
  const largest = Math.max(...sorted.map((sample) => sample[sample.length - 1] as number));
  if (smallest === largest) {
    throw new InvalidArgumentError({
      message:
        'The Anderson-Darling test needs more than one distinct value across the samples; all values are equal.',
      argument: 'samples',
    });
  }
  if (total < 4) {
    throw new InvalidArgumentError({
      message: `The k-sample Anderson-Darling test needs at least four values in all; got ${total}.`,
      argument: 'samples',
    });
  }
  const a2 = statisticA2(sorted, total, variant);
  const m = sizes.length - 1;
  const statistic = (a2 - m) / Math.sqrt(nullVariance(sizes, total));
  const criticalValues = B0.map(
    (b0, index) => b0 + (B1[index] as number) / Math.sqrt(m) + (B2[index] as number) / m,
  );
  let pValue: number;
  let pValueLimit: AndersonDarlingPValueLimit = null;
  if (statistic < Math.min(...criticalValues)) {
    pValue = 0.25;
    pValueLimit = 'capped';
  } else if (statistic > Math.max(...criticalValues)) {
    pValue = 0.001;
    pValueLimit = 'floored';
  } else {
    const [c2, c1, c0] = quadraticFit(
      criticalValues,
      SIGNIFICANCE_LEVELS.map((level) => Math.log(level)),
    );
    pValue = Math.exp((c2 * statistic + c1) * statistic + c0);
  }
  return { statistic, criticalValues, pValue, pValueLimit };
}
