import { InvalidArgumentError } from '@dagnostics/core';

/**
 * Checks a confidence level and returns the matching failure probability 1 − confidence.
 *
 * @throws InvalidArgumentError unless `confidence` is a number in (0, 1).
 */
export function failureProbability(confidence: number): number {
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError({
      message: `\`confidence\` must be a number in (0, 1), e.g. 0.99; got ${String(confidence)}.`,
      argument: 'confidence',
    });
  }
  return 1 - confidence;
}

/**
 * Bound on the normalized rank error at `points` values fixed in advance, holding at all of
 * them together with probability ≥ 1 − `failure`.
 *
 * The error at one value is a sum of martingale differences whose squared ranges add up to
 * the sketch's variance proxy, so Azuma–Hoeffding gives P(|error| > t) ≤ 2·exp(−t²/(2σ²))
 * with σ = `scale`; the union bound over the points then needs t = σ·√(2·ln(2·points/failure)).
 */
export function pointRankErrorBound(scale: number, failure: number, points: number): number {
  if (scale === 0 || points <= 0) return 0;
  return Math.min(1, scale * Math.sqrt(2 * Math.log((2 * points) / failure)));
}

/** Grid spacings tried, as fractions of σ, when bounding the error over all values. */
const GRID_SPACINGS = [2, 1, 0.5, 0.25, 0.125, 0.0625] as const;

/**
 * Bound on the largest normalized rank error over every possible value, holding with
 * probability ≥ 1 − `failure`.
 *
 * Two arguments, and the smaller result is kept. (a) The error only changes at the sketched
 * data's distinct values, of which there are at most `count`: a union bound over them. (b) A
 * grid of values at true ranks γ, 2γ, …, 1 (and their left limits, 2·⌈1/γ⌉ points): between
 * two grid values both the true and the estimated rank are monotone and the true rank moves by
 * less than γ, so the error anywhere exceeds the error on the grid by less than γ. γ is chosen
 * among a few multiples of σ.
 */
export function uniformRankErrorBound(scale: number, failure: number, count: number): number {
  if (scale === 0) return 0;
  let best = pointRankErrorBound(scale, failure, count);
  for (const fraction of GRID_SPACINGS) {
    const spacing = fraction * scale;
    const gridPoints = 2 * Math.ceil(1 / spacing);
    best = Math.min(best, spacing + pointRankErrorBound(scale, failure, gridPoints));
  }
  return Math.min(1, best);
}
