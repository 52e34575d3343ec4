import type { DriftDetector, DriftDetectorSnapshot } from './types';
import { booleanOption, errorInput, realOption, snapshotKind } from './validation';

/** Options of HDDM_A; names and defaults are river's (`river.drift.binary.HDDMA`). */
export interface HddmAOptions {
  /** Confidence of the drift test, in (0, 1). Default 0.001. */
  driftConfidence?: number;
  /** Confidence of the warning test, in (0, 1). Default 0.005. */
  warningConfidence?: number;
  /** Also report decreases of the mean (one-sided: increases only). Default false. */
  twoSidedTest?: boolean;
}

/** A running mean as river's `stats.Mean` keeps it. */
export interface RunningMeanState {
  readonly n: number;
  readonly mean: number;
}

/** HDDM_A's state: the overall running mean and the two cut points. */
export interface HddmAState {
  readonly overall: RunningMeanState;
  /** The overall mean where mean + ε was lowest (river's `_x_min`). */
  readonly increaseCut: RunningMeanState;
  /** The overall mean where mean − ε was highest (river's `_x_max`). */
  readonly decreaseCut: RunningMeanState;
  readonly driftDetected: boolean;
  readonly warningDetected: boolean;
}

export type HddmASnapshot = DriftDetectorSnapshot<'hddm-a', Required<HddmAOptions>, HddmAState>;

/** HDDM_A. */
export interface HddmA extends DriftDetector<HddmASnapshot> {
  readonly kind: 'hddm-a';
  readonly options: Readonly<Required<HddmAOptions>>;
  /** Running mean of all inputs since the last reset. */
  readonly estimation: number;
  /** x is 1/true for an error, 0/false otherwise, or a value in [0, 1]. */
  update(x: number | boolean): this;
}

const NAME = 'HDDM_A';

function resolveOptions(options: HddmAOptions): Required<HddmAOptions> {
  const option = (name: keyof HddmAOptions, fallback: unknown) => ({
    detector: NAME,
    option: name,
    value: options[name] ?? fallback,
  });
  return {
    driftConfidence: realOption(option('driftConfidence', 0.001), 0, 1, 'both'),
    warningConfidence: realOption(option('warningConfidence', 0.005), 0, 1, 'both'),
    twoSidedTest: booleanOption(option('twoSidedTest', false)),
  };
}

/**
 * Hoeffding-bound tests on cut points of the running mean. river computes the log terms
 * afresh on every update; they are constants, so they are computed once here (same
 * values, same rounding).
 */
class HddmADetector implements HddmA {
  readonly kind = 'hddm-a' as const;
  readonly options: Readonly<Required<HddmAOptions>>;
  driftDetected = false;
  warningDetected = false;
  private overallN = 0;
  private overallMean = 0;
  private increaseN = 0;
  private increaseMean = 0;
  private decreaseN = 0;
  private decreaseMean = 0;
  /** ln(1/δ_drift), in the Hoeffding bound of the cut points. */
  private readonly logInverseDrift: number;
  private readonly logTwoOverDrift: number;
  private readonly logTwoOverWarning: number;

  constructor(options: HddmAOptions) {
    this.options = Object.freeze(resolveOptions(options));
    this.logInverseDrift = Math.log(1 / this.options.driftConfidence);
    this.logTwoOverDrift = Math.log(2 / this.options.driftConfidence);
    this.logTwoOverWarning = Math.log(2 / this.options.warningConfidence);
  }

  get estimation(): number {
    return this.overallMean;
  }

  update(x: number | boolean): this {
    const value = errorInput(NAME, x);
    if (this.driftDetected) this.reset();
    this.overallN += 1;
    this.overallMean += (1 / this.overallN) * (value - this.overallMean);
    if (this.increaseN === 0) this.cutIncrease();
    if (this.decreaseN === 0) this.cutDecrease();

    const boundOverall = this.hoeffdingBound(this.overallN);
    if (
      this.increaseMean + this.hoeffdingBound(this.increaseN) >=
      this.overallMean + boundOverall
    ) {
      this.cutIncrease();
    }
    if (
      this.decreaseMean - this.hoeffdingBound(this.decreaseN) <=
      this.overallMean - boundOverall
    ) {
      this.cutDecrease();
    }

    if (this.meanIncreased(this.logTwoOverDrift)) {
      this.warningDetected = false;
      this.driftDetected = true;
    } else {
      this.warningDetected = this.meanIncreased(this.logTwoOverWarning);
      this.driftDetected = false;
    }
    if (this.options.twoSidedTest) {
      if (this.meanDecreased(this.logTwoOverDrift)) this.driftDetected = true;
      else if (this.meanDecreased(this.logTwoOverWarning)) this.warningDetected = true;
    }
    return this;
  }

  reset(): void {
    this.driftDetected = false;
    this.warningDetected = false;
    this.overallN = 0;
    this.overallMean = 0;
    this.increaseN = 0;
    this.increaseMean = 0;
    this.decreaseN = 0;
    this.decreaseMean = 0;
  }

  snapshot(): HddmASnapshot {
    return {
      kind: 'hddm-a',
      version: 1,
      options: { ...this.options },
      state: {
        overall: { n: this.overallN, mean: this.overallMean },
        increaseCut: { n: this.increaseN, mean: this.increaseMean },
        decreaseCut: { n: this.decreaseN, mean: this.decreaseMean },
        driftDetected: this.driftDetected,
        warningDetected: this.warningDetected,
      },
    };
  }

  static fromSnapshot(snapshot: HddmASnapshot): HddmADetector {
    snapshotKind(NAME, 'hddm-a', snapshot.kind);
    const detector = new HddmADetector(snapshot.options);
    const { state } = snapshot;
    detector.overallN = state.overall.n;
    detector.overallMean = state.overall.mean;
    detector.increaseN = state.increaseCut.n;
    detector.increaseMean = state.increaseCut.mean;
    detector.decreaseN = state.decreaseCut.n;
    detector.decreaseMean = state.decreaseCut.mean;
    detector.driftDetected = state.driftDetected;
    detector.warningDetected = state.warningDetected;
    return detector;
  }

  private hoeffdingBound(n: number): number {
    return Math.sqrt((1 / (2 * n)) * this.logInverseDrift);
  }

  private cutIncrease(): void {
    this.increaseN = this.overallN;
    this.increaseMean = this.overallMean;
  }

  private cutDecrease(): void {
    this.decreaseN = this.overallN;
    this.decreaseMean = this.overallMean;
  }

  private meanIncreased(logTwoOverConfidence: number): boolean {
    if (this.increaseN === this.overallN) return false;
    const m = ((this.overallN - this.increaseN) / this.increaseN) * (1 / this.overallN);
    const epsilon = Math.sqrt((m / 2) * logTwoOverConfidence);
    return this.overallMean - this.increaseMean >= epsilon;
  }

  private meanDecreased(logTwoOverConfidence: number): boolean {
    if (this.decreaseN === this.overallN) return false;
    const m = ((this.overallN - this.decreaseN) / this.decreaseN) * (1 / this.overallN);
    const epsilon = Math.sqrt((m / 2) * logTwoOverConfidence);
    return this.decreaseMean - this.overallMean >= epsilon;
  }
}

/**
 * HDDM_A (Frías-Blanco et al. 2015, average-based, Hoeffding bounds) for error streams or
 * values in [0, 1], identical to river 0.26's `drift.binary.HDDMA`. One-sided by default
 * (increases of the error rate); `twoSidedTest: true` also reports decreases.
 *
 * @example
 * ```ts
 * const detector = createHddmA({ twoSidedTest: true });
 * if (detector.update(isError).driftDetected) retrain();
 * ```
 */
export function createHddmA(options: HddmAOptions = {}): HddmA {
  return new HddmADetector(options);
}

/** Rebuilds an HDDM_A from `detector.snapshot()`. */
export function restoreHddmA(snapshot: HddmASnapshot): HddmA {
  return HddmADetector.fromSnapshot(snapshot);
}
