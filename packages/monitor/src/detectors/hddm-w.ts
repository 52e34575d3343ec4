import type { DriftDetector, DriftDetectorSnapshot } from './types';
import { booleanOption, errorInput, realOption, snapshotKind } from './validation';

/** Options of HDDM_W; names and defaults are river's (`river.drift.binary.HDDMW`). */
export interface HddmWOptions {
  /** Confidence of the drift test, in (0, 1). Default 0.001. */
  driftConfidence?: number;
  /** Confidence of the warning test, in (0, 1). Default 0.005. */
  warningConfidence?: number;
  /** Weight λ of the newest value in the EWMA, in [0, 1] (river: `lambda_val`). Default 0.05. */
  lambda?: number;
  /** Also report decreases of the mean (one-sided: increases only). Default false. */
  twoSidedTest?: boolean;
}

/** An EWMA sample as river's `SampleInfo` keeps it. */
export interface EwmaSampleState {
  /** The EWMA (0 until initialised). */
  readonly ewma: number;
  /** The independent bounded condition Σ wᵢ², starting at 1. */
  readonly ibc: number;
  readonly initialized: boolean;
}

/** HDDM_W's state: the overall EWMA and the samples before/after each cut point. */
export interface HddmWState {
  readonly overall: EwmaSampleState;
  readonly increaseBefore: EwmaSampleState;
  readonly increaseAfter: EwmaSampleState;
  readonly decreaseBefore: EwmaSampleState;
  readonly decreaseAfter: EwmaSampleState;
  /** `null` (river: +∞) until the first update. */
  readonly increaseCutpoint: number | null;
  /** `null` (river: −∞) until the first update. */
  readonly decreaseCutpoint: number | null;
  readonly driftDetected: boolean;
  readonly warningDetected: boolean;
}

export type HddmWSnapshot = DriftDetectorSnapshot<'hddm-w', Required<HddmWOptions>, HddmWState>;

/** HDDM_W. */
export interface HddmW extends DriftDetector<HddmWSnapshot> {
  readonly kind: 'hddm-w';
  readonly options: Readonly<Required<HddmWOptions>>;
  /** EWMA of all inputs since the last reset (0 before the first). */
  readonly estimation: number;
  /** x is 1/true for an error, 0/false otherwise, or a value in [0, 1]. */
  update(x: number | boolean): this;
}

const NAME = 'HDDM_W';

/**
 * river's `SampleInfo` over its Rust `EWMean`: the first value initialises the mean (an
 * explicit flag, so a mean of exactly 0 is not re-initialised), later ones blend in with
 * weight λ.
 */
class EwmaSample {
  ewma = 0;
  ibc = 1;
  initialized = false;

  update(
    x: number,
    lambda: number,
    oneMinusLambda: number,
    lambdaSquared: number,
    oneMinusSquared: number,
  ): void {
    this.ewma = this.initialized ? lambda * x + oneMinusLambda * this.ewma : x;
    this.initialized = true;
    this.ibc = lambdaSquared + oneMinusSquared * this.ibc;
  }

  copyFrom(other: EwmaSample): void {
    this.ewma = other.ewma;
    this.ibc = other.ibc;
    this.initialized = other.initialized;
  }

  clear(): void {
    this.ewma = 0;
    this.ibc = 1;
    this.initialized = false;
  }

  state(): EwmaSampleState {
    return { ewma: this.ewma, ibc: this.ibc, initialized: this.initialized };
  }

  restore(state: EwmaSampleState): void {
    this.ewma = state.ewma;
    this.ibc = state.ibc;
    this.initialized = state.initialized;
  }
}

function resolveOptions(options: HddmWOptions): Required<HddmWOptions> {
  const option = (name: keyof HddmWOptions, fallback: unknown) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  return {
    driftConfidence: realOption(option('driftConfidence', 0.001), 0, 1, 'both'),
    warningConfidence: realOption(option('warningConfidence', 0.005), 0, 1, 'both'),
    lambda: realOption(option('lambda', 0.05), 0, 1),
    twoSidedTest: booleanOption(option('twoSidedTest', false)),
  };
}

/** McDiarmid-bound tests on EWMAs before and after the best cut point. */
class HddmWDetector implements HddmW {
  readonly kind = 'hddm-w' as const;
  readonly options: Readonly<Required<HddmWOptions>>;
  driftDetected = false;
  warningDetected = false;
  private readonly overall = new EwmaSample();
  private readonly increaseBefore = new EwmaSample();
  private readonly increaseAfter = new EwmaSample();
  private readonly decreaseBefore = new EwmaSample();
  private readonly decreaseAfter = new EwmaSample();
  private increaseCutpoint = Number.POSITIVE_INFINITY;
  private decreaseCutpoint = Number.NEGATIVE_INFINITY;
  private readonly oneMinusLambda: number;
  private readonly lambdaSquared: number;
  private readonly oneMinusSquared: number;
  private readonly logInverseDrift: number;
  private readonly logInverseWarning: number;

  constructor(options: HddmWOptions) {
    this.options = Object.freeze(resolveOptions(options));
    const { lambda } = this.options;
    this.oneMinusLambda = 1 - lambda;
    this.lambdaSquared = lambda * lambda;
    this.oneMinusSquared = (1 - lambda) * (1 - lambda);
    this.logInverseDrift = Math.log(1 / this.options.driftConfidence);
    this.logInverseWarning = Math.log(1 / this.options.warningConfidence);
  }

  get estimation(): number {
    return this.overall.ewma;
  }

  update(x: number | boolean): this {
    const value = errorInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.updateSample(this.overall, value);

    const cutBound = this.bound(this.overall.ibc, this.logInverseDrift);
    if (this.overall.ewma + cutBound < this.increaseCutpoint) {
      this.increaseCutpoint = this.overall.ewma + cutBound;
      this.increaseBefore.copyFrom(this.overall);
      this.increaseAfter.clear();
    } else {
      this.updateSample(this.increaseAfter, value);
    }

    if (this.changed(this.increaseBefore, this.increaseAfter, this.logInverseDrift)) {
      this.warningDetected = false;
      this.driftDetected = true;
    } else {
      this.warningDetected = this.changed(
        this.increaseBefore,
        this.increaseAfter,
        this.logInverseWarning,
      );
      this.driftDetected = false;
    }

    if (this.overall.ewma - cutBound > this.decreaseCutpoint) {
      this.decreaseCutpoint = this.overall.ewma - cutBound;
      this.decreaseBefore.copyFrom(this.overall);
      this.decreaseAfter.clear();
    } else {
      this.updateSample(this.decreaseAfter, value);
    }

    if (this.options.twoSidedTest) {
      if (this.changed(this.decreaseAfter, this.decreaseBefore, this.logInverseDrift)) {
        this.driftDetected = true;
      } else if (this.changed(this.decreaseAfter, this.decreaseBefore, this.logInverseWarning)) {
        this.warningDetected = true;
      }
    }
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.warningDetected = false;
    this.overall.clear();
    this.increaseBefore.clear();
    this.increaseAfter.clear();
    this.decreaseBefore.clear();
    this.decreaseAfter.clear();
    this.increaseCutpoint = Number.POSITIVE_INFINITY;
    this.decreaseCutpoint = Number.NEGATIVE_INFINITY;
  }

  snapshot(): HddmWSnapshot {
    return {
      kind: 'hddm-w',
      version: 1,
      options: { ...this.options },
      state: {
        overall: this.overall.state(),
        increaseBefore: this.increaseBefore.state(),
        increaseAfter: this.increaseAfter.state(),
        decreaseBefore: this.decreaseBefore.state(),
        decreaseAfter: this.decreaseAfter.state(),
        increaseCutpoint: Number.isFinite(this.increaseCutpoint) ? this.increaseCutpoint : null,
        decreaseCutpoint: Number.isFinite(this.decreaseCutpoint) ? this.decreaseCutpoint : null,
        driftDetected: this.driftDetected,
        warningDetected: this.warningDetected,
      },
    };
  }

  static fromSnapshot(snapshot: HddmWSnapshot): HddmWDetector {
    snapshotKind(NAME, 'hddm-w', snapshot.kind);
    const detector = new HddmWDetector(snapshot.options);
    const { state } = snapshot;
    detector.overall.restore(state.overall);
    detector.increaseBefore.restore(state.increaseBefore);
    detector.increaseAfter.restore(state.increaseAfter);
    detector.decreaseBefore.restore(state.decreaseBefore);
    detector.decreaseAfter.restore(state.decreaseAfter);
    detector.increaseCutpoint = state.increaseCutpoint ?? Number.POSITIVE_INFINITY;
    detector.decreaseCutpoint = state.decreaseCutpoint ?? Number.NEGATIVE_INFINITY;
    detector.driftDetected = state.driftDetected;
    detector.warningDetected = state.warningDetected;
    return detector;
  }

  private updateSample(sample: EwmaSample, value: number): void {
    sample.update(
      value,
      this.options.lambda,
      this.oneMinusLambda,
      this.lambdaSquared,
      this.oneMinusSquared,
    );
  }

  /** McDiarmid's bound sqrt(ibc · ln(1/confidence) / 2). */
  private bound(ibc: number, logInverseConfidence: number): number {
    return Math.sqrt((ibc * logInverseConfidence) / 2);
  }

  /** Whether `higher`'s EWMA exceeds `lower`'s by more than the bound on both samples. */
  private changed(lower: EwmaSample, higher: EwmaSample, logInverseConfidence: number): boolean {
    if (!(lower.initialized && higher.initialized)) return false;
    return higher.ewma - lower.ewma > this.bound(lower.ibc + higher.ibc, logInverseConfidence);
  }
}

/**
 * HDDM_W (Frías-Blanco et al. 2015, EWMA-based, McDiarmid bounds) for error streams or
 * values in [0, 1], identical to river 0.26's `drift.binary.HDDMW`. One-sided by default
 * (increases of the error rate); `twoSidedTest: true` also reports decreases.
 *
 * @example
 * ```ts
 * const detector = createHddmW({ lambda: 0.05 });
 * if (detector.update(isError).driftDetected) retrain();
 * ```
 */
export function createHddmW(options: HddmWOptions = {}): HddmW {
  return new HddmWDetector(options);
}

/** Rebuilds an HDDM_W from `detector.snapshot()`. */
export function restoreHddmW(snapshot: HddmWSnapshot): HddmW {
  return HddmWDetector.fromSnapshot(snapshot);
}
