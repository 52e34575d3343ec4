import { InvalidArgumentError } from '@dagnostics/core';
import { type KsResult, ksTwoSampleEqualSizes } from './ks-equal-samples';
import { PythonRandom, type PythonRandomState } from './python-random';
import type { DriftDetector, DriftDetectorSnapshot } from './types';
import {
  finiteInput,
  integerOption,
  invalidSnapshot,
  realOption,
  snapshotKind,
} from './validation';

/** Options of KSWIN; names and defaults are river's (`river.drift.KSWIN`). */
export interface KswinOptions {
  /** Significance level of the KS test, in [0, 1]. Default 0.005. */
  alpha?: number;
  /** Length of the sliding window. Default 100. */
  windowSize?: number;
  /**
   * Length of the most recent part of the window compared with a random sample of the same
   * size from the older part; at most `windowSize / 2`. Default 30.
   */
  statSize?: number;
  /**
   * Seed of the sampler: with the same integer seed, KSWIN draws the same reference
   * samples as river's (CPython's `random.Random(seed)`). `undefined` (default) seeds
   * from the platform's cryptographic generator, afresh on every reset.
   */
  seed?: number | undefined;
  /**
   * Values that pre-fill the window at construction (only the last `windowSize` are kept);
   * as in river, a reset does not restore them. Default none.
   */
  window?: readonly number[] | undefined;
}

type ResolvedKswinOptions = Required<Omit<KswinOptions, 'seed' | 'window'>> & {
  seed: number | undefined;
};

/** KSWIN's state. */
export interface KswinState {
  readonly n: number;
  /** p-value of the last test since the reset (0 before any, as in river). */
  readonly pValue: number;
  /** KS statistic of the last test since the reset (0 before any). */
  readonly statistic: number;
  /** The window, oldest value first. */
  readonly window: readonly number[];
  readonly random: PythonRandomState;
  readonly driftDetected: boolean;
}

export type KswinSnapshot = DriftDetectorSnapshot<'kswin', ResolvedKswinOptions, KswinState>;

/** KSWIN, with the outcome of its last test. */
export interface Kswin extends DriftDetector<KswinSnapshot> {
  readonly kind: 'kswin';
  readonly options: Readonly<ResolvedKswinOptions>;
  /** Updates since the last reset. */
  readonly n: number;
  /** p-value of the last KS test (scipy's exact two-sided p), 0 before the first. */
  readonly pValue: number;
  /** Statistic D of the last KS test, 0 before the first. */
  readonly statistic: number;
  /** Values currently in the window. */
  readonly windowLength: number;
}

const NAME = 'KSWIN';
/** river requires D > 0.1 besides p <= alpha; the constant is hard-coded there too. */
const MINIMUM_STATISTIC = 0.1;

function resolveOptions(options: KswinOptions): ResolvedKswinOptions {
  const option = (name: keyof KswinOptions, fallback: unknown) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  const statSize = integerOption(option('statSize', 30), 1);
  const windowSize = integerOption(
    option('windowSize', 100),
    2 * statSize,
    ` (twice statSize: the ${statSize} reference values are drawn from the older windowSize − statSize values)`,
  );
  const seed = options.seed;
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new InvalidArgumentError({
      message: `${NAME}: option \`seed\` must be a safe integer or undefined; got ${String(seed)}.`,
      argument: 'seed',
    });
  }
  return { alpha: realOption(option('alpha', 0.005), 0, 1), windowSize, statSize, seed };
}

/**
 * The window is a ring buffer; each test copies the sampled older values and the recent
 * ones into preallocated arrays and sorts them in place.
 */
class KswinDetector implements Kswin {
  readonly kind = 'kswin' as const;
  readonly options: Readonly<ResolvedKswinOptions>;
  readonly warningDetected = false;
  driftDetected = false;
  n = 0;
  private readonly ks: KsResult = { statistic: 0, pValue: 0 };
  private readonly values: Float64Array;
  private start = 0;
  private length = 0;
  private readonly random: PythonRandom;
  private readonly indices: Int32Array;
  private readonly sampled: Float64Array;
  private readonly recent: Float64Array;

  constructor(options: KswinOptions) {
    this.options = Object.freeze(resolveOptions(options));
    const { windowSize, statSize, seed } = this.options;
    this.values = new Float64Array(windowSize);
    this.indices = new Int32Array(statSize);
    this.sampled = new Float64Array(statSize);
    this.recent = new Float64Array(statSize);
    this.random = new PythonRandom(seed, windowSize - statSize);
    for (const value of options.window ?? []) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new InvalidArgumentError({
          message: `${NAME}: option \`window\` must hold finite numbers only; got ${String(value)}.`,
          argument: 'window',
        });
      }
      this.push(value);
    }
  }

  get pValue(): number {
    return this.ks.pValue;
  }

  get statistic(): number {
    return this.ks.statistic;
  }

  get windowLength(): number {
    return this.length;
  }

  update(x: number): this {
    const value = finiteInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.n += 1;
    this.push(value);
    if (this.length < this.options.windowSize) {
      this.driftDetected = false;
      return this;
    }
    const { windowSize, statSize, alpha } = this.options;
    const older = windowSize - statSize;
    this.random.sample(older, statSize, this.indices);
    for (let i = 0; i < statSize; i++) {
      this.sampled[i] = this.at(this.indices[i] as number);
      this.recent[i] = this.at(older + i);
    }
    this.sampled.sort();
    this.recent.sort();
    ksTwoSampleEqualSizes(this.sampled, this.recent, statSize, this.ks);
    this.driftDetected = this.ks.pValue <= alpha && this.ks.statistic > MINIMUM_STATISTIC;
    if (this.driftDetected) {
      // river keeps only the most recent values (until the reset on the next update).
      this.start = (this.start + older) % windowSize;
      this.length = statSize;
    }
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.n = 0;
    this.ks.statistic = 0;
    this.ks.pValue = 0;
    this.start = 0;
    this.length = 0;
    this.random.seed(this.options.seed);
  }

  snapshot(): KswinSnapshot {
    const window: number[] = [];
    for (let i = 0; i < this.length; i++) window.push(this.at(i));
    return {
      kind: 'kswin',
      version: 1,
      options: { ...this.options },
      state: {
        n: this.n,
        pValue: this.ks.pValue,
        statistic: this.ks.statistic,
        window,
        random: this.random.state(),
        driftDetected: this.driftDetected,
      },
    };
  }

  static fromSnapshot(snapshot: KswinSnapshot): KswinDetector {
    snapshotKind(NAME, 'kswin', snapshot.kind);
    const detector = new KswinDetector({ ...snapshot.options, seed: snapshot.options.seed });
    const { state } = snapshot;
    if (state.window.length > detector.options.windowSize) {
      invalidSnapshot(NAME, 'the window is longer than windowSize');
    }
    for (const value of state.window) detector.push(value);
    detector.random.restore(state.random);
    detector.n = state.n;
    detector.ks.pValue = state.pValue;
    detector.ks.statistic = state.statistic;
    detector.driftDetected = state.driftDetected;
    return detector;
  }

  /** The `index`-th oldest value of the window. */
  private at(index: number): number {
    return this.values[(this.start + index) % this.options.windowSize] as number;
  }

  private push(value: number): void {
    const { windowSize } = this.options;
    if (this.length < windowSize) {
      this.values[(this.start + this.length) % windowSize] = value;
      this.length += 1;
    } else {
      this.values[this.start] = value;
      this.start = (this.start + 1) % windowSize;
    }
  }
}

/**
 * KSWIN (Kolmogorov-Smirnov WINdowing, Raab et al. 2020), identical to river 0.26's
 * `drift.KSWIN` for an integer seed: once the window is full, every update compares the
 * `statSize` newest values with as many values drawn (CPython's `random.sample`) from the
 * older part, with scipy's exact two-sample KS test; drift when p <= alpha and D > 0.1.
 *
 * @example
 * ```ts
 * const kswin = createKswin({ alpha: 0.0001, seed: 42 });
 * if (kswin.update(value).driftDetected) console.log(kswin.pValue, kswin.statistic);
 * ```
 */
export function createKswin(options: KswinOptions = {}): Kswin {
  return new KswinDetector(options);
}

/** Rebuilds a KSWIN from `kswin.snapshot()`. */
export function restoreKswin(snapshot: KswinSnapshot): Kswin {
  return KswinDetector.fromSnapshot(snapshot);
}
