import { InvalidArgumentError } from '../../errors';
import { assertNumericArray, type NumericArray } from '../input';

/** Index of the bin holding `value` by binary search, or −1 when it is outside the edges. */
function searchBin(edges: ArrayLike<number>, value: number): number {
  const last = edges.length - 1;
  if (!(value >= (edges[0] as number) && value <= (edges[last] as number))) return -1;
  if (value === edges[last]) {
    // The last bin is closed; with repeated final edges numpy puts the value in the last bin.
    return last - 1;
  }
  // Largest i with edges[i] ≤ value.
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if ((edges[middle] as number) <= value) low = middle;
    else high = middle;
  }
  return low;
}

/** Throws unless `edges` is a non-empty, non-decreasing array without NaN. */
function assertBinEdges(edges: unknown): asserts edges is NumericArray {
  assertNumericArray(edges, 'edges');
  if (edges.length === 0) {
    throw new InvalidArgumentError({
      message: '`edges` must contain at least one value (n + 1 edges make n bins).',
      argument: 'edges',
    });
  }
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i] as number;
    if (Number.isNaN(edge)) {
      throw new InvalidArgumentError({
        message: `\`edges\` must not contain NaN (found at index ${i}).`,
        argument: 'edges',
      });
    }
    if (i > 0 && edge < (edges[i - 1] as number)) {
      throw new InvalidArgumentError({
        message: `\`edges\` must increase monotonically; edges[${i}] = ${edge} is below edges[${i - 1}] = ${edges[i - 1]}.`,
        argument: 'edges',
      });
    }
  }
}

/**
 * Counts of `values` in the bins delimited by `edges`, with `numpy.histogram(values, bins=edges)`
 * semantics: bin i is the half-open [edges[i], edges[i+1]) except the last, which is closed
 * [edges[n−1], edges[n]]; values outside the edges and `NaN` are not counted.
 *
 * Each value is placed by the equal-width formula first and checked against the two edges
 * around it, falling back to binary search, so uniform edges cost O(1) per value and any
 * other edges O(log bins).
 *
 * @param values - The data.
 * @param edges - n + 1 non-decreasing bin edges (e.g. from {@link histogramBinEdges}).
 * @returns n counts (as a Float64Array; they are integers).
 * @throws InvalidArgumentError when `edges` is empty, decreases or contains `NaN`.
 */
export function histogram(values: NumericArray, edges: NumericArray): Float64Array {
  assertNumericArray(values, 'values');
  assertBinEdges(edges);
  const binCount = edges.length - 1;
  const counts = new Float64Array(Math.max(binCount, 0));
  if (binCount <= 0) return counts;
  const first = edges[0] as number;
  const last = edges[binCount] as number;
  const scale = binCount / (last - first);
  const uniformGuess = Number.isFinite(scale) && scale > 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!(value >= first && value <= last)) continue;
    let bin = -1;
    if (uniformGuess) {
      const guess = Math.min(Math.floor((value - first) * scale), binCount - 1);
      if (
        (edges[guess] as number) <= value &&
        (value < (edges[guess + 1] as number) || guess === binCount - 1)
      ) {
        bin = guess;
      }
    }
    if (bin < 0) bin = searchBin(edges, value);
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}
