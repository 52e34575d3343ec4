import { InvalidArgumentError } from '../../errors';

/**
 * The estimation methods of `numpy.quantile` (H&F = Hyndman & Fan, 1996, "Sample Quantiles
 * in Statistical Packages"). Discrete methods return one of the data values; the others
 * interpolate between two neighbouring order statistics.
 */
export type QuantileMethod =
  /** H&F 1: the smallest value whose empirical CDF is ≥ q. Discrete. */
  | 'inverted_cdf'
  /** H&F 2: like `inverted_cdf` but averages at the jumps of the empirical CDF. */
  | 'averaged_inverted_cdf'
  /** H&F 3: the nearest order statistic, ties to the even one. Discrete. */
  | 'closest_observation'
  /** H&F 4: linear interpolation of the empirical CDF. */
  | 'interpolated_inverted_cdf'
  /** H&F 5: piecewise linear with knots at (k − ½)/n. */
  | 'hazen'
  /** H&F 6: piecewise linear with knots at k/(n + 1). */
  | 'weibull'
  /** H&F 7, numpy's default: piecewise linear with knots at (k − 1)/(n − 1). */
  | 'linear'
  /** H&F 8: approximately median-unbiased whatever the distribution (R's recommendation). */
  | 'median_unbiased'
  /** H&F 9: approximately unbiased for normally distributed data. */
  | 'normal_unbiased'
  /** The lower of the two neighbouring values. Discrete. */
  | 'lower'
  /** The higher of the two neighbouring values. Discrete. */
  | 'higher'
  /** The nearer of the two neighbouring values, ties to the even index. Discrete. */
  | 'nearest'
  /** The average of the two neighbouring values. */
  | 'midpoint';

/**
 * Where the value for one q comes from: `previous`/`next` are 0-based ranks in the sorted
 * data and `gamma` the interpolation weight, or `gamma` is undefined when the value is the
 * order statistic at `previous` itself (discrete methods).
 */
export interface QuantilePlan {
  previous: number;
  next: number;
  gamma: number | undefined;
}

const PLOTTING_POSITIONS: Partial<Record<QuantileMethod, readonly [number, number]>> = {
  interpolated_inverted_cdf: [0, 1],
  hazen: [0.5, 0.5],
  weibull: [0, 0],
  median_unbiased: [1 / 3, 1 / 3],
  normal_unbiased: [3 / 8, 3 / 8],
};

const METHODS: ReadonlySet<string> = new Set<QuantileMethod>([
  'inverted_cdf',
  'averaged_inverted_cdf',
  'closest_observation',
  'interpolated_inverted_cdf',
  'hazen',
  'weibull',
  'linear',
  'median_unbiased',
  'normal_unbiased',
  'lower',
  'higher',
  'nearest',
  'midpoint',
]);

/** Throws InvalidArgumentError unless `method` is one of {@link QuantileMethod}. */
export function assertQuantileMethod(method: unknown): asserts method is QuantileMethod {
  if (typeof method !== 'string' || !METHODS.has(method)) {
    throw new InvalidArgumentError({
      message: `Unknown quantile method ${JSON.stringify(method)}; use one of ${[...METHODS].join(', ')} (numpy's names; the default is 'linear').`,
      argument: 'method',
    });
  }
}

/** numpy's `around`: round half to even. */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function discrete(index: number): QuantilePlan {
  return { previous: index, next: index, gamma: undefined };
}

/**
 * numpy's `_discrete_interpolation_to_boundaries`: the floor of `index`, or the next rank
 * unless `takePrevious` holds for the fractional part; clipped at 0.
 */
function discreteBoundary(
  index: number,
  takePrevious: (gamma: number, floor: number) => boolean,
): QuantilePlan {
  const floor = Math.floor(index);
  const gamma = index - floor;
  const rank = takePrevious(gamma, floor) ? floor : floor + 1;
  return discrete(Math.max(rank, 0));
}

/**
 * numpy's `_get_indexes` and `_get_gamma`: neighbours of the virtual index, clamped to the
 * data, and the weight computed from the clamped lower neighbour exactly as numpy does
 * (beyond the last value numpy's lower index is −1, so the weight is index + 1).
 */
function interpolated(virtualIndex: number, n: number): QuantilePlan {
  if (virtualIndex >= n - 1) {
    return { previous: n - 1, next: n - 1, gamma: virtualIndex + 1 };
  }
  if (virtualIndex < 0) return { previous: 0, next: 0, gamma: virtualIndex };
  const previous = Math.floor(virtualIndex);
  return { previous, next: previous + 1, gamma: virtualIndex - previous };
}

/** The plan for one q in [0, 1] with n ≥ 1 values, following `numpy.quantile`'s table. */
export function planQuantile(method: QuantileMethod, n: number, q: number): QuantilePlan {
  switch (method) {
    case 'lower':
      return discrete(Math.floor((n - 1) * q));
    case 'higher':
      return discrete(Math.ceil((n - 1) * q));
    case 'nearest':
      return discrete(roundHalfEven((n - 1) * q));
    case 'inverted_cdf':
      return discreteBoundary(n * q - 1, (gamma) => gamma === 0);
    case 'closest_observation':
      // "Choose the nearest even order statistic at g = 0" (1-based), i.e. an odd 0-based floor.
      return discreteBoundary(
        n * q - 1 - 0.5,
        (gamma, floor) => gamma === 0 && ((floor % 2) + 2) % 2 === 1,
      );
    case 'linear':
      return interpolated((n - 1) * q, n);
    case 'averaged_inverted_cdf': {
      const plan = interpolated(n * q - 1, n);
      return { ...plan, gamma: plan.gamma === 0 ? 0.5 : 1 };
    }
    case 'midpoint': {
      const scaled = (n - 1) * q;
      const virtualIndex = 0.5 * (Math.floor(scaled) + Math.ceil(scaled));
      const plan = interpolated(virtualIndex, n);
      return { ...plan, gamma: virtualIndex % 1 === 0 ? 0 : 0.5 };
    }
    default: {
      const [alpha, beta] = PLOTTING_POSITIONS[method] as readonly [number, number];
      return interpolated(n * q + (alpha + q * (1 - alpha - beta)) - 1, n);
    }
  }
}

/** numpy's `_lerp`: a + (b − a)·t, or b − (b − a)·(1 − t) for t ≥ ½ (exact at both ends). */
export function interpolate(a: number, b: number, t: number): number {
  const difference = b - a;
  return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
}
