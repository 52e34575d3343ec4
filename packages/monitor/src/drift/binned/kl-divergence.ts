import { InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import { numpySum } from './numpy-sum';
import { assertBinVectors, assertLogBase, relativeEntropyTerm } from './vectors';

/** Options of {@link klDivergence}. */
export interface KlDivergenceOptions {
  /** Logarithm base; default `undefined`, natural logarithms (nats). 2 gives bits. */
  base?: number;
}

/** `vector / Σ vector` with numpy's sum; throws when the sum is zero. */
export function normalise(vector: NumericArray, name: string): Float64Array {
  const total = numpySum(vector);
  if (!(total > 0)) {
    throw new InvalidArgumentError({
      message: `\`${name}\` sums to zero, so it cannot be normalised to a distribution; give at least one bin a positive mass.`,
      argument: name,
    });
  }
  return Float64Array.from(vector, (value) => value / total);
}

/**
 * Kullback-Leibler divergence D(p‖q) = Σ pᵢ ln(pᵢ/qᵢ), as `scipy.stats.entropy(p, q, base)`
 * (scipy 1.17.1): both vectors are first **renormalised** to sum to 1, then the
 * `rel_entr` terms are summed (0 where pᵢ = 0; +∞ where only qᵢ = 0), and divided by
 * ln(base) when a base is given. Evidently's `kl_div` applies it to zero-filled binned
 * shares ({@link evidentlyBinnedPercents}), so renormalisation matters there while PSI
 * uses the shares as they are.
 *
 * @param p - Masses of the first distribution (non-negative, not all zero).
 * @param q - Masses of the second distribution, one per bin of `p`.
 * @returns The divergence, ≥ 0; +∞ when q has a zero where p has mass.
 * @throws InvalidArgumentError for vectors of different lengths, negative or non-finite
 * entries, an all-zero vector (scipy returns NaN there), or an invalid base.
 */
export function klDivergence(
  p: NumericArray,
  q: NumericArray,
  options: KlDivergenceOptions = {},
): number {
  assertBinVectors(p, q);
  assertLogBase(options.base);
  const normalisedQ = normalise(q, 'q');
  const normalisedP = normalise(p, 'p');
  const terms = normalisedP.map((value, i) => relativeEntropyTerm(value, normalisedQ[i] as number));
  const divergence = numpySum(terms);
  return options.base === undefined ? divergence : divergence / Math.log(options.base);
}
