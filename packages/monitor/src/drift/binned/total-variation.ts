import { createRng, InvalidArgumentError, type RngSeed } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import type { ColumnValues } from '../types';
import { numpySum } from './numpy-sum';
import { type CategoryKey, cleanCategoricalSample, countCategories } from './samples';
import { assertBinVectors } from './vectors';

function sequentialSum(values: NumericArray): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum;
}

/**
 * Total variation distance ½ Σ |pᵢ/Σp − qᵢ/Σq| between two vectors of counts (or masses),
 * as Evidently's `_total_variation_distance` (`evidently/legacy/calculations/stattests/
 * tvd_stattest.py`, Evidently 0.7.23) computes it from the category counts of two samples:
 * each vector divided by its plain (left-to-right) sum, the absolute differences summed in
 * numpy's order.
 *
 * @returns The distance in [0, 1].
 * @throws InvalidArgumentError for vectors of different lengths, negative or non-finite
 * entries, or an all-zero vector; EmptyInputError for empty vectors.
 */
export function totalVariationDistance(p: NumericArray, q: NumericArray): number {
  assertBinVectors(p, q);
  const totalP = sequentialSum(p);
  const totalQ = sequentialSum(q);
  if (!(totalP > 0 && totalQ > 0)) {
    throw new InvalidArgumentError({
      message: 'Both vectors need a positive total to be compared as distributions.',
      argument: totalP > 0 ? 'q' : 'p',
    });
  }
  const differences = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    differences[i] = Math.abs((p[i] as number) / totalP - (q[i] as number) / totalQ);
  }
  return 0.5 * numpySum(differences);
}

/** Options of {@link totalVariationPermutationTest}. */
export interface TotalVariationPermutationOptions {
  /** Number of random splits of the pooled sample; default 1000 (Evidently's). */
  iterations?: number;
  /**
   * Seed of the generator that draws the splits (`createRng` from `@dagnostics/core`);
   * default 0, echoing Evidently's `np.random.seed(0)` (the streams differ, see the test).
   */
  seed?: RngSeed;
}

/** Result of {@link totalVariationPermutationTest}. */
export interface TotalVariationPermutationResult {
  /** The observed total variation distance between the two samples. */
  readonly statistic: number;
  /** Share of random splits whose distance is at least the observed one. */
  readonly pValue: number;
}

/** Σ |rᵢ·m − cᵢ·n| for counts r (of n values) and c (of m): TVD·2·n·m, exact in integers. */
function scaledDistance(
  referenceCounts: Float64Array,
  currentCounts: Float64Array,
  referenceSize: number,
  currentSize: number,
): number {
  let sum = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    sum += Math.abs(
      (referenceCounts[i] as number) * currentSize - (currentCounts[i] as number) * referenceSize,
    );
  }
  return sum;
}

function assertIterations(iterations: number): void {
  if (!(Number.isSafeInteger(iterations) && iterations >= 1)) {
    throw new InvalidArgumentError({
      message: `\`iterations\` must be a positive integer; got ${String(iterations)}.`,
      argument: 'iterations',
    });
  }
}

/**
 * Evidently's `TVD` drift test: the total variation distance between the category shares of
 * two samples, and a permutation p-value (`_tvd_stattest` with `permutation_test(...,
 * iterations=1000)` in Evidently 0.7.23). Each iteration splits the pooled values at random
 * into a new reference of the reference's size and a new current of the rest; the p-value
 * is the share of iterations whose distance is ≥ the observed one.
 *
 * Differences from Evidently, on purpose:
 * - the splits come from `createRng(seed)` (numpy's SFC64), not from numpy's legacy
 *   MT19937 `np.random.seed(0)` stream, so p-values agree with Evidently's in
 *   distribution (both estimate the same permutation p-value from 1000 draws; their
 *   standard error is √(p(1−p)/1000) ≤ 0.016), not digit for digit;
 * - distances are compared in exact integer arithmetic (TVD·2·n·m), so a split with the
 *   same distance as the observed one always counts; Evidently compares rounded floats
 *   summed in a set-dependent order and can miss such ties by an ulp.
 *
 * @throws EmptyInputError (argument `'reference'` or `'current'`) when a sample is empty.
 * @throws InvalidArgumentError for a non-positive or fractional `iterations`, or a bad seed.
 */
export function totalVariationPermutationTest(
  reference: ColumnValues,
  current: ColumnValues,
  options: TotalVariationPermutationOptions = {},
): TotalVariationPermutationResult {
  const { iterations = 1000, seed = 0 } = options;
  assertIterations(iterations);
  const referenceKeys = cleanCategoricalSample(reference, 'reference');
  const currentKeys = cleanCategoricalSample(current, 'current');
  const counts = countCategories(referenceKeys, currentKeys);
  const statistic = totalVariationDistance(counts.reference, counts.current);
  const referenceSize = referenceKeys.length;
  const currentSize = currentKeys.length;
  const observed = scaledDistance(counts.reference, counts.current, referenceSize, currentSize);

  const position = new Map<CategoryKey, number>(counts.keys.map((key, index) => [key, index]));
  const pooled = Int32Array.from([...referenceKeys, ...currentKeys], (key) => {
    return position.get(key) as number;
  });
  const totalCounts = counts.reference.map((count, i) => count + (counts.current[i] as number));
  // Drawing the smaller side is enough: the other side is the rest of the pool.
  const drawn = Math.min(referenceSize, currentSize);
  const drawnIsReference = referenceSize <= currentSize;
  const rng = createRng(seed);
  const drawnCounts = new Float64Array(counts.keys.length);
  const restCounts = new Float64Array(counts.keys.length);
  let atLeastObserved = 0;
  for (let iteration = 0; iteration < iterations; iteration++) {
    drawnCounts.fill(0);
    // Partial Fisher-Yates: the first `drawn` slots become a uniform random subset.
    for (let i = 0; i < drawn; i++) {
      const j = rng.int(i, pooled.length - 1);
      const chosen = pooled[j] as number;
      pooled[j] = pooled[i] as number;
      pooled[i] = chosen;
      drawnCounts[chosen] = (drawnCounts[chosen] as number) + 1;
    }
    for (let k = 0; k < restCounts.length; k++) {
      restCounts[k] = (totalCounts[k] as number) - (drawnCounts[k] as number);
    }
    const permuted = drawnIsReference
      ? scaledDistance(drawnCounts, restCounts, referenceSize, currentSize)
      : scaledDistance(restCounts, drawnCounts, referenceSize, currentSize);
    if (observed <= permuted) atLeastObserved++;
  }
  return { statistic, pValue: atLeastObserved / iterations };
}
