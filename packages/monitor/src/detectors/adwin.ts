import type { DriftDetector, DriftDetectorSnapshot } from './types';
import {
  finiteInput,
  integerOption,
  invalidSnapshot,
  realOption,
  snapshotKind,
} from './validation';

/** Options of ADWIN; names and defaults are river's (`river.drift.ADWIN`). */
export interface AdwinOptions {
  /** Significance value δ of the cut test, in (0, 1). Default 0.002. */
  delta?: number;
  /** Test for a cut only every `clock` updates. Default 32. */
  clock?: number;
  /** Buckets of each size kept before the two oldest are merged. Default 5. */
  maxBuckets?: number;
  /** Sub-windows shorter than this are not tested. Default 5. */
  minWindowLength?: number;
  /** No test until the window holds more than this many values. Default 10. */
  gracePeriod?: number;
}

/** One row of ADWIN's exponential histogram: buckets of `2^row` values, oldest first. */
export interface AdwinBucketRow {
  readonly totals: readonly number[];
  readonly variances: readonly number[];
}

/** ADWIN's state, as kept by river's `AdaptiveWindowing`. */
export interface AdwinState {
  readonly width: number;
  readonly total: number;
  readonly variance: number;
  readonly tick: number;
  readonly nDetections: number;
  readonly driftDetected: boolean;
  /** Row `i` holds buckets of `2^i` values; row 0 is the newest. */
  readonly rows: readonly AdwinBucketRow[];
}

export type AdwinSnapshot = DriftDetectorSnapshot<'adwin', Required<AdwinOptions>, AdwinState>;

/** ADWIN, with river's read-only statistics of the current window. */
export interface Adwin extends DriftDetector<AdwinSnapshot> {
  readonly kind: 'adwin';
  readonly options: Readonly<Required<AdwinOptions>>;
  /** Number of values in the adaptive window. */
  readonly width: number;
  /** Sum of the values in the window. */
  readonly total: number;
  /**
   * river's `variance`: the sum of squared deviations from the window mean (not divided
   * by the width, despite the name).
   */
  readonly variance: number;
  /** Mean of the window, 0 when it is empty. */
  readonly estimation: number;
  /** Drifts detected since the last reset: 0, or 1 on the update that detected one. */
  readonly nDetections: number;
}

const NAME = 'ADWIN';
/** Rows allocated up front (windows up to about maxBuckets · 2^16 values); more are added by doubling. */
const INITIAL_ROWS = 16;
/** Relative slack covering the rounding of the screen in `findCut` (a few ulps, many times over). */
const ROUNDING_MARGIN = 2 ** -46;
/** Shrinks the screen's bound on ε so that rounding in it can only make it stricter. */
const SCREEN_SHRINK = 1 - 2 ** -40;

function resolveOptions(options: AdwinOptions): Required<AdwinOptions> {
  const option = (name: keyof AdwinOptions, fallback: number) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  return {
    delta: realOption(option('delta', 0.002), 0, 1, 'both'),
    clock: integerOption(option('clock', 32), 1),
    maxBuckets: integerOption(option('maxBuckets', 5), 1),
    minWindowLength: integerOption(option('minWindowLength', 5), 1),
    gracePeriod: integerOption(option('gracePeriod', 10), 0),
  };
}

/**
 * The exponential histogram lives in flat typed arrays: row `r` holds buckets of `2^r`
 * values in the `slots` entries from `r * slots`, as a ring whose oldest bucket is at
 * `heads[r]`, so merging and dropping buckets move no data. The arithmetic follows river's
 * Rust `AdaptiveWindowing` operation for operation (divisions by a bucket size, a power
 * of two, are multiplications by its exact reciprocal), so widths, totals and variances
 * agree to the last bit.
 */
class AdwinDetector implements Adwin {
  readonly kind = 'adwin' as const;
  readonly options: Readonly<Required<AdwinOptions>>;
  readonly warningDetected = false;
  driftDetected = false;

  private readonly slots: number;
  private totals: Float64Array;
  private variances: Float64Array;
  private counts: Int32Array;
  private heads: Int32Array;
  private rowCount = 1;
  private windowWidth = 0;
  private windowTotal = 0;
  private windowVariance = 0;
  private tick = 0;
  /** Updates left until the next clock tick (river tests when `tick % clock === 0`). */
  private ticksToCheck: number;
  private detections = 0;

  constructor(options: AdwinOptions) {
    this.options = Object.freeze(resolveOptions(options));
    this.slots = this.options.maxBuckets + 1;
    this.ticksToCheck = this.options.clock;
    this.totals = new Float64Array(INITIAL_ROWS * this.slots);
    this.variances = new Float64Array(INITIAL_ROWS * this.slots);
    this.counts = new Int32Array(INITIAL_ROWS);
    this.heads = new Int32Array(INITIAL_ROWS);
  }

  get width(): number {
    return this.windowWidth;
  }

  get total(): number {
    return this.windowTotal;
  }

  get variance(): number {
    return this.windowVariance;
  }

  get estimation(): number {
    return this.windowWidth === 0 ? 0 : this.windowTotal / this.windowWidth;
  }

  get nDetections(): number {
    return this.detections;
  }

  update(x: number): this {
    const value = finiteInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.insert(value);
    this.driftDetected = this.detectChange();
    return this;
  }

  reset(): void {
    this.counts.fill(0);
    this.heads.fill(0);
    this.rowCount = 1;
    this.windowWidth = 0;
    this.windowTotal = 0;
    this.windowVariance = 0;
    this.tick = 0;
    this.ticksToCheck = this.options.clock;
    this.detections = 0;
    this.driftDetected = false;
  }

  snapshot(): AdwinSnapshot {
    const rows: AdwinBucketRow[] = [];
    for (let row = 0; row < this.rowCount; row++) {
      const totals: number[] = [];
      const variances: number[] = [];
      for (let k = 0; k < (this.counts[row] as number); k++) {
        const index = this.slot(row, k);
        totals.push(this.totals[index] as number);
        variances.push(this.variances[index] as number);
      }
      rows.push({ totals, variances });
    }
    return {
      kind: 'adwin',
      version: 1,
      options: { ...this.options },
      state: {
        width: this.windowWidth,
        total: this.windowTotal,
        variance: this.windowVariance,
        tick: this.tick,
        nDetections: this.detections,
        driftDetected: this.driftDetected,
        rows,
      },
    };
  }

  static fromSnapshot(snapshot: AdwinSnapshot): AdwinDetector {
    snapshotKind(NAME, 'adwin', snapshot.kind);
    const detector = new AdwinDetector(snapshot.options);
    const { state } = snapshot;
    detector.ensureRows(Math.max(1, state.rows.length));
    state.rows.forEach((row, index) => {
      if (row.totals.length >= detector.slots || row.variances.length !== row.totals.length) {
        invalidSnapshot(
          NAME,
          `row ${index} must hold as many variances as totals, at most maxBuckets`,
        );
      }
      detector.totals.set(row.totals, index * detector.slots);
      detector.variances.set(row.variances, index * detector.slots);
      detector.counts[index] = row.totals.length;
    });
    detector.rowCount = Math.max(1, state.rows.length);
    detector.windowWidth = state.width;
    detector.windowTotal = state.total;
    detector.windowVariance = state.variance;
    detector.tick = state.tick;
    detector.ticksToCheck = detector.options.clock - (state.tick % detector.options.clock);
    detector.detections = state.nDetections;
    detector.driftDetected = state.driftDetected;
    return detector;
  }

  /** Index in `totals`/`variances` of the `k`-th oldest bucket of `row`. */
  private slot(row: number, k: number): number {
    const position = (this.heads[row] as number) + k;
    return row * this.slots + (position >= this.slots ? position - this.slots : position);
  }

  private ensureRows(rows: number): void {
    if (rows <= this.counts.length) return;
    let capacity = this.counts.length;
    while (capacity < rows) capacity *= 2;
    const totals = new Float64Array(capacity * this.slots);
    const variances = new Float64Array(capacity * this.slots);
    const counts = new Int32Array(capacity);
    const heads = new Int32Array(capacity);
    totals.set(this.totals);
    variances.set(this.variances);
    counts.set(this.counts);
    heads.set(this.heads);
    this.totals = totals;
    this.variances = variances;
    this.counts = counts;
    this.heads = heads;
  }

  private insert(value: number): void {
    const count = this.counts[0] as number;
    let position = (this.heads[0] as number) + count;
    if (position >= this.slots) position -= this.slots;
    this.totals[position] = value;
    this.variances[position] = 0;
    this.counts[0] = count + 1;

    this.windowWidth += 1;
    let increment = 0;
    if (this.windowWidth > 1) {
      const deviation = value - this.windowTotal / (this.windowWidth - 1);
      increment = ((this.windowWidth - 1) * deviation * deviation) / this.windowWidth;
    }
    this.windowVariance += increment;
    this.windowTotal += value;
    if (count + 1 === this.slots) this.compress();
  }

  /**
   * Merges the two oldest buckets of each full row into one bucket appended to the next
   * row, cascading while rows overflow. Written out flat: this runs about once per update.
   */
  private compress(): void {
    const slots = this.slots;
    let { totals, variances, counts, heads } = this;
    let row = 0;
    let base = 0;
    let halfSize = 0.5;
    let inverseSize = 1;
    for (;;) {
      let head = heads[row] as number;
      const oldest = base + head;
      head = head + 1 === slots ? 0 : head + 1;
      const second = base + head;
      head = head + 1 === slots ? 0 : head + 1;
      heads[row] = head;
      counts[row] = slots - 2;
      const firstTotal = totals[oldest] as number;
      const secondTotal = totals[second] as number;
      const meanDifference = firstTotal * inverseSize - secondTotal * inverseSize;
      const mergedVariance =
        (variances[oldest] as number) +
        (variances[second] as number) +
        halfSize * meanDifference * meanDifference;
      const next = row + 1;
      const nextBase = base + slots;
      if (next === this.rowCount) {
        this.ensureRows(next + 1);
        ({ totals, variances, counts, heads } = this);
        counts[next] = 0;
        heads[next] = 0;
        this.rowCount = next + 1;
      }
      const nextCount = counts[next] as number;
      let position = (heads[next] as number) + nextCount;
      if (position >= slots) position -= slots;
      totals[nextBase + position] = firstTotal + secondTotal;
      variances[nextBase + position] = mergedVariance;
      counts[next] = nextCount + 1;
      if (nextCount + 1 !== slots) return;
      row = next;
      base = nextBase;
      halfSize *= 2;
      inverseSize *= 0.5;
    }
  }

  /** Drops the oldest bucket of the window (the first of the last row). */
  private deleteOldest(): void {
    const row = this.rowCount - 1;
    const index = this.slot(row, 0);
    const size = 2 ** row;
    const bucketTotal = this.totals[index] as number;
    const bucketVariance = this.variances[index] as number;
    const bucketMean = bucketTotal / size;

    this.windowWidth -= size;
    this.windowTotal -= bucketTotal;
    const windowMean = this.windowTotal / this.windowWidth;
    const difference = bucketMean - windowMean;
    this.windowVariance -=
      bucketVariance +
      (size * this.windowWidth * difference * difference) / (size + this.windowWidth);

    const head = (this.heads[row] as number) + 1;
    this.heads[row] = head >= this.slots ? head - this.slots : head;
    const count = (this.counts[row] as number) - 1;
    this.counts[row] = count;
    if (count === 0 && row > 0) this.rowCount -= 1;
  }

  private detectChange(): boolean {
    let changeDetected = false;
    this.tick += 1;
    this.ticksToCheck -= 1;
    const onClockTick = this.ticksToCheck === 0;
    if (onClockTick) this.ticksToCheck = this.options.clock;
    if (onClockTick && this.windowWidth > this.options.gracePeriod) {
      while (this.findCut()) {
        changeDetected = true;
        this.deleteOldest();
      }
    }
    if (changeDetected) this.detections += 1;
    return changeDetected;
  }

  /**
   * Walks every cut between buckets, oldest first (W0 = older part, W1 = newer part), and
   * reports whether one has |mean(W0) − mean(W1)| above ADWIN's ε.
   *
   * Most cuts are far from the bound, so each is first screened without divisions or a
   * square root: ε ≥ sqrt(2σ²δ'/min(n0', n1')) and |mean difference| = |u0·n1 − u1·n0| /
   * (n0·n1), both taken with a margin of many units in the last place for rounding. Only
   * cuts the screen cannot rule out go through river's exact expression, so the decisions
   * are river's, bit for bit.
   */
  private findCut(): boolean {
    const { delta, minWindowLength } = this.options;
    const width = this.windowWidth;
    const deltaPrime = Math.log((2 * Math.log(width)) / delta);
    const varianceInWindow = this.windowVariance / width;
    const screenScale = 2 * varianceInWindow * deltaPrime * SCREEN_SHRINK;
    const screenUsable = screenScale > 0 && screenScale < Number.POSITIVE_INFINITY;
    const { totals, counts, heads, slots } = this;
    let n0 = 0;
    let n1 = width;
    let u0 = 0;
    let u1 = this.windowTotal;
    // Bucket sizes are powers of two, halving row by row (exact in floating point).
    let size = 2 ** (this.rowCount - 1);
    for (let row = this.rowCount - 1; row >= 0; row--, size *= 0.5) {
      const start = row * slots;
      const count = counts[row] as number;
      let position = heads[row] as number;
      for (let k = 0; k < count; k++) {
        n0 += size;
        n1 -= size;
        const bucketTotal = totals[start + position] as number;
        position = position + 1 === slots ? 0 : position + 1;
        u0 += bucketTotal;
        u1 -= bucketTotal;
        if (row === 0 && k === count - 1) return false;
        if (n1 < minWindowLength || n0 < minWindowLength) continue;
        if (screenUsable) {
          const crossed =
            Math.abs(u0 * n1 - u1 * n0) + ROUNDING_MARGIN * (Math.abs(u0) * n1 + Math.abs(u1) * n0);
          const shorter = Math.min(n0, n1) - minWindowLength + 1;
          const product = n0 * n1;
          if (crossed * crossed * shorter < screenScale * product * product) continue;
        }
        const meanDifference = u0 / n0 - u1 / n1;
        const mReciprocal = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1);
        const epsilon =
          Math.sqrt(2 * mReciprocal * varianceInWindow * deltaPrime) +
          (2 / 3) * deltaPrime * mReciprocal;
        if (Math.abs(meanDifference) > epsilon) return true;
      }
    }
    return false;
  }
}

/**
 * ADWIN (ADaptive WINdowing, Bifet & Gavaldà 2007) for real-valued streams, identical to
 * river 0.26's `drift.ADWIN`: same options and defaults, same bucket compression, same
 * clock-gated cut test, and the same reset on the update after a drift.
 *
 * @example
 * ```ts
 * const adwin = createAdwin({ delta: 0.002 });
 * for (const loss of losses) if (adwin.update(loss).driftDetected) retrain();
 * ```
 */
export function createAdwin(options: AdwinOptions = {}): Adwin {
  return new AdwinDetector(options);
}

/** Rebuilds an ADWIN from `adwin.snapshot()`. */
export function restoreAdwin(snapshot: AdwinSnapshot): Adwin {
  return AdwinDetector.fromSnapshot(snapshot);
}
