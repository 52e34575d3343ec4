import { InvalidArgumentError } from '@dagnostics/core';
import type { DriftDetector, DriftDetectorSnapshot } from './types';
import { finiteInput, finiteOption, integerOption, realOption, snapshotKind } from './validation';

/** Which shifts of the mean PageHinkley reports. */
export type PageHinkleyMode = 'up' | 'down' | 'both';

/** Options of PageHinkley; names and defaults are river's (`river.drift.PageHinkley`). */
export interface PageHinkleyOptions {
  /** Updates before a drift can be reported. Default 30. */
  minInstances?: number;
  /** Magnitude of change tolerated, subtracted from (added to) each deviation. Default 0.005. */
  delta?: number;
  /** λ: drift when a cumulative statistic moves this far from its extreme. Default 50. */
  threshold?: number;
  /** Forgetting factor of the cumulative sums, in [0, 1]. Default 1 − 0.0001. */
  alpha?: number;
  /** `up`: increases only, `down`: decreases only, `both`. Default `both`. */
  mode?: PageHinkleyMode;
}

/** PageHinkley's state. */
export interface PageHinkleyState {
  readonly n: number;
  readonly mean: number;
  readonly sumIncrease: number;
  readonly sumDecrease: number;
  /** Minimum of `sumIncrease`; `null` (river: +∞) before the first update. */
  readonly minimumIncrease: number | null;
  /** Maximum of `sumDecrease`, starting from river's −1. */
  readonly maximumDecrease: number;
  readonly driftDetected: boolean;
}

export type PageHinkleySnapshot = DriftDetectorSnapshot<
  'page-hinkley',
  Required<PageHinkleyOptions>,
  PageHinkleyState
>;

/** PageHinkley. */
export interface PageHinkley extends DriftDetector<PageHinkleySnapshot> {
  readonly kind: 'page-hinkley';
  readonly options: Readonly<Required<PageHinkleyOptions>>;
  /** Updates since the last reset. */
  readonly n: number;
  /** Running mean of the values since the last reset. */
  readonly mean: number;
}

const NAME = 'PageHinkley';
const MODES: readonly PageHinkleyMode[] = ['up', 'down', 'both'];

function resolveOptions(options: PageHinkleyOptions): Required<PageHinkleyOptions> {
  const option = (name: keyof PageHinkleyOptions, fallback: unknown) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  const mode = options.mode ?? 'both';
  if (!MODES.includes(mode)) {
    throw new InvalidArgumentError({
      message: `${NAME}: option \`mode\` must be one of "up", "down", "both"; got ${JSON.stringify(mode)}.`,
      argument: 'mode',
    });
  }
  return {
    minInstances: integerOption(option('minInstances', 30), 0),
    delta: finiteOption(option('delta', 0.005)),
    threshold: realOption(option('threshold', 50), 0, Number.MAX_VALUE),
    alpha: realOption(option('alpha', 1 - 0.0001), 0, 1),
    mode,
  };
}

class PageHinkleyDetector implements PageHinkley {
  readonly kind = 'page-hinkley' as const;
  readonly options: Readonly<Required<PageHinkleyOptions>>;
  readonly warningDetected = false;
  driftDetected = false;
  n = 0;
  mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minimumIncrease = Number.POSITIVE_INFINITY;
  private maximumDecrease = -1;
  private readonly testIncrease: boolean;
  private readonly testDecrease: boolean;

  constructor(options: PageHinkleyOptions) {
    this.options = Object.freeze(resolveOptions(options));
    this.testIncrease = this.options.mode !== 'down';
    this.testDecrease = this.options.mode !== 'up';
  }

  update(x: number): this {
    const value = finiteInput(NAME, x);
    if (this.driftDetected) this.reset();
    const { alpha, delta, threshold } = this.options;
    this.n += 1;
    this.mean += (1 / this.n) * (value - this.mean);
    const deviation = value - this.mean;
    this.sumIncrease = alpha * this.sumIncrease + deviation - delta;
    this.sumDecrease = alpha * this.sumDecrease + deviation + delta;
    if (this.sumIncrease < this.minimumIncrease) this.minimumIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maximumDecrease) this.maximumDecrease = this.sumDecrease;
    if (this.n >= this.options.minInstances) {
      this.driftDetected =
        (this.testIncrease && this.sumIncrease - this.minimumIncrease > threshold) ||
        (this.testDecrease && this.maximumDecrease - this.sumDecrease > threshold);
    }
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minimumIncrease = Number.POSITIVE_INFINITY;
    this.maximumDecrease = -1;
  }

  snapshot(): PageHinkleySnapshot {
    return {
      kind: 'page-hinkley',
      version: 1,
      options: { ...this.options },
      state: {
        n: this.n,
        mean: this.mean,
        sumIncrease: this.sumIncrease,
        sumDecrease: this.sumDecrease,
        minimumIncrease: Number.isFinite(this.minimumIncrease) ? this.minimumIncrease : null,
        maximumDecrease: this.maximumDecrease,
        driftDetected: this.driftDetected,
      },
    };
  }

  static fromSnapshot(snapshot: PageHinkleySnapshot): PageHinkleyDetector {
    snapshotKind(NAME, 'page-hinkley', snapshot.kind);
    const detector = new PageHinkleyDetector(snapshot.options);
    const { state } = snapshot;
    detector.n = state.n;
    detector.mean = state.mean;
    detector.sumIncrease = state.sumIncrease;
    detector.sumDecrease = state.sumDecrease;
    detector.minimumIncrease = state.minimumIncrease ?? Number.POSITIVE_INFINITY;
    detector.maximumDecrease = state.maximumDecrease;
    detector.driftDetected = state.driftDetected;
    return detector;
  }
}

/**
 * The Page-Hinkley test for shifts of the mean of a real-valued stream, identical to
 * river 0.26's `drift.PageHinkley` (including its quirk of starting the running maximum
 * of the decrease statistic at −1 rather than −∞).
 *
 * @example
 * ```ts
 * const detector = createPageHinkley({ threshold: 20, mode: 'up' });
 * if (detector.update(latencyMs).driftDetected) alert();
 * ```
 */
export function createPageHinkley(options: PageHinkleyOptions = {}): PageHinkley {
  return new PageHinkleyDetector(options);
}

/** Rebuilds a PageHinkley from `detector.snapshot()`. */
export function restorePageHinkley(snapshot: PageHinkleySnapshot): PageHinkley {
  return PageHinkleyDetector.fromSnapshot(snapshot);
}
