import { pairwiseSum } from '@dagnostics/core/stats';

/**
 * `np.sum` of a contiguous float64 vector, added in numpy's pairwise order so that results
 * agree with numpy to the last bit. The anchors' decisions sometimes hang on that last bit
 * (NannyML appends a leftover bin when `1 − Σp > 0`).
 *
 * @internal `pairwiseSum` of `@dagnostics/core/stats` under the name numpy gives it.
 */
export function numpySum(values: ArrayLike<number>): number {
  return pairwiseSum(values, 0, values.length);
}
