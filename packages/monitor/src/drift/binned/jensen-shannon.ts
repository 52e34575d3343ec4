import type { NumericArray } from '@dagnostics/core/stats';
import { normalise } from './kl-divergence';
import { numpySum } from './numpy-sum';
import { assertBinVectors, assertLogBase, relativeEntropyTerm } from './vectors';

/** Options of {@link jensenShannonDistance}. */
export interface JensenShannonOptions {
  /**
   * Logarithm base; default `undefined`, natural logarithms, whose distance is at most
   * √ln 2 ≈ 0.8326 (Evidently). Base 2 bounds the distance by 1 (NannyML).
   */
  base?: number;
}

/**
 * Half the Jensen-Shannon divergence, ½[D(p‖m) + D(q‖m)] with m = (p + q)/2, in the given
 * base: the square of the distance, summed exactly as scipy sums it.
 */
export function jensenShannonHalfDivergence(
  p: NumericArray,
  q: NumericArray,
  base: number | undefined,
): number {
  assertBinVectors(p, q);
  assertLogBase(base);
  const normalisedP = normalise(p, 'p');
  const normalisedQ = normalise(q, 'q');
  const middle = normalisedP.map((value, i) => (value + (normalisedQ[i] as number)) / 2);
  const left = numpySum(
    normalisedP.map((value, i) => relativeEntropyTerm(value, middle[i] as number)),
  );
  const right = numpySum(
    normalisedQ.map((value, i) => relativeEntropyTerm(value, middle[i] as number)),
  );
  let divergence = left + right;
  if (base !== undefined) divergence /= Math.log(base);
  return divergence / 2;
}

/**
 * Jensen-Shannon **distance** √(½[D(p‖m) + D(q‖m)]), m = (p + q)/2, exactly as
 * `scipy.spatial.distance.jensenshannon(p, q, base)` (scipy 1.17.1): both vectors are
 * renormalised to sum to 1, the `rel_entr` terms summed per side, the total divided by
 * ln(base) when a base is given, and the square root of half of it returned.
 *
 * @param p - Masses of the first distribution (non-negative, not all zero).
 * @param q - Masses of the second distribution, one per bin of `p`.
 * @returns The distance, in [0, √ln 2] for natural logarithms, [0, 1] for base 2.
 * @throws InvalidArgumentError for vectors of different lengths, negative or non-finite
 * entries, an all-zero vector (scipy returns NaN there), or an invalid base.
 */
export function jensenShannonDistance(
  p: NumericArray,
  q: NumericArray,
  options: JensenShannonOptions = {},
): number {
  return Math.sqrt(jensenShannonHalfDivergence(p, q, options.base));
}
