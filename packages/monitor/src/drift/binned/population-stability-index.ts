import type { NumericArray } from '@dagnostics/core/stats';
import { numpySum } from './numpy-sum';
import { assertBinVectors } from './vectors';

/**
 * Population stability index Σ (rᵢ − cᵢ)·ln(rᵢ/cᵢ), as Evidently's `psi` stattest computes
 * it (`evidently/legacy/calculations/stattests/psi.py`, Evidently 0.7.23): on the shares as
 * given, **without** renormalising them (Evidently passes zero-filled shares from
 * {@link evidentlyBinnedPercents}, which may sum to slightly more than 1), summed in
 * numpy's order.
 *
 * A bin that is empty in one vector only gives +∞; pass zero-filled shares to avoid that. A
 * bin empty in both adds nothing (numpy would give NaN there; Evidently never has one).
 *
 * @param reference - Share of the reference sample in each bin.
 * @param current - Share of the current sample in each bin.
 * @returns The index, ≥ 0.
 * @throws InvalidArgumentError for vectors of different lengths or negative or non-finite
 * entries; EmptyInputError for empty vectors.
 */
export function populationStabilityIndex(reference: NumericArray, current: NumericArray): number {
  assertBinVectors(reference, current, ['reference', 'current']);
  const terms = new Float64Array(reference.length);
  for (let i = 0; i < terms.length; i++) {
    const r = reference[i] as number;
    const c = current[i] as number;
    terms[i] = r === 0 && c === 0 ? 0 : (r - c) * Math.log(r / c);
  }
  return numpySum(terms);
}
