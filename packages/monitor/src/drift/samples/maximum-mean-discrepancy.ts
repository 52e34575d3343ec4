import { createRng, InvalidArgumentError, type RngSeed } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import { finiteValues } from './finite-sample';
import { roundHalfToEven } from './integer-arithmetic';

/** Options of {@link maximumMeanDiscrepancy} and {@link multivariateMaximumMeanDiscrepancy}. */
export interface MaximumMeanDiscrepancyOptions {
  /** Number of label permutations for the p-value. Default 100 (Evidently's). */
  permutations?: number;
  /**
   * Seed of the permutation stream (`createRng` from `@dagnostics/core`, numpy's
   * `Generator(SFC64(seed))`). Default 0. Evidently draws unseeded permutations.
   */
  seed?: RngSeed;
  /**
   * RBF kernel bandwidth σ in the units of the data, k(x, y) = exp(−‖x − y‖²/(2σ²)).
   * Default: Evidently's median heuristic on the reference (see the function docs).
   */
  sigma?: number;
}

/** Result of {@link maximumMeanDiscrepancy} and {@link multivariateMaximumMeanDiscrepancy}. */
export interface MaximumMeanDiscrepancyResult {
  /** The unbiased estimate of MMD² (can be slightly negative when the samples agree). */
  readonly statistic: number;
  /** The share of permutations whose MMD² is at least the observed one, in [0, 1]. */
  readonly pValue: number;
  /** The kernel bandwidth used. */
  readonly sigma: number;
  /** The number of permutations drawn. */
  readonly permutations: number;
}

/** Most reference pairs whose distances the median heuristic holds at once (1 GiB of float64). */
const MAX_MEDIAN_PAIRS = 2 ** 27;

/** Points stored row-major, `size` rows of `dimension` coordinates, with squared norms. */
interface Points {
  readonly coordinates: Float64Array;
  readonly squaredNorms: Float64Array;
  readonly dimension: number;
  readonly size: number;
}

function withSquaredNorms(coordinates: Float64Array, dimension: number): Points {
  const size = coordinates.length / dimension;
  const squaredNorms = new Float64Array(size);
  for (let row = 0; row < size; row++) {
    let sum = 0;
    for (let axis = 0; axis < dimension; axis++) {
      const value = coordinates[row * dimension + axis] as number;
      sum += value * value;
    }
    squaredNorms[row] = sum;
  }
  return { coordinates, squaredNorms, dimension, size };
}

/**
 * Squared distance between rows i and j, formed as Evidently's `squared_paired_dist` forms
 * it, (‖p_j‖² − 2⟨p_i, p_j⟩) + ‖p_i‖², so kernels round as Evidently's do. This can be a
 * rounding error below 0 for nearly equal points; the kernel then is 1 to double precision.
 */
function squaredDistance(points: Points, i: number, j: number): number {
  const { coordinates, squaredNorms, dimension } = points;
  let dot = 0;
  for (let axis = 0; axis < dimension; axis++) {
    dot +=
      (coordinates[i * dimension + axis] as number) * (coordinates[j * dimension + axis] as number);
  }
  return (squaredNorms[j] as number) - 2 * dot + (squaredNorms[i] as number);
}

/**
 * Evidently's bandwidth: σ = √(½ · median of the squared distances over all ordered pairs
 * of reference points, self-pairs included), the median taken as numpy's
 * `percentile(·, 50, method="nearest")`; σ = √½ when that median is 0 (and, as a
 * deviation, when rounding makes it negative, where Evidently would produce NaN).
 */
function medianHeuristicSigma(points: Points, referenceSize: number): number {
  const pairCount = (referenceSize * (referenceSize - 1)) / 2;
  if (pairCount > MAX_MEDIAN_PAIRS) {
    throw new InvalidArgumentError({
      message: `The median-heuristic bandwidth needs all ${pairCount} reference pair distances in memory, more than the ${MAX_MEDIAN_PAIRS} allowed; subsample the reference or pass \`sigma\`.`,
      argument: 'reference',
    });
  }
  const distances = new Float64Array(pairCount);
  let index = 0;
  for (let i = 0; i < referenceSize; i++) {
    for (let j = i + 1; j < referenceSize; j++) distances[index++] = squaredDistance(points, i, j);
  }
  distances.sort();
  // The full n×n matrix holds each pair twice and n zeros on the diagonal; find the value at
  // numpy's 'nearest' rank of that multiset without building it.
  const rank = roundHalfToEven(0.5 * (referenceSize * referenceSize - 1));
  let negatives = 0;
  while (negatives < pairCount && (distances[negatives] as number) < 0) negatives++;
  let median: number;
  if (rank < 2 * negatives) median = distances[Math.floor(rank / 2)] as number;
  else if (rank < 2 * negatives + referenceSize) median = 0;
  else median = distances[Math.floor((rank - referenceSize) / 2)] as number;
  const sigma = Math.sqrt(0.5 * median);
  return sigma > 0 ? sigma : Math.SQRT1_2;
}

function validatePermutations(permutations: unknown): number {
  if (typeof permutations !== 'number' || !Number.isSafeInteger(permutations) || permutations < 1) {
    throw new InvalidArgumentError({
      message: `\`permutations\` must be a positive integer (default 100); got ${String(permutations)}.`,
      argument: 'permutations',
    });
  }
  return permutations;
}

function validateSigma(sigma: unknown): number | undefined {
  if (sigma === undefined) return undefined;
  if (typeof sigma !== 'number' || !(sigma > 0 && sigma < Number.POSITIVE_INFINITY)) {
    throw new InvalidArgumentError({
      message: `\`sigma\` must be a positive, finite bandwidth; got ${String(sigma)}. Omit it for the median heuristic.`,
      argument: 'sigma',
    });
  }
  return sigma;
}

/**
 * The permutation MMD test on pooled points (reference rows first). Each kernel value is
 * computed once, for the unordered pair (i < j); per row i and labelling, the kernel mass
 * toward partners labelled "current" splits the row's total into within- and across-group
 * sums, which are then added per labelling (so rounding grows with N, not N²).
 * O(N² · (permutations + 1)) multiply-adds, O(N · permutations) memory.
 */
function permutationTest(
  points: Points,
  referenceSize: number,
  options: MaximumMeanDiscrepancyOptions,
): MaximumMeanDiscrepancyResult {
  const permutations = validatePermutations(options.permutations ?? 100);
  const requestedSigma = validateSigma(options.sigma);
  const currentSize = points.size - referenceSize;
  for (const [size, argument] of [
    [referenceSize, 'reference'],
    [currentSize, 'current'],
  ] as const) {
    if (size < 2) {
      throw new InvalidArgumentError({
        message: `The unbiased MMD needs at least two finite values (rows) in \`${argument}\`; got ${size}.`,
        argument,
      });
    }
  }
  const sigma = requestedSigma ?? medianHeuristicSigma(points, referenceSize);
  const negativeGamma = -(1 / (2 * (sigma * sigma)));
  const size = points.size;
  const labellings = permutations + 1;
  // For each labelling l (l = 0 is the observed one), which elements it labels "current":
  // a membership flag per element and the sorted list of those elements.
  const inCurrent = new Uint8Array(size * labellings);
  const currentMembers = new Int32Array(currentSize * labellings);
  const rng = createRng(options.seed ?? 0);
  for (let l = 0; l < labellings; l++) {
    const flags = inCurrent.subarray(l * size, (l + 1) * size);
    if (l === 0) flags.fill(1, referenceSize);
    else {
      const order = rng.permutation(size);
      for (let position = referenceSize; position < size; position++) {
        flags[order[position] as number] = 1;
      }
    }
    let count = 0;
    for (let element = 0; element < size; element++) {
      if (flags[element] === 1) currentMembers[l * currentSize + count++] = element;
    }
  }
  // Per labelling: kernel sums over unordered pairs within the reference group, across the
  // groups and within the current group.
  const withinReference = new Float64Array(labellings);
  const across = new Float64Array(labellings);
  const withinCurrent = new Float64Array(labellings);
  const kernelRow = new Float64Array(size);
  // firstLater[l]: position in labelling l's member list of its first element after row i.
  const firstLater = new Int32Array(labellings);
  for (let i = 0; i < size; i++) {
    let rowTotal = 0;
    for (let j = i + 1; j < size; j++) {
      const kernel = Math.exp(negativeGamma * squaredDistance(points, i, j));
      kernelRow[j] = kernel;
      rowTotal += kernel;
    }
    for (let l = 0; l < labellings; l++) {
      // Kernel mass from i toward later partners labelled "current" under l.
      const start = l * currentSize;
      const end = start + currentSize;
      let position = start + (firstLater[l] as number);
      while (position < end && (currentMembers[position] as number) <= i) position++;
      firstLater[l] = position - start;
      let towardCurrent = 0;
      for (; position < end; position++) {
        towardCurrent += kernelRow[currentMembers[position] as number] as number;
      }
      if (inCurrent[l * size + i] === 1) {
        withinCurrent[l] = (withinCurrent[l] as number) + towardCurrent;
        across[l] = (across[l] as number) + (rowTotal - towardCurrent);
      } else {
        across[l] = (across[l] as number) + towardCurrent;
        withinReference[l] = (withinReference[l] as number) + (rowTotal - towardCurrent);
      }
    }
  }
  const a = 1 / (referenceSize * (referenceSize - 1));
  const b = 1 / (currentSize * (currentSize - 1));
  const crossCount = referenceSize * currentSize;
  const statisticOf = (l: number): number =>
    a * (2 * (withinReference[l] as number)) +
    b * (2 * (withinCurrent[l] as number)) -
    2 * ((across[l] as number) / crossCount);
  const statistic = statisticOf(0);
  let atLeast = 0;
  for (let l = 1; l < labellings; l++) if (statistic <= statisticOf(l)) atLeast++;
  return { statistic, pValue: atLeast / permutations, sigma, permutations };
}

/**
 * Maximum mean discrepancy two-sample test on one numeric column, as Evidently 0.7's
 * `empirical_mmd` drift test computes it: RBF kernel, unbiased MMD² (diagonal of the kernel
 * matrix zeroed), bandwidth by the median heuristic on the reference, and a permutation
 * p-value p = mean over permutations of [MMD²_observed ≤ MMD²_permuted].
 *
 * Evidently permutes with numpy's unseeded global generator, so its p-values are random;
 * here the permutations come from `createRng(seed)` (default seed 0) and are reproducible.
 * With numpy's `Generator(SFC64(seed)).permutation` patched in, Evidently draws the same
 * permutations and returns the same p-value.
 *
 * NaN and ±Infinity are dropped first. Cost: O(N² · permutations) time with N = n₁ + n₂
 * (Evidently's is the same, with an N×N matrix in memory); memory O(n₁² + N · permutations)
 * (the reference distances for the median). Suited to samples of up to a few thousand values.
 *
 * @param reference - Reference sample, at least two finite values; sets the bandwidth.
 * @param current - Current sample, at least two finite values.
 * @param options - `permutations` (default 100), `seed` (default 0), `sigma` (default: median heuristic).
 * @throws EmptyInputError (argument `reference` or `current`) for a sample with no finite
 * value; InvalidArgumentError for a single value or invalid options.
 */
export function maximumMeanDiscrepancy(
  reference: NumericArray,
  current: NumericArray,
  options: MaximumMeanDiscrepancyOptions = {},
): MaximumMeanDiscrepancyResult {
  const test = 'the MMD test';
  const a = finiteValues(reference, 'reference', test);
  const b = finiteValues(current, 'current', test);
  const pooled = new Float64Array(a.length + b.length);
  pooled.set(a);
  pooled.set(b, a.length);
  return permutationTest(withSquaredNorms(pooled, 1), a.length, options);
}

/** Flattens rows (each `dimension` numbers), dropping rows with a NaN or infinite coordinate. */
function finiteRows(
  rows: readonly NumericArray[],
  argument: string,
  dimension: number,
): Float64Array {
  if (!Array.isArray(rows)) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an array of rows (arrays of numbers).`,
      argument,
    });
  }
  const out = new Float64Array(rows.length * dimension);
  let kept = 0;
  rows.forEach((row, index) => {
    if (row === null || typeof row !== 'object' || row.length !== dimension) {
      throw new InvalidArgumentError({
        message: `Every row of \`${argument}\` must be an array of ${dimension} numbers (the width of reference[0]); row ${index} is not.`,
        argument,
      });
    }
    let finite = true;
    for (let axis = 0; axis < dimension; axis++) {
      const value = row[axis];
      if (typeof value !== 'number') {
        throw new InvalidArgumentError({
          message: `Row ${index} of \`${argument}\` must contain only numbers; coordinate ${axis} is ${typeof value}.`,
          argument,
        });
      }
      if (value - value !== 0) finite = false;
      out[kept * dimension + axis] = value;
    }
    if (finite) kept++;
  });
  return out.slice(0, kept * dimension);
}

/**
 * Multivariate maximum mean discrepancy test: {@link maximumMeanDiscrepancy} on rows of
 * feature vectors, with squared Euclidean distances (‖x‖² − 2⟨x, y⟩ + ‖y‖²), the median
 * heuristic over reference pairs and the same seeded permutation p-value. This is the
 * multivariate drift test of alibi-detect's `MMDDrift`, except for the bandwidth: alibi-detect
 * takes the median over distinct pairs (`sigma_median`), Evidently's heuristic also counts
 * self-pairs; pass `sigma` to use another bandwidth. Features are not scaled: standardise
 * them first when their units differ.
 *
 * Rows with a NaN or infinite coordinate are dropped.
 *
 * @param reference - Reference rows, all the same length d ≥ 1; at least two finite rows.
 * @param current - Current rows of length d; at least two finite rows.
 * @param options - As for {@link maximumMeanDiscrepancy}.
 * @throws InvalidArgumentError for ragged rows, fewer than two finite rows, or invalid options.
 */
export function multivariateMaximumMeanDiscrepancy(
  reference: readonly NumericArray[],
  current: readonly NumericArray[],
  options: MaximumMeanDiscrepancyOptions = {},
): MaximumMeanDiscrepancyResult {
  const first = Array.isArray(reference) ? reference[0] : undefined;
  const dimension = first?.length ?? 0;
  if (dimension < 1) {
    throw new InvalidArgumentError({
      message: '`reference` must hold at least one row with at least one feature.',
      argument: 'reference',
    });
  }
  const a = finiteRows(reference, 'reference', dimension);
  const b = finiteRows(current, 'current', dimension);
  const pooled = new Float64Array(a.length + b.length);
  pooled.set(a);
  pooled.set(b, a.length);
  return permutationTest(withSquaredNorms(pooled, dimension), a.length / dimension, options);
}
