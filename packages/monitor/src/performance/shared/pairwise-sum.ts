import { pairwiseSum } from '@dagnostics/core/stats';

export { pairwiseSum };

/** The arithmetic mean in numpy's summation order (`np.mean` of a float64 vector). */
export function pairwiseMean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}
