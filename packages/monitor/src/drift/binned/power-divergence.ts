import { InvalidArgumentError } from '@dagnostics/core';
import { chiSquaredSf, type NumericArray } from '@dagnostics/core/stats';
import { numpySum } from './numpy-sum';
import { assertBinVectors } from './vectors';

/** Result of {@link chiSquareGoodnessOfFit} and {@link gTest}. */
export interface GoodnessOfFitResult {
  /** The power-divergence statistic (Pearson's χ² or the G statistic). */
  readonly statistic: number;
  /**
   * P(χ²(k − 1 − ddof) > statistic). `NaN` when there are no degrees of freedom left
   * (one category and ddof = 0), as scipy returns.
   */
  readonly pValue: number;
  /** k − 1 − ddof, k the number of categories. */
  readonly degreesOfFreedom: number;
}

/** Options of {@link chiSquareGoodnessOfFit} and {@link gTest}. */
export interface GoodnessOfFitOptions {
  /** Degrees of freedom to subtract from k − 1 (parameters estimated from the data). Default 0. */
  ddof?: number;
}

/** scipy's tolerance on |Σ observed − Σ expected| / min of the two: √ε. */
const SUM_TOLERANCE = Math.sqrt(Number.EPSILON);

/** `scipy.special.xlogy(x, y)`: x·ln y, and 0 when x = 0. */
function xLogY(x: number, y: number): number {
  return x === 0 && !Number.isNaN(y) ? 0 : x * Math.log(y);
}

function expectedFrequencies(fObs: NumericArray, fExp: NumericArray | undefined): NumericArray {
  if (fExp === undefined) {
    const mean = numpySum(fObs) / fObs.length;
    return new Float64Array(fObs.length).fill(mean);
  }
  assertBinVectors(fObs, fExp, ['fObs', 'fExp']);
  const observedTotal = numpySum(fObs);
  const expectedTotal = numpySum(fExp);
  const relativeDifference =
    Math.abs(observedTotal - expectedTotal) / Math.min(observedTotal, expectedTotal);
  if (relativeDifference > SUM_TOLERANCE) {
    throw new InvalidArgumentError({
      message: `The observed frequencies sum to ${observedTotal} and the expected ones to ${expectedTotal}; they must agree to a relative tolerance of ${SUM_TOLERANCE} (scale the expected frequencies to the observed total).`,
      argument: 'fExp',
    });
  }
  return fExp;
}

function powerDivergence(
  fObs: NumericArray,
  fExp: NumericArray | undefined,
  term: (observed: number, expected: number) => number,
  options: GoodnessOfFitOptions,
): GoodnessOfFitResult {
  const { ddof = 0 } = options;
  if (!Number.isInteger(ddof)) {
    throw new InvalidArgumentError({
      message: `\`ddof\` must be an integer; got ${String(ddof)}.`,
      argument: 'ddof',
    });
  }
  assertBinVectors(fObs, fObs, ['fObs', 'fObs']);
  const expected = expectedFrequencies(fObs, fExp);
  const terms = new Float64Array(fObs.length);
  for (let i = 0; i < terms.length; i++) {
    terms[i] = term(fObs[i] as number, expected[i] as number);
  }
  const statistic = numpySum(terms);
  const degreesOfFreedom = fObs.length - 1 - ddof;
  return { statistic, pValue: chiSquaredSf(statistic, degreesOfFreedom), degreesOfFreedom };
}

/**
 * Pearson's chi-squared goodness-of-fit test, as `scipy.stats.chisquare(f_obs, f_exp,
 * ddof)` (scipy 1.17.1): statistic Σ (oᵢ − eᵢ)²/eᵢ summed in numpy's order, p-value
 * `chi2.sf(statistic, k − 1 − ddof)`. Without `fExp` every category expects the mean
 * observed frequency. Like scipy it requires Σo and Σe to agree to a relative √ε.
 *
 * An expected frequency of 0 with a positive observed one makes the statistic +∞ and the
 * p-value 0 (this is what Evidently's `chisquare` gives for a category the reference never
 * had); a category that is 0 in both gives NaN, as in scipy.
 *
 * @param fObs - Observed frequency of each category.
 * @param fExp - Expected frequency of each category; default the mean of `fObs`.
 * @throws InvalidArgumentError when the vectors differ in length, hold negative or
 * non-finite values, or their sums disagree; EmptyInputError when they are empty.
 */
export function chiSquareGoodnessOfFit(
  fObs: NumericArray,
  fExp?: NumericArray,
  options: GoodnessOfFitOptions = {},
): GoodnessOfFitResult {
  return powerDivergence(
    fObs,
    fExp,
    (observed, expected) => {
      const difference = observed - expected;
      return (difference * difference) / expected;
    },
    options,
  );
}

/**
 * The G-test (log-likelihood ratio), as `scipy.stats.power_divergence(f_obs, f_exp,
 * lambda_="log-likelihood")` (scipy 1.17.1): statistic 2·Σ xlogy(oᵢ, oᵢ/eᵢ) summed in
 * numpy's order, p-value `chi2.sf(statistic, k − 1 − ddof)`, with scipy's check that Σo and
 * Σe agree to a relative √ε.
 *
 * @param fObs - Observed frequency of each category.
 * @param fExp - Expected frequency of each category; default the mean of `fObs`.
 * @throws InvalidArgumentError when the vectors differ in length, hold negative or
 * non-finite values, or their sums disagree; EmptyInputError when they are empty.
 */
export function gTest(
  fObs: NumericArray,
  fExp?: NumericArray,
  options: GoodnessOfFitOptions = {},
): GoodnessOfFitResult {
  return powerDivergence(
    fObs,
    fExp,
    (observed, expected) => 2 * xLogY(observed, observed / expected),
    options,
  );
}
