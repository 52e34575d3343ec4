import { InvalidArgumentError } from '@dagnostics/core';
import {
  assertNotEmpty,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';

/** Options of {@link fitIsotonicRegression}. */
export interface IsotonicRegressionOptions {
  /** Fit a non-decreasing (true, default) or non-increasing (false) function. */
  increasing?: boolean;
  /**
   * Prediction outside the fitted x range: `'nan'` (default, scikit-learn's default) or
   * `'clip'` (the value at the nearest end, as NannyML's calibrator uses).
   */
  outOfBounds?: 'nan' | 'clip';
}

/** A fitted isotonic regression: a monotone piecewise-linear function. */
export interface IsotonicRegressionModel {
  /** x coordinates of the knots, increasing (scikit-learn's `X_thresholds_`). */
  readonly xThresholds: Float64Array;
  /** Fitted values at the knots (scikit-learn's `y_thresholds_`). */
  readonly yThresholds: Float64Array;
  /** Linear interpolation between the knots at each x. */
  predict(x: NumericInput): Float64Array;
}

/** Below this distance two x values are merged into one, as scikit-learn's `_make_unique` (float64 resolution). */
const MERGE_DISTANCE = 1e-15;

/**
 * Least-squares monotone fit of `y` on `x` by pool-adjacent-violators (PAV), as
 * scikit-learn 1.9.1's `IsotonicRegression(increasing=..., out_of_bounds=...).fit(x, y)`:
 * samples are ordered by x (then y), samples whose x lies within 1e-15 of the first x of
 * their group are averaged into one point, PAV pools adjacent points that violate the
 * order into their mean, knots inside flat stretches are dropped, and predictions
 * interpolate linearly between knots (`np.interp`).
 *
 * Agreement: the pooled means are summed in a different order than scipy's PAV, so fitted
 * values agree with scikit-learn to a few units in the last place, not bit for bit.
 *
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths or
 * values that are NaN or infinite.
 */
export function fitIsotonicRegression(
  x: NumericInput,
  y: NumericInput,
  options: IsotonicRegressionOptions = {},
): IsotonicRegressionModel {
  const xs = toFiniteFloat64(x, 'x');
  const ys = toFiniteFloat64(y, 'y');
  assertSameLength(xs, 'x', ys, 'y');
  assertNotEmpty(xs.length, 'x', 'an isotonic regression');
  const increasing = options.increasing ?? true;
  const outOfBounds = options.outOfBounds ?? 'nan';
  if (outOfBounds !== 'nan' && outOfBounds !== 'clip') {
    throw new InvalidArgumentError({
      message: `\`outOfBounds\` must be 'nan' or 'clip'; got ${String(outOfBounds)}.`,
      argument: 'outOfBounds',
    });
  }

  const order = Array.from(xs.keys()).sort(
    (a, b) =>
      (xs[a] as number) - (xs[b] as number) || (ys[a] as number) - (ys[b] as number) || a - b,
  );
  const points = mergeCloseX(
    order.map((i) => xs[i] as number),
    order.map((i) => ys[i] as number),
  );
  const fitted = poolAdjacentViolators(points.y, points.weight, increasing);
  const knots = dropInteriorFlatPoints(points.x, fitted);
  const xMin = points.x[0] as number;
  const xMax = points.x[points.x.length - 1] as number;

  return {
    xThresholds: knots.x,
    yThresholds: knots.y,
    predict(input: NumericInput): Float64Array {
      const values = toFiniteFloat64(input, 'x');
      return values.map((value) => {
        // One distinct x: scikit-learn predicts that constant everywhere, in bounds or not.
        if (knots.x.length === 1) return knots.y[0] as number;
        if (outOfBounds === 'clip')
          return interpolate(knots.x, knots.y, Math.min(Math.max(value, xMin), xMax));
        if (value < xMin || value > xMax) return Number.NaN;
        return interpolate(knots.x, knots.y, value);
      });
    },
  };
}

/** Averages y over runs of x closer than {@link MERGE_DISTANCE} to the run's first x (x sorted). */
function mergeCloseX(sortedX: number[], sortedY: number[]) {
  const x: number[] = [];
  const y: number[] = [];
  const weight: number[] = [];
  let runX = sortedX[0] as number;
  let runSum = 0;
  let runCount = 0;
  sortedX.forEach((value, i) => {
    if (value - runX >= MERGE_DISTANCE) {
      x.push(runX);
      y.push(runSum / runCount);
      weight.push(runCount);
      runX = value;
      runSum = 0;
      runCount = 0;
    }
    runSum += sortedY[i] as number;
    runCount++;
  });
  x.push(runX);
  y.push(runSum / runCount);
  weight.push(runCount);
  return { x, y, weight };
}

/**
 * Weighted isotonic fit of `values` in their given order: a stack of blocks, each new value
 * pooled with the blocks before it while they are not strictly below it (for a decreasing
 * fit, while they are not strictly above it).
 */
function poolAdjacentViolators(values: number[], weights: number[], increasing: boolean): number[] {
  const sums: number[] = [];
  const totals: number[] = [];
  const means: number[] = [];
  const sizes: number[] = [];
  const violates = (before: number, after: number) =>
    increasing ? before >= after : before <= after;
  values.forEach((value, i) => {
    const weight = weights[i] as number;
    let sum = value * weight;
    let total = weight;
    let size = 1;
    while (means.length > 0 && violates(means[means.length - 1] as number, sum / total)) {
      sum += sums.pop() as number;
      total += totals.pop() as number;
      size += sizes.pop() as number;
      means.pop();
    }
    sums.push(sum);
    totals.push(total);
    sizes.push(size);
    means.push(sum / total);
  });
  const fitted: number[] = [];
  means.forEach((mean, block) => {
    for (let k = 0; k < (sizes[block] as number); k++) fitted.push(mean);
  });
  return fitted;
}

/** Keeps the first and last knot and every knot whose value differs from a neighbour's. */
function dropInteriorFlatPoints(x: number[], y: number[]) {
  const keptX: number[] = [];
  const keptY: number[] = [];
  y.forEach((value, i) => {
    const isEnd = i === 0 || i === y.length - 1;
    if (isEnd || value !== y[i - 1] || value !== y[i + 1]) {
      keptX.push(x[i] as number);
      keptY.push(value);
    }
  });
  return { x: Float64Array.from(keptX), y: Float64Array.from(keptY) };
}

/** `np.interp(value, xs, ys)` for `value` within [xs[0], xs[last]]; a single knot is a constant. */
function interpolate(xs: Float64Array, ys: Float64Array, value: number): number {
  const last = xs.length - 1;
  if (last === 0 || value >= (xs[last] as number)) return ys[last] as number;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if ((xs[middle] as number) <= value) low = middle;
    else high = middle;
  }
  const x0 = xs[low] as number;
  if (value === x0) return ys[low] as number;
  const slope = ((ys[low + 1] as number) - (ys[low] as number)) / ((xs[low + 1] as number) - x0);
  return slope * (value - x0) + (ys[low] as number);
}
