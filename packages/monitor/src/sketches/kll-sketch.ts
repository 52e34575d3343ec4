import {
  createRng,
  EmptyInputError,
  InvalidArgumentError,
  type Rng,
  type RngSeed,
  restoreRng,
} from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';
import {
  decodeKllState,
  encodeKllState,
  type KLL_FORMAT_VERSION,
  type KllCoin,
  type KllState,
  MAX_K,
  MIN_K,
} from './kll-state';
import { failureProbability, uniformRankErrorBound } from './rank-error-bound';

/** Settings of {@link createKllSketch}. */
export interface KllSketchOptions {
  /**
   * Accuracy parameter: the capacity of the top compactor, an integer in [8, 65535].
   * Default 200. The rank error shrinks as ~1/k; the sketch keeps about 3·k values (plus 8
   * per level below the geometric tail), 8 bytes each.
   */
  k?: number;
  /**
   * Seed of the coin flips of the compactions (`createRng`), so that a sketch is
   * reproducible. Default 0. Give sketches that will be merged different seeds (e.g.
   * `[runSeed, partitionIndex]`): the error bound assumes their coin flips are independent.
   */
  seed?: RngSeed;
}

/**
 * The retained values of a sketch in ascending order with their cumulative weights: the
 * sketch's estimate of the data's distribution is the step function that jumps to
 * `cumulativeWeights[i] / count` at `values[i]`.
 */
export interface KllSortedView {
  /** Retained values, ascending (ties adjacent). */
  readonly values: Float64Array;
  /** `cumulativeWeights[i]`: total weight of `values[0..i]`; the last one is `count`. */
  readonly cumulativeWeights: Float64Array;
}

/**
 * A KLL quantile sketch (Karnin, Lang & Liberty, "Optimal Quantile Approximation in
 * Streams", FOCS 2016): a mergeable summary of a stream of numbers that answers rank and
 * quantile queries with a bounded rank error while keeping about 3·k values.
 *
 * Values go to level 0; level h holds values that each stand for 2^h inputs. When the sketch
 * is full, the lowest level at or over its capacity (k·(2/3)^depth, at least 8) is sorted and
 * every other value, starting at a random offset, moves up one level; an odd value out stays.
 * The offset of a level's compactions alternates (random, then its opposite), which halves
 * the error variance against independent coins; each random offset comes from a seeded
 * `createRng` stream, so a sketch is reproducible from its seed and input order.
 *
 * **Missing values**: NaN and ±∞ are dropped and counted in {@link KllSketch.nanCount} and
 * {@link KllSketch.infinityCount}, as Evidently drops them; {@link KllSketch.count} counts
 * the finite values only, and every rank is a fraction of that count.
 *
 * **Error bound**: every compaction pair at level h moves the rank of any one value by at most
 * 2^h, with zero mean, so the normalized rank error at a value is sub-Gaussian with scale
 * σ = √(Σ 4^h)/count, summed over the pairs ({@link KllSketch.rankErrorScale}). The sketch
 * tracks that sum exactly, so {@link KllSketch.rankErrorBound} is computed from the compactions
 * that actually happened: 0 while nothing has been compacted (the sketch is then exact), about
 * 5.3·σ for the largest error over all values at 99% confidence (σ ≈ 0.0033 and the bound
 * ≈ 0.018 for 10⁶ values at k = 200). Measured largest errors are 2–2.7·σ (0.007–0.009 for
 * 10⁶ values at k = 200), so the bound is safe rather than tight. The bound assumes the coin
 * flips of merged sketches are independent: give them different seeds.
 */
export interface KllSketch {
  /** The accuracy parameter. */
  readonly k: number;
  /** Number of finite values summarized. */
  readonly count: number;
  /** Number of NaN values seen and dropped. */
  readonly nanCount: number;
  /** Number of +∞ and −∞ values seen and dropped. */
  readonly infinityCount: number;
  /** Smallest finite value seen, exact; NaN when empty. */
  readonly min: number;
  /** Largest finite value seen, exact; NaN when empty. */
  readonly max: number;
  /** Mean of the finite values (Welford / Chan updates, not estimated); NaN when empty. */
  readonly mean: number;
  /** Population standard deviation (ddof = 0, as `np.std`) of the finite values; NaN when empty. */
  readonly standardDeviation: number;
  /** Number of values the sketch keeps (its size is about 8 bytes each). */
  readonly retainedCount: number;
  /**
   * σ: the sub-Gaussian scale of the normalized rank error at any one value, from the
   * compactions so far. 0 when the sketch is exact.
   */
  readonly rankErrorScale: number;
  /** Adds one value; NaN and ±∞ are counted and dropped. */
  update(value: number): this;
  /**
   * Adds many values, without allocating per value: the fast path for columns. NaN and ±∞
   * are counted and dropped.
   */
  updateMany(values: NumericArray): this;
  /**
   * Adds the values summarized by `other` (which is left unchanged) to this sketch. The
   * result is a sketch of both inputs, with a rank-error proxy the sum of both.
   */
  merge(other: KllSketch): this;
  /**
   * Estimated fraction of the finite values that are ≤ `value` (inclusive normalized rank,
   * the empirical CDF), in [0, 1]; exactly 0 below the minimum and 1 from the maximum on.
   *
   * @throws EmptyInputError when the sketch is empty.
   */
  rank(value: number): number;
  /** {@link KllSketch.rank} at each of `values`, in their order. */
  cdf(values: NumericArray): Float64Array;
  /**
   * Estimated q-quantile: the smallest retained value whose estimated rank is ≥ q (numpy's
   * `inverted_cdf` method); q = 0 and q = 1 give the exact minimum and maximum.
   *
   * @param q - Probability in [0, 1].
   * @throws EmptyInputError when the sketch is empty; InvalidArgumentError for q outside [0, 1].
   */
  quantile(q: number): number;
  /** {@link KllSketch.quantile} at each of `probabilities`, in their order. */
  quantiles(probabilities: NumericArray): Float64Array;
  /**
   * A bound ε such that, with probability at least `confidence`, |rank(x) − F(x)| ≤ ε for
   * every x at once (F the exact empirical CDF of the finite values).
   *
   * @param confidence - Default 0.99.
   */
  rankErrorBound(confidence?: number): number;
  /**
   * The retained values and their cumulative weights (a fresh copy; see {@link KllSortedView}).
   *
   * @throws EmptyInputError when the sketch is empty.
   */
  sortedView(): KllSortedView;
  /**
   * Serializes the sketch, coin-flip stream included, in a versioned little-endian binary
   * layout (see {@link KLL_FORMAT_VERSION}), ending in a CRC-32 checksum. {@link kllSketchFromBytes}
   * reads it back into an identical sketch.
   */
  toBytes(): Uint8Array;
}

const DEFAULT_K = 200;
const DEFAULT_SEED = 0;
const MIN_LEVEL_CAPACITY = 8;
/** k·(2/3)^depth < 8 for every k ≤ 65535 once depth exceeds this. */
const MAX_SHRINKING_DEPTH = 33;

/** ⌈k·(2/3)^depth⌉, at least 8, in exact integer arithmetic (stable across platforms). */
function levelCapacity(k: number, depth: number): number {
  if (depth > MAX_SHRINKING_DEPTH) return MIN_LEVEL_CAPACITY;
  const numerator = k * 2 ** depth;
  const denominator = 3 ** depth;
  const remainder = numerator % denominator;
  const quotient = (numerator - remainder) / denominator + (remainder > 0 ? 1 : 0);
  return Math.max(MIN_LEVEL_CAPACITY, quotient);
}

function resolveK(k: unknown): number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < MIN_K || k > MAX_K) {
    throw new InvalidArgumentError({
      message: `\`k\` must be an integer in [${MIN_K}, ${MAX_K}] (default ${DEFAULT_K}); got ${String(k)}.`,
      argument: 'k',
    });
  }
  return k;
}

function emptySketchError(): EmptyInputError {
  return new EmptyInputError({
    message: 'The sketch has no finite values yet; update it before asking for ranks or quantiles.',
    argument: 'sketch',
  });
}

function assertNumericArray(values: unknown, argument: string): asserts values is NumericArray {
  if (!(Array.isArray(values) || (ArrayBuffer.isView(values) && !(values instanceof DataView)))) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an array of numbers or a numeric typed array.`,
      argument,
    });
  }
}

/** Index of the first element of the ascending `sorted` that is > `value` (upper bound). */
function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first element of the ascending `sorted` that is ≥ `value` (lower bound). */
function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Estimated number of values ≤ `value` (inclusive) or < `value` (exclusive) in a sorted view.
 * @internal
 */
export function weightAtOrBelow(view: KllSortedView, value: number, inclusive: boolean): number {
  const index = inclusive ? upperBound(view.values, value) : lowerBound(view.values, value);
  return index === 0 ? 0 : (view.cumulativeWeights[index - 1] as number);
}

class Kll implements KllSketch {
  readonly k: number;
  private readonly rng: Rng;
  /** Buffers per level; `sizes[h]` of `levels[h]` are in use. */
  private levels: Float64Array[] = [];
  private sizes: number[] = [];
  private coins: KllCoin[] = [];
  private capacities: number[] = [];
  private totalCapacity = 0;
  private retained = 0;
  private finiteCount = 0;
  private nans = 0;
  private infinities = 0;
  private minimum = Number.POSITIVE_INFINITY;
  private maximum = Number.NEGATIVE_INFINITY;
  private runningMean = 0;
  private squaredDeviations = 0;
  private varianceProxy = 0;
  private view: KllSortedView | undefined;

  constructor(k: number, rng: Rng) {
    this.k = k;
    this.rng = rng;
    this.addLevel();
  }

  static fromState(state: KllState): Kll {
    const k = resolveK(state.k);
    let rng: Rng;
    try {
      rng = restoreRng(state.rngState);
    } catch (error) {
      throw new InvalidArgumentError({
        message:
          'Not a readable KLL sketch: its RNG state is invalid. Pass the bytes of `toBytes()` unchanged.',
        argument: 'bytes',
        code: 'SKETCH_FORMAT',
        cause: error,
      });
    }
    const sketch = new Kll(k, rng);
    while (sketch.levels.length < state.levels.length) sketch.addLevel();
    state.levels.forEach((level, h) => {
      const buffer = sketch.ensureLevelLength(h, level.items.length);
      buffer.set(level.items);
      sketch.sizes[h] = level.items.length;
      sketch.coins[h] = level.coin;
      sketch.retained += level.items.length;
    });
    sketch.ensureLevelLength(0, sketch.totalCapacity);
    sketch.finiteCount = state.count;
    sketch.nans = state.nanCount;
    sketch.infinities = state.infinityCount;
    sketch.minimum = state.minimum;
    sketch.maximum = state.maximum;
    sketch.runningMean = state.mean;
    sketch.squaredDeviations = state.squaredDeviations;
    sketch.varianceProxy = state.varianceProxy;
    return sketch;
  }

  get count(): number {
    return this.finiteCount;
  }

  get nanCount(): number {
    return this.nans;
  }

  get infinityCount(): number {
    return this.infinities;
  }

  get min(): number {
    return this.finiteCount === 0 ? Number.NaN : this.minimum;
  }

  get max(): number {
    return this.finiteCount === 0 ? Number.NaN : this.maximum;
  }

  get mean(): number {
    return this.finiteCount === 0 ? Number.NaN : this.runningMean;
  }

  get standardDeviation(): number {
    return this.finiteCount === 0
      ? Number.NaN
      : Math.sqrt(this.squaredDeviations / this.finiteCount);
  }

  get retainedCount(): number {
    return this.retained;
  }

  get rankErrorScale(): number {
    return this.finiteCount === 0 ? 0 : Math.sqrt(this.varianceProxy) / this.finiteCount;
  }

  update(value: number): this {
    if (typeof value !== 'number') {
      throw new InvalidArgumentError({
        message: `A KLL sketch summarizes numbers; got ${typeof value}.`,
        argument: 'value',
      });
    }
    if (value - value !== 0) {
      if (Number.isNaN(value)) this.nans++;
      else this.infinities++;
      return this;
    }
    if (this.retained >= this.totalCapacity) this.compress();
    (this.levels[0] as Float64Array)[this.sizes[0] as number] = value;
    this.sizes[0] = (this.sizes[0] as number) + 1;
    this.retained++;
    this.finiteCount++;
    const delta = value - this.runningMean;
    this.runningMean += delta / this.finiteCount;
    this.squaredDeviations += delta * (value - this.runningMean);
    if (value < this.minimum) this.minimum = value;
    if (value > this.maximum) this.maximum = value;
    this.view = undefined;
    return this;
  }

  updateMany(values: NumericArray): this {
    assertNumericArray(values, 'values');
    const length = values.length;
    let index = 0;
    while (index < length) {
      if (this.retained >= this.totalCapacity) this.compress();
      const level0 = this.levels[0] as Float64Array;
      const start = this.sizes[0] as number;
      const stop = start + (this.totalCapacity - this.retained);
      let size = start;
      while (index < length && size < stop) {
        const value = values[index++] as number;
        if (value - value === 0) level0[size++] = value;
        else if (Number.isNaN(value)) this.nans++;
        else this.infinities++;
      }
      if (size > start) {
        this.sizes[0] = size;
        this.retained += size - start;
        this.absorbMoments(level0, start, size);
      }
    }
    this.view = undefined;
    return this;
  }

  merge(other: KllSketch): this {
    const source =
      other instanceof Kll && other !== this
        ? other
        : Kll.fromState(decodeKllState(other.toBytes()));
    this.nans += source.nans;
    this.infinities += source.infinities;
    if (source.finiteCount === 0) return this;
    while (this.levels.length < source.levels.length) this.addLevel();
    source.levels.forEach((buffer, h) => {
      const incoming = buffer.subarray(0, source.sizes[h]);
      if (incoming.length === 0) return;
      if (h === 0) {
        const size = this.sizes[0] as number;
        this.ensureLevelLength(0, size + incoming.length).set(incoming, size);
        this.sizes[0] = size + incoming.length;
      } else {
        this.mergeIntoLevel(h, incoming, 0, 1, incoming.length);
      }
      this.retained += incoming.length;
    });
    this.combineMoments(source.finiteCount, source.runningMean, source.squaredDeviations);
    this.minimum = Math.min(this.minimum, source.minimum);
    this.maximum = Math.max(this.maximum, source.maximum);
    this.varianceProxy += source.varianceProxy;
    while (this.retained > this.totalCapacity) this.compress();
    this.view = undefined;
    return this;
  }

  rank(value: number): number {
    const view = this.cachedView();
    if (Number.isNaN(value)) return Number.NaN;
    return weightAtOrBelow(view, value, true) / this.finiteCount;
  }

  cdf(values: NumericArray): Float64Array {
    assertNumericArray(values, 'values');
    const view = this.cachedView();
    return Float64Array.from(values as ArrayLike<number>, (value) =>
      Number.isNaN(value) ? Number.NaN : weightAtOrBelow(view, value, true) / this.finiteCount,
    );
  }

  quantile(q: number): number {
    if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
      throw new InvalidArgumentError({
        message: `A quantile's probability must be in [0, 1]; got ${String(q)}.`,
        argument: 'q',
      });
    }
    const view = this.cachedView();
    if (q === 0) return this.minimum;
    if (q === 1) return this.maximum;
    const index = lowerBound(view.cumulativeWeights, q * this.finiteCount);
    return view.values[Math.min(index, view.values.length - 1)] as number;
  }

  quantiles(probabilities: NumericArray): Float64Array {
    assertNumericArray(probabilities, 'probabilities');
    return Float64Array.from(probabilities as ArrayLike<number>, (q) => this.quantile(q));
  }

  rankErrorBound(confidence = 0.99): number {
    return uniformRankErrorBound(
      this.rankErrorScale,
      failureProbability(confidence),
      this.finiteCount,
    );
  }

  sortedView(): KllSortedView {
    const view = this.cachedView();
    return { values: view.values.slice(), cumulativeWeights: view.cumulativeWeights.slice() };
  }

  toBytes(): Uint8Array {
    return encodeKllState({
      k: this.k,
      rngState: this.rng.getState(),
      count: this.finiteCount,
      nanCount: this.nans,
      infinityCount: this.infinities,
      minimum: this.minimum,
      maximum: this.maximum,
      mean: this.runningMean,
      squaredDeviations: this.squaredDeviations,
      varianceProxy: this.varianceProxy,
      levels: this.levels.map((buffer, h) => ({
        items: buffer.subarray(0, this.sizes[h]),
        coin: this.coins[h] as KllCoin,
      })),
    });
  }

  /** The sorted view, built once per state; callers must not modify it. */
  private cachedView(): KllSortedView {
    if (this.finiteCount === 0) throw emptySketchError();
    this.view ??= this.buildSortedView();
    return this.view;
  }

  private buildSortedView(): KllSortedView {
    const values = new Float64Array(this.retained);
    const weights = new Float64Array(this.retained);
    let position = 0;
    this.levels.forEach((buffer, h) => {
      const size = this.sizes[h] as number;
      values.set(buffer.subarray(0, size), position);
      weights.fill(2 ** h, position, position + size);
      position += size;
    });
    const order = Uint32Array.from({ length: this.retained }, (_, i) => i).sort(
      (a, b) => (values[a] as number) - (values[b] as number),
    );
    const sortedValues = new Float64Array(this.retained);
    const cumulativeWeights = new Float64Array(this.retained);
    let total = 0;
    for (let i = 0; i < order.length; i++) {
      const source = order[i] as number;
      sortedValues[i] = values[source] as number;
      total += weights[source] as number;
      cumulativeWeights[i] = total;
    }
    return { values: sortedValues, cumulativeWeights };
  }

  /**
   * Folds the finite values `buffer[start..end)` into the moments and extremes: two passes
   * over the slice while it is in cache (its own mean, then squared deviations from it), then
   * Chan's combination, which stays accurate where Σx² − (Σx)²/n would cancel.
   */
  private absorbMoments(buffer: Float64Array, start: number, end: number): void {
    let sum = 0;
    let minimum = this.minimum;
    let maximum = this.maximum;
    for (let i = start; i < end; i++) {
      const value = buffer[i] as number;
      sum += value;
      minimum = Math.min(minimum, value);
      maximum = Math.max(maximum, value);
    }
    const count = end - start;
    const sliceMean = sum / count;
    let squaredDeviations = 0;
    for (let i = start; i < end; i++) {
      const deviation = (buffer[i] as number) - sliceMean;
      squaredDeviations += deviation * deviation;
    }
    this.combineMoments(count, sliceMean, squaredDeviations);
    this.minimum = minimum;
    this.maximum = maximum;
  }

  private combineMoments(count: number, mean: number, squaredDeviations: number): void {
    const total = this.finiteCount + count;
    const delta = mean - this.runningMean;
    this.runningMean += (delta * count) / total;
    this.squaredDeviations +=
      squaredDeviations + (delta * delta * this.finiteCount * count) / total;
    this.finiteCount = total;
  }

  private addLevel(): void {
    this.levels.push(new Float64Array(MIN_LEVEL_CAPACITY));
    this.sizes.push(0);
    this.coins.push('fresh');
    const depth = this.levels.length;
    this.capacities = this.levels.map((_, h) => levelCapacity(this.k, depth - 1 - h));
    this.totalCapacity = this.capacities.reduce((total, capacity) => total + capacity, 0);
    this.ensureLevelLength(0, this.totalCapacity);
  }

  /** Grows level h's buffer to hold at least `length` values, keeping its contents. */
  private ensureLevelLength(h: number, length: number): Float64Array {
    const buffer = this.levels[h] as Float64Array;
    if (buffer.length >= length) return buffer;
    const grown = new Float64Array(Math.max(length, 2 * buffer.length));
    grown.set(buffer.subarray(0, this.sizes[h]));
    this.levels[h] = grown;
    return grown;
  }

  /** Compacts the lowest level at or over its capacity, adding a level on top if needed. */
  private compress(): void {
    let h = 0;
    while ((this.sizes[h] as number) < (this.capacities[h] as number)) h++;
    if (h === this.levels.length - 1) this.addLevel();
    this.compactLevel(h);
  }

  private nextOffset(h: number): 0 | 1 {
    const coin = this.coins[h] as KllCoin;
    if (coin !== 'fresh') {
      this.coins[h] = 'fresh';
      return coin;
    }
    const offset = (this.rng.uint32() & 1) as 0 | 1;
    this.coins[h] = offset === 0 ? 1 : 0;
    // One fresh coin per pair of compactions: the pair moves any rank by at most 2^h.
    this.varianceProxy += 4 ** h;
    return offset;
  }

  private compactLevel(h: number): void {
    const source = this.levels[h] as Float64Array;
    const size = this.sizes[h] as number;
    if (h === 0) source.subarray(0, size).sort();
    // With an odd count the largest value stays behind, so that which values stay never
    // depends on this level's coin.
    const leftover = size & 1;
    const compacted = size - leftover;
    const promoted = compacted / 2;
    this.mergeIntoLevel(h + 1, source, this.nextOffset(h), 2, promoted);
    if (leftover === 1) source[0] = source[compacted] as number;
    this.sizes[h] = leftover;
    this.retained -= promoted;
  }

  /**
   * Merges `count` ascending values `source[first + stride·j]` into the ascending level
   * `h`, from the back so that no scratch buffer is needed.
   */
  private mergeIntoLevel(
    h: number,
    source: Float64Array,
    first: number,
    stride: number,
    count: number,
  ): void {
    const existing = this.sizes[h] as number;
    const target = this.ensureLevelLength(h, existing + count);
    let i = existing - 1;
    let j = count - 1;
    let write = existing + count - 1;
    while (j >= 0) {
      const incoming = source[first + stride * j] as number;
      if (i >= 0 && (target[i] as number) > incoming) target[write--] = target[i--] as number;
      else {
        target[write--] = incoming;
        j--;
      }
    }
    this.sizes[h] = existing + count;
  }
}

/**
 * Creates an empty KLL sketch (see {@link KllSketch}).
 *
 * @example
 * ```ts
 * const sketch = createKllSketch({ k: 200, seed: 7 }).updateMany(column);
 * sketch.quantile(0.5); // median, within sketch.rankErrorBound() in rank
 * const bytes = sketch.toBytes(); // a few kB whatever the column's length
 * ```
 *
 * @throws InvalidArgumentError for a `k` outside [8, 65535] or an invalid `seed`.
 */
export function createKllSketch(options: KllSketchOptions = {}): KllSketch {
  const k = resolveK(options.k ?? DEFAULT_K);
  return new Kll(k, createRng(options.seed ?? DEFAULT_SEED));
}

/**
 * Reads a sketch written by {@link KllSketch.toBytes}; the result continues exactly as the
 * original would (same items, counts and coin-flip stream).
 *
 * @throws InvalidArgumentError (argument `bytes`, code `SKETCH_FORMAT`) for a buffer that is
 * truncated, changed (CRC-32 mismatch), of another format version, or inconsistent.
 */
export function kllSketchFromBytes(bytes: Uint8Array): KllSketch {
  return Kll.fromState(decodeKllState(bytes));
}
