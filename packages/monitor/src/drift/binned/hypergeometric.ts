import { InvalidArgumentError } from '@dagnostics/core';

/**
 * The hypergeometric distribution of the number of successes in `draws` draws without
 * replacement from `population` items of which `successes` are successes (scipy's
 * `hypergeom(M=population, n=successes, N=draws)`), tabulated once.
 */
export interface HypergeometricDistribution {
  /** Smallest possible value, max(0, draws − (population − successes)). */
  readonly low: number;
  /** Largest possible value, min(successes, draws). */
  readonly high: number;
  /** A most likely value. */
  readonly mode: number;
  /** P(X = k); 0 outside the support and for non-integer k. */
  pmf(k: number): number;
  /** P(X ≤ k), summed over the lower tail. */
  cdf(k: number): number;
  /** P(X > k), summed over the upper tail (accurate where it is tiny). */
  sf(k: number): number;
}

function assertParameter(value: number, argument: string): void {
  if (!(Number.isSafeInteger(value) && value >= 0)) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be a non-negative integer; got ${String(value)}.`,
      argument,
    });
  }
}

/** Neumaier's compensated sum of `values[start..end]` (inclusive, either direction). */
function compensatedSum(values: Float64Array, start: number, end: number): number {
  let sum = 0;
  let compensation = 0;
  const step = start <= end ? 1 : -1;
  for (let i = start; i !== end + step; i += step) {
    const value = values[i] as number;
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/**
 * Tabulates the hypergeometric distribution (see {@link HypergeometricDistribution}).
 *
 * Probabilities come from the ratio P(k+1)/P(k) = (K−k)(n−k) / ((k+1)(N−K−n+k+1)), walked
 * outwards from the mode until they underflow, and normalised by their (compensated) sum.
 * Every step multiplies by a ratio of exact integer products, so the relative error of a
 * probability grows only with its distance from the mode, in ulps; there is no cancellation
 * between large log-gamma values. The cost is about 80 standard deviations of work and
 * memory, whatever the population.
 *
 * @param population - N, the number of items (scipy's `M`).
 * @param successes - K ≤ N, the number of successes among them (scipy's `n`).
 * @param draws - n ≤ N, the number of items drawn (scipy's `N`).
 * @throws InvalidArgumentError for parameters that are not non-negative integers, or
 * `successes` or `draws` above `population` (scipy returns NaN there).
 */
export function hypergeometricDistribution(
  population: number,
  successes: number,
  draws: number,
): HypergeometricDistribution {
  assertParameter(population, 'population');
  assertParameter(successes, 'successes');
  assertParameter(draws, 'draws');
  if (successes > population || draws > population) {
    throw new InvalidArgumentError({
      message: `\`successes\` (${successes}) and \`draws\` (${draws}) cannot exceed \`population\` (${population}).`,
      argument: successes > population ? 'successes' : 'draws',
    });
  }
  const failures = population - successes;
  const low = Math.max(0, draws - failures);
  const high = Math.min(successes, draws);
  const mode = Math.min(
    Math.max(Math.floor(((draws + 1) * (successes + 1)) / (population + 2)), low),
    high,
  );
  const upper: number[] = [1];
  for (let k = mode; k < high; k++) {
    const next =
      ((upper[upper.length - 1] as number) * ((successes - k) * (draws - k))) /
      ((k + 1) * (failures - draws + k + 1));
    if (next === 0) break;
    upper.push(next);
  }
  const lower: number[] = [];
  let weight = 1;
  for (let k = mode; k > low; k--) {
    weight = (weight * (k * (failures - draws + k))) / ((successes - k + 1) * (draws - k + 1));
    if (weight === 0) break;
    lower.push(weight);
  }
  // weights[i] is the unnormalised P(first + i).
  const first = mode - lower.length;
  const weights = Float64Array.from([...lower.reverse(), ...upper]);
  const last = first + weights.length - 1;
  const total = compensatedSum(weights, 0, weights.length - 1);
  const probabilities = weights.map((value) => value / total);

  const pmf = (k: number): number =>
    Number.isInteger(k) && k >= first && k <= last ? (probabilities[k - first] as number) : 0;
  const cdf = (k: number): number => {
    const x = Math.floor(k);
    if (Number.isNaN(x)) return Number.NaN;
    if (x >= high) return 1;
    if (x < first) return 0;
    return compensatedSum(probabilities, 0, Math.min(x, last) - first);
  };
  const sf = (k: number): number => {
    const x = Math.floor(k);
    if (Number.isNaN(x)) return Number.NaN;
    if (x < low) return 1;
    if (x >= last) return 0;
    return compensatedSum(probabilities, last - first, Math.max(x + 1, first) - first);
  };
  return { low, high, mode, pmf, cdf, sf };
}

/**
 * P(X = k) for the hypergeometric distribution, as `scipy.stats.hypergeom.pmf(k, M=population,
 * n=successes, N=draws)`; see {@link hypergeometricDistribution} for the method and errors.
 */
export function hypergeometricPmf(
  k: number,
  population: number,
  successes: number,
  draws: number,
): number {
  return hypergeometricDistribution(population, successes, draws).pmf(k);
}

/**
 * P(X ≤ k) for the hypergeometric distribution, as `scipy.stats.hypergeom.cdf(k,
 * M=population, n=successes, N=draws)`; see {@link hypergeometricDistribution}.
 */
export function hypergeometricCdf(
  k: number,
  population: number,
  successes: number,
  draws: number,
): number {
  return hypergeometricDistribution(population, successes, draws).cdf(k);
}

/**
 * P(X > k) for the hypergeometric distribution, as `scipy.stats.hypergeom.sf(k,
 * M=population, n=successes, N=draws)`; see {@link hypergeometricDistribution}.
 */
export function hypergeometricSf(
  k: number,
  population: number,
  successes: number,
  draws: number,
): number {
  return hypergeometricDistribution(population, successes, draws).sf(k);
}
